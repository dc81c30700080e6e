-- The Zendesk-shaped API names records by integers: tickets by their number, everyone and
-- everything else by a number given here on first use, per workspace.
CREATE TABLE desk_api_ids (
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    number BIGINT NOT NULL,
    kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    PRIMARY KEY (workspace_id, number)
);
CREATE UNIQUE INDEX desk_api_ids_record ON desk_api_ids(workspace_id, record_id);
ALTER TABLE desk_counters ADD COLUMN last_api_id BIGINT NOT NULL DEFAULT 0;
-- Incremental exports read tickets in the order they changed.
CREATE INDEX desk_tickets_updated ON desk_tickets(workspace_id, updated_at, id);
