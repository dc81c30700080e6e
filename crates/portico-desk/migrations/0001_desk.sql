-- Desk: groups of agents, tickets (numbered per workspace, as people quote them) and their
-- comments: public replies, internal notes, and what the requester wrote.
CREATE TABLE desk_groups (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX desk_groups_name ON desk_groups(workspace_id, unit_id, name);

CREATE TABLE desk_tickets (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    number BIGINT NOT NULL,
    subject TEXT NOT NULL,
    description TEXT NOT NULL,
    status TEXT NOT NULL,
    priority TEXT NOT NULL,
    ticket_type TEXT NOT NULL DEFAULT '',
    channel TEXT NOT NULL,
    requester_id TEXT NOT NULL REFERENCES contacts(id),
    group_id TEXT REFERENCES desk_groups(id),
    assignee_id TEXT REFERENCES users(id),
    tags TEXT NOT NULL DEFAULT '',
    thread_id TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    solved_at BIGINT
);
CREATE UNIQUE INDEX desk_tickets_number ON desk_tickets(workspace_id, number);
CREATE INDEX desk_tickets_status ON desk_tickets(workspace_id, status, id);
CREATE INDEX desk_tickets_assignee ON desk_tickets(workspace_id, assignee_id, status);
CREATE INDEX desk_tickets_requester ON desk_tickets(workspace_id, requester_id);

CREATE TABLE desk_comments (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    ticket_id TEXT NOT NULL REFERENCES desk_tickets(id) ON DELETE CASCADE,
    author_user_id TEXT REFERENCES users(id),
    author_contact_id TEXT REFERENCES contacts(id),
    public BIGINT NOT NULL,
    body TEXT NOT NULL,
    message_id TEXT,
    email_id TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX desk_comments_ticket ON desk_comments(ticket_id, created_at);

-- The last ticket number given in each workspace (the row is the lock numbers are taken under).
CREATE TABLE desk_counters (
    workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id),
    last_number BIGINT NOT NULL
);
