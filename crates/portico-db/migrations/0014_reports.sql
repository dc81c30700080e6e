-- Saved reports, and the roll-ups the core's reports read: write activity per hour, actor,
-- kind, action and unit; files per hour of upload, unit and type. Roll-ups count what is
-- already here, then every write keeps them current.
CREATE TABLE reports (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    name TEXT NOT NULL,
    definition TEXT NOT NULL,
    schedule TEXT NOT NULL DEFAULT 'none',
    recipients TEXT NOT NULL DEFAULT '[]',
    time_zone TEXT NOT NULL DEFAULT 'UTC',
    next_send_at BIGINT,
    last_sent_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX reports_unit ON reports(workspace_id, unit_id);
CREATE INDEX reports_due ON reports(next_send_at);

CREATE TABLE rollup_activity (
    workspace_id TEXT NOT NULL,
    at_hour BIGINT NOT NULL,
    unit_id TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    record_type TEXT NOT NULL,
    action TEXT NOT NULL,
    events BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, at_hour, unit_id, actor_id, record_type, action)
);
INSERT INTO rollup_activity (workspace_id, at_hour, unit_id, actor_id, record_type, action, events)
SELECT workspace_id, created_at / 3600000000, COALESCE(unit_id, ''), COALESCE(actor_id, ''), record_type, action, COUNT(*)
FROM audit_log GROUP BY workspace_id, created_at / 3600000000, COALESCE(unit_id, ''), COALESCE(actor_id, ''), record_type, action;

CREATE TABLE rollup_files (
    workspace_id TEXT NOT NULL,
    at_hour BIGINT NOT NULL,
    unit_id TEXT NOT NULL,
    content_type TEXT NOT NULL,
    files BIGINT NOT NULL,
    bytes BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, at_hour, unit_id, content_type)
);
INSERT INTO rollup_files (workspace_id, at_hour, unit_id, content_type, files, bytes)
SELECT workspace_id, created_at / 3600000000, unit_id, content_type, COUNT(*), SUM(size_bytes)
FROM files GROUP BY workspace_id, created_at / 3600000000, unit_id, content_type;
