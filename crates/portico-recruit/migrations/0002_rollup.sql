-- Recruit's numbers, per hour an application was received (its cohort), unit, source, stage
-- category and rejection reason: applications, how many reached each kind of stage, hires,
-- days to hire, rejections. Kept by a consumer of write events; made again from the records.
CREATE TABLE rollup_recruit (
    workspace_id TEXT NOT NULL,
    at_hour BIGINT NOT NULL,
    unit_id TEXT NOT NULL,
    source TEXT NOT NULL,
    category TEXT NOT NULL,
    reason TEXT NOT NULL,
    applications BIGINT NOT NULL DEFAULT 0,
    reached BIGINT NOT NULL DEFAULT 0,
    hires BIGINT NOT NULL DEFAULT 0,
    hire_days BIGINT NOT NULL DEFAULT 0,
    rejections BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (workspace_id, at_hour, unit_id, source, category, reason)
);
