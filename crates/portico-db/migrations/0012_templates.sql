-- Templates a workspace wrote: its own wording of Portico's messages, and libraries of
-- e-mails and canned texts the modules offer (one row per template and language).
CREATE TABLE templates (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    purpose TEXT NOT NULL,
    template_key TEXT NOT NULL,
    locale TEXT NOT NULL,
    name TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    updated_by TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX templates_key ON templates(workspace_id, purpose, template_key, locale);
