-- An address is unique per workspace, not per install: one person may belong to several
-- workspaces, and a workspace can be imported beside another that shares people.
CREATE TABLE users_new (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    password_hash TEXT,
    locale TEXT,
    time_zone TEXT NOT NULL DEFAULT 'Europe/Paris',
    status TEXT NOT NULL DEFAULT 'active',
    created_at BIGINT NOT NULL,
    last_login_at BIGINT,
    UNIQUE (workspace_id, email)
);
INSERT INTO users_new (id, workspace_id, email, name, password_hash, locale, time_zone, status, created_at, last_login_at)
    SELECT id, workspace_id, email, name, password_hash, locale, time_zone, status, created_at, last_login_at FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
CREATE INDEX users_workspace ON users(workspace_id, id);
CREATE INDEX users_email ON users(email);
