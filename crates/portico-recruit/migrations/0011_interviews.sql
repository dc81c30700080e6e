-- Interviews of an application: proposed (times offered, the candidate picks one), then
-- scheduled, or cancelled. `sequence` is the iCalendar SEQUENCE of its invitations.
CREATE TABLE recruit_interviews (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    application_id TEXT NOT NULL REFERENCES recruit_applications(id),
    title TEXT NOT NULL,
    location TEXT NOT NULL,
    duration_minutes BIGINT NOT NULL,
    time_zone TEXT NOT NULL,
    status TEXT NOT NULL,
    starts_at BIGINT,
    sequence BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX recruit_interviews_application ON recruit_interviews(workspace_id, application_id);
CREATE INDEX recruit_interviews_starts ON recruit_interviews(workspace_id, status, starts_at);

-- The times offered to the candidate of a proposed interview.
CREATE TABLE recruit_interview_slots (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    interview_id TEXT NOT NULL REFERENCES recruit_interviews(id),
    starts_at BIGINT NOT NULL
);
CREATE INDEX recruit_interview_slots_interview ON recruit_interview_slots(interview_id);

-- Who interviews.
CREATE TABLE recruit_interviewers (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    interview_id TEXT NOT NULL REFERENCES recruit_interviews(id),
    user_id TEXT NOT NULL REFERENCES users(id)
);
CREATE UNIQUE INDEX recruit_interviewers_once ON recruit_interviewers(interview_id, user_id);
CREATE INDEX recruit_interviewers_user ON recruit_interviewers(user_id);

-- A person's calendar feed of their interviews: the hash of the secret in its address.
CREATE TABLE recruit_calendar_feeds (
    user_id TEXT PRIMARY KEY REFERENCES users(id),
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    token_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX recruit_calendar_feeds_token ON recruit_calendar_feeds(token_hash);
