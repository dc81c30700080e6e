-- Files on tickets: uploaded first (the upload's token names them), then attached to the
-- comment that carries them (a public reply sends them by e-mail).
CREATE TABLE desk_attachments (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    comment_id TEXT REFERENCES desk_comments(id),
    token TEXT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by TEXT REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX desk_attachments_comment ON desk_attachments(comment_id);
CREATE INDEX desk_attachments_token ON desk_attachments(workspace_id, token);
