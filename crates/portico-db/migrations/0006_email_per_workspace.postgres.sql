-- An address is unique per workspace, not per install: one person may belong to several
-- workspaces, and a workspace can be imported beside another that shares people.
ALTER TABLE users DROP CONSTRAINT users_email_key;
ALTER TABLE users ADD CONSTRAINT users_workspace_email UNIQUE (workspace_id, email);
CREATE INDEX users_email ON users(email);
