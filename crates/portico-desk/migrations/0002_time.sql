-- Time spent on tickets: manual entries, and a running timer (started_at set, minutes not yet).
CREATE TABLE desk_time_entries (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    ticket_id TEXT NOT NULL REFERENCES desk_tickets(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id),
    minutes BIGINT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    started_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX desk_time_entries_ticket ON desk_time_entries(ticket_id, created_at);
CREATE INDEX desk_time_entries_user ON desk_time_entries(workspace_id, user_id, started_at);
