-- Requisitions: a unit asks to hire (headcount, budget, why); a named approver agrees before
-- the jobs it covers can open; hires on those jobs fill it.
CREATE TABLE recruit_requisitions (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    title TEXT NOT NULL,
    headcount BIGINT NOT NULL,
    budget BIGINT,
    budget_currency TEXT NOT NULL,
    reason TEXT NOT NULL,
    approver_id TEXT NOT NULL REFERENCES users(id),
    status TEXT NOT NULL,
    decision_note TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    decided_at BIGINT
);
CREATE INDEX recruit_requisitions_unit ON recruit_requisitions(workspace_id, unit_id, id);
ALTER TABLE recruit_jobs ADD COLUMN requisition_id TEXT REFERENCES recruit_requisitions(id);
