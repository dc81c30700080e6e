-- A recruiter's saved searches of the candidates (words, tag, unit) and whether new matches
-- are sent to them; checked_at is when new matches were last looked for.
CREATE TABLE recruit_saved_searches (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    q TEXT NOT NULL,
    tag TEXT NOT NULL,
    unit_id TEXT REFERENCES units(id),
    alert BIGINT NOT NULL,
    checked_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX recruit_saved_searches_user ON recruit_saved_searches(workspace_id, user_id);
