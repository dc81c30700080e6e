-- People outside the staff: candidates, customers, partners. Each belongs to a unit; an
-- e-mail address, when there is one, names one contact per workspace.
CREATE TABLE contacts (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    name TEXT NOT NULL,
    email TEXT,
    phone TEXT NOT NULL DEFAULT '',
    company TEXT NOT NULL DEFAULT '',
    locale TEXT NOT NULL DEFAULT 'en',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX contacts_email ON contacts(workspace_id, email);
CREATE INDEX contacts_unit ON contacts(workspace_id, unit_id, id);
