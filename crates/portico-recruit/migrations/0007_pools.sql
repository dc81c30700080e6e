-- Talent pools: named lists of candidates kept for later (a unit's, like its jobs).
CREATE TABLE recruit_pools (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX recruit_pools_unit ON recruit_pools(workspace_id, unit_id, id);

CREATE TABLE recruit_pool_members (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    pool_id TEXT NOT NULL REFERENCES recruit_pools(id),
    candidate_id TEXT NOT NULL REFERENCES recruit_candidates(id),
    added_by TEXT NOT NULL,
    added_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX recruit_pool_members_once ON recruit_pool_members(pool_id, candidate_id);
CREATE INDEX recruit_pool_members_candidate ON recruit_pool_members(candidate_id);
