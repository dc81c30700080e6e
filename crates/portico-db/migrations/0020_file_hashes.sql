-- Rows by the file they refer to: whether a stored file is still referred to (before it is
-- removed after an erasure), and each file written once to an archive.
CREATE INDEX files_sha256 ON files(sha256);
CREATE INDEX mail_attachments_sha256 ON mail_attachments(sha256);
CREATE INDEX outbound_attachments_sha256 ON outbound_attachments(sha256);
