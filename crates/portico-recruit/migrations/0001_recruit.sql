-- Recruit: jobs with their own pipeline of stages, candidates (the recruiting profile of a
-- contact: the person is the contact), their applications to jobs with every move between
-- stages, the documents they sent (CVs) and the hiring team's comments. Records live in the
-- unit of their job (a franchise, a brand); a candidate in the unit they first applied to.
CREATE TABLE recruit_jobs (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    title TEXT NOT NULL,
    department TEXT NOT NULL,
    location TEXT NOT NULL,
    -- onsite, hybrid or remote
    workplace TEXT NOT NULL,
    -- permanent, fixed_term, internship, apprenticeship, freelance, temporary
    contract TEXT NOT NULL,
    salary_min BIGINT,
    salary_max BIGINT,
    salary_currency TEXT NOT NULL,
    -- year, month or hour
    salary_period TEXT NOT NULL,
    -- sanitized HTML
    description TEXT NOT NULL,
    -- draft, open, paused, closed
    status TEXT NOT NULL,
    locale TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    opened_at BIGINT,
    closed_at BIGINT
);
CREATE INDEX recruit_jobs_unit ON recruit_jobs(workspace_id, unit_id, id);
CREATE INDEX recruit_jobs_status ON recruit_jobs(workspace_id, status, id);

-- A job's pipeline, in order. `category` is what reports count by (new, screen, interview,
-- offer, hired, rejected); `name` is what the team calls the stage.
CREATE TABLE recruit_stages (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    job_id TEXT NOT NULL REFERENCES recruit_jobs(id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    category TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX recruit_stages_job ON recruit_stages(job_id, position);

CREATE TABLE recruit_candidates (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    contact_id TEXT NOT NULL REFERENCES contacts(id),
    headline TEXT NOT NULL,
    location TEXT NOT NULL,
    links TEXT NOT NULL,
    skills TEXT NOT NULL,
    -- until when the candidate agreed to be kept (their data is erased after)
    consent_until BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX recruit_candidates_contact ON recruit_candidates(workspace_id, contact_id);
CREATE INDEX recruit_candidates_unit ON recruit_candidates(workspace_id, unit_id, id);

CREATE TABLE recruit_applications (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    job_id TEXT NOT NULL REFERENCES recruit_jobs(id),
    candidate_id TEXT NOT NULL REFERENCES recruit_candidates(id),
    contact_id TEXT NOT NULL REFERENCES contacts(id),
    stage_id TEXT NOT NULL REFERENCES recruit_stages(id),
    -- active, rejected, hired, withdrawn
    status TEXT NOT NULL,
    reject_reason TEXT NOT NULL,
    -- where it came from: career_site, api, referral, a feed, a share link…
    source TEXT NOT NULL,
    source_detail TEXT NOT NULL,
    cover_letter TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    stage_changed_at BIGINT NOT NULL
);
-- One application per candidate and job: applying twice (a double click, a retry) finds it.
CREATE UNIQUE INDEX recruit_applications_once ON recruit_applications(job_id, candidate_id);
CREATE INDEX recruit_applications_job ON recruit_applications(workspace_id, job_id, stage_id);
CREATE INDEX recruit_applications_unit ON recruit_applications(workspace_id, unit_id, id);
CREATE INDEX recruit_applications_candidate ON recruit_applications(candidate_id);

-- Every move of an application between stages: its history, and time in stage for reports.
CREATE TABLE recruit_moves (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    application_id TEXT NOT NULL REFERENCES recruit_applications(id),
    from_stage_id TEXT REFERENCES recruit_stages(id),
    to_stage_id TEXT NOT NULL REFERENCES recruit_stages(id),
    actor_label TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX recruit_moves_application ON recruit_moves(application_id, at);

-- Files a candidate sent (a CV, a cover letter), with their text once read.
CREATE TABLE recruit_documents (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    candidate_id TEXT NOT NULL REFERENCES recruit_candidates(id),
    contact_id TEXT NOT NULL REFERENCES contacts(id),
    application_id TEXT REFERENCES recruit_applications(id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    -- pending, done, failed, none
    extraction TEXT NOT NULL,
    text TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX recruit_documents_candidate ON recruit_documents(candidate_id, created_at);
CREATE INDEX recruit_documents_sha ON recruit_documents(sha256);

-- The hiring team's comments on an application, with an optional 1–5 rating.
CREATE TABLE recruit_comments (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    application_id TEXT NOT NULL REFERENCES recruit_applications(id),
    author_id TEXT REFERENCES users(id),
    author_label TEXT NOT NULL,
    body TEXT NOT NULL,
    rating INTEGER,
    created_at BIGINT NOT NULL
);
CREATE INDEX recruit_comments_application ON recruit_comments(application_id, created_at);
