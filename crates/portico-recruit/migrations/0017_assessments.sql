-- The assessment platforms (tests of skills, languages, personality) a workspace takes
-- results from: each signs what it posts with its own secret.
CREATE TABLE recruit_assessment_providers (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    name TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX recruit_assessment_providers_secret ON recruit_assessment_providers(secret);

-- Their results for applications: one per provider, application and test (a result sent
-- again updates it). `score` is a percentage; `grade` what the provider calls the result.
CREATE TABLE recruit_assessments (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    application_id TEXT NOT NULL REFERENCES recruit_applications(id),
    provider_id TEXT NOT NULL REFERENCES recruit_assessment_providers(id),
    test TEXT NOT NULL,
    status TEXT NOT NULL,
    score BIGINT,
    grade TEXT NOT NULL,
    summary TEXT NOT NULL,
    report_url TEXT NOT NULL,
    completed_at BIGINT,
    received_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX recruit_assessments_once ON recruit_assessments(provider_id, application_id, test);
CREATE INDEX recruit_assessments_application ON recruit_assessments(workspace_id, application_id);
