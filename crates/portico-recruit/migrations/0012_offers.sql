-- Offers: what the candidate of an application is offered, approved by a named person before
-- it goes, then sent as a letter and accepted or declined. `letter` keeps the words sent.
CREATE TABLE recruit_offers (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    application_id TEXT NOT NULL REFERENCES recruit_applications(id),
    salary BIGINT,
    salary_currency TEXT NOT NULL,
    salary_period TEXT NOT NULL,
    start_date TEXT NOT NULL,
    terms TEXT NOT NULL,
    approver_id TEXT NOT NULL REFERENCES users(id),
    status TEXT NOT NULL,
    decision_note TEXT NOT NULL DEFAULT '',
    letter TEXT,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    decided_at BIGINT,
    sent_at BIGINT,
    answered_at BIGINT
);
CREATE INDEX recruit_offers_application ON recruit_offers(workspace_id, application_id);
CREATE INDEX recruit_offers_approver ON recruit_offers(approver_id, status);
