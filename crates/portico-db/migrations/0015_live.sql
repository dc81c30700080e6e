-- Who is on which record now (presence), and each person's notifications with how they
-- want to hear of them by e-mail.
CREATE TABLE presence (
    topic TEXT NOT NULL,
    user_id TEXT NOT NULL,
    workspace_id TEXT NOT NULL,
    name TEXT NOT NULL,
    seen_at BIGINT NOT NULL,
    PRIMARY KEY (topic, user_id)
);

CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '',
    record_kind TEXT,
    record_id TEXT,
    read_at BIGINT,
    emailed_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX notifications_user ON notifications(user_id, read_at, id);

CREATE TABLE notification_prefs (
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    email TEXT NOT NULL,
    PRIMARY KEY (user_id, kind)
);
