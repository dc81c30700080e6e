-- Senders whose mail waits in the suspended queue instead of reaching a module: an address,
-- or a whole domain written as `@example.com`.
CREATE TABLE blocked_senders (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    pattern TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX blocked_senders_pattern ON blocked_senders(workspace_id, pattern);
