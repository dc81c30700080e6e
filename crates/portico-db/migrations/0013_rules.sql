-- Rules (their definition as JSON: trigger, conditions, actions), the moments time rules
-- already checked per record, and business-hours calendars.
CREATE TABLE rules (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    trigger_type TEXT NOT NULL,
    definition TEXT NOT NULL,
    active BIGINT NOT NULL DEFAULT 1,
    active_since BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX rules_kind ON rules(workspace_id, kind, active);

CREATE TABLE rule_marks (
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    rule_id TEXT NOT NULL REFERENCES rules(id),
    record_id TEXT NOT NULL,
    moment BIGINT NOT NULL,
    marked_at BIGINT NOT NULL,
    PRIMARY KEY (rule_id, record_id, moment)
);

CREATE TABLE calendars (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    name TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    hours TEXT NOT NULL,
    holidays TEXT NOT NULL DEFAULT '[]',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
