-- What a stage e-mails the candidate who reaches it: a template of the workspace's
-- candidate e-mail library (empty: nothing), after a delay, sent by itself or once someone
-- reviewed it.
ALTER TABLE recruit_stages ADD COLUMN mail_template TEXT NOT NULL DEFAULT '';
ALTER TABLE recruit_stages ADD COLUMN mail_delay_minutes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE recruit_stages ADD COLUMN mail_review BIGINT NOT NULL DEFAULT 0;

-- Each e-mail a stage scheduled: waiting (for its time), review (for someone to send or
-- skip it), sent, skipped, or cancelled (the application left the stage first).
CREATE TABLE recruit_stage_emails (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    application_id TEXT NOT NULL REFERENCES recruit_applications(id),
    stage_id TEXT NOT NULL,
    template_key TEXT NOT NULL,
    status TEXT NOT NULL,
    due_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    decided_at BIGINT,
    decided_by TEXT NOT NULL DEFAULT '',
    email_id TEXT
);
CREATE INDEX recruit_stage_emails_application ON recruit_stage_emails(workspace_id, application_id);
CREATE INDEX recruit_stage_emails_status ON recruit_stage_emails(workspace_id, status, unit_id);

-- The people who follow a job (its hiring team): told of new applications and moves.
CREATE TABLE recruit_job_followers (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    job_id TEXT NOT NULL REFERENCES recruit_jobs(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX recruit_job_followers_once ON recruit_job_followers(job_id, user_id);
CREATE INDEX recruit_job_followers_user ON recruit_job_followers(user_id);
