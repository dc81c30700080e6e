-- Each workspace's access version: bumped by every write that can change what someone may
-- do, so cached callers know when to reload.
CREATE TABLE access_versions (
    workspace_id TEXT PRIMARY KEY,
    version BIGINT NOT NULL
);
