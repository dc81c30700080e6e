-- Other addresses of a contact: the e-mail of a duplicate merged into them. Finding a
-- contact by address looks here too, so the person is not made twice again.
CREATE TABLE contact_aliases (
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    email TEXT NOT NULL,
    contact_id TEXT NOT NULL REFERENCES contacts(id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, email)
);
CREATE INDEX contact_aliases_contact ON contact_aliases(contact_id);
