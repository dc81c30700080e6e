-- The log of signed inbound endpoints (raw MIME, postbacks, store webhooks…): every request
-- with its outcome, so admins see why a sender is refused. outcome: accepted | duplicate |
-- unsigned | bad_signature | stale | rate_limited | invalid | failed
CREATE TABLE inbound_requests (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    endpoint TEXT NOT NULL,
    target_id TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    remote_addr TEXT NOT NULL DEFAULT '',
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    headers TEXT NOT NULL,
    body TEXT NOT NULL,
    body_size BIGINT NOT NULL,
    idempotency_key TEXT,
    outcome TEXT NOT NULL,
    status_code BIGINT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX inbound_requests_list ON inbound_requests(workspace_id, endpoint, id);
CREATE INDEX inbound_requests_key ON inbound_requests(workspace_id, endpoint, idempotency_key);
CREATE INDEX inbound_requests_age ON inbound_requests(received_at);
