-- A stage's interview kit: the criteria its scorecards rate and the questions to ask, one
-- per line.
ALTER TABLE recruit_stages ADD COLUMN kit_criteria TEXT NOT NULL DEFAULT '';
ALTER TABLE recruit_stages ADD COLUMN kit_questions TEXT NOT NULL DEFAULT '';

-- A reviewer's scorecard of an application at a stage: each criterion rated 1 to 5 (JSON
-- object), an overall recommendation and notes. One per reviewer and stage; sent again, it
-- is replaced.
CREATE TABLE recruit_scorecards (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    application_id TEXT NOT NULL REFERENCES recruit_applications(id),
    stage_id TEXT NOT NULL,
    author_id TEXT NOT NULL REFERENCES users(id),
    author_label TEXT NOT NULL,
    recommendation TEXT NOT NULL,
    ratings TEXT NOT NULL,
    notes TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX recruit_scorecards_once ON recruit_scorecards(application_id, stage_id, author_id);
