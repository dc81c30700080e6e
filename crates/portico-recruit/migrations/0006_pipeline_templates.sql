-- Pipelines a workspace starts its jobs with: named lists of stages (JSON: name, category).
CREATE TABLE recruit_pipeline_templates (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    name TEXT NOT NULL,
    stages TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX recruit_pipeline_templates_name ON recruit_pipeline_templates(workspace_id, name);
