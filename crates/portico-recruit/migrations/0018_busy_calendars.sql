-- The calendar a person publishes to Portico (a secret iCal address) and the busy times
-- read from it, as JSON [[start, end], …] in microseconds, for planning interviews.
CREATE TABLE recruit_busy_calendars (
    user_id TEXT PRIMARY KEY REFERENCES users(id),
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    url TEXT NOT NULL,
    zone TEXT NOT NULL,
    busy TEXT NOT NULL,
    busy_count BIGINT NOT NULL,
    read_at BIGINT,
    error TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX recruit_busy_calendars_workspace ON recruit_busy_calendars(workspace_id);
