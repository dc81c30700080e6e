-- Inbound mail: mailboxes (IMAP, the raw-MIME webhook, `portico mail ingest`), the
-- conversations their messages form, the messages themselves (the raw message kept as a
-- blob), and what bounces and complaints say about addresses. The outbox gains what a
-- reply in a conversation needs.

CREATE TABLE mailboxes (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    from_name TEXT NOT NULL DEFAULT '',
    consumer TEXT NOT NULL,
    imap_host TEXT NOT NULL DEFAULT '',
    imap_port BIGINT NOT NULL DEFAULT 993,
    imap_security TEXT NOT NULL DEFAULT 'tls',
    imap_username TEXT NOT NULL DEFAULT '',
    imap_password TEXT NOT NULL DEFAULT '',
    imap_folder TEXT NOT NULL DEFAULT 'INBOX',
    poll_seconds BIGINT NOT NULL DEFAULT 600,
    webhook_secret TEXT NOT NULL,
    acknowledge BIGINT NOT NULL DEFAULT 0,
    active BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX mailboxes_address ON mailboxes(workspace_id, address);

-- Where the poller of a mailbox stands: belongs to the install that polls.
CREATE TABLE mailbox_state (
    mailbox_id TEXT PRIMARY KEY REFERENCES mailboxes(id),
    status TEXT NOT NULL DEFAULT 'waiting',
    reason TEXT,
    detail TEXT,
    failures BIGINT NOT NULL DEFAULT 0,
    idle BIGINT NOT NULL DEFAULT 0,
    uid_validity BIGINT,
    last_uid BIGINT NOT NULL DEFAULT 0,
    fetched BIGINT NOT NULL DEFAULT 0,
    last_ok_at BIGINT,
    last_attempt_at BIGINT,
    next_attempt_at BIGINT,
    lease_owner TEXT,
    lease_until BIGINT
);

CREATE TABLE mail_threads (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    mailbox_id TEXT NOT NULL REFERENCES mailboxes(id),
    token TEXT NOT NULL,
    subject TEXT NOT NULL,
    record_kind TEXT,
    record_id TEXT,
    messages BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    last_message_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX mail_threads_token ON mail_threads(workspace_id, token);
CREATE INDEX mail_threads_record ON mail_threads(workspace_id, record_kind, record_id);

-- status: filed (its consumer took it) | kept (automatic mail, nothing to file) |
-- unreadable (kept raw with the reason) | failed (its consumer failed; retried).
-- The raw message, as received, is in `raw` (added per dialect by the next migration).
CREATE TABLE mail_messages (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    mailbox_id TEXT NOT NULL REFERENCES mailboxes(id),
    thread_id TEXT REFERENCES mail_threads(id),
    message_id TEXT,
    in_reply_to TEXT,
    references_hdr TEXT,
    from_addr TEXT NOT NULL DEFAULT '',
    from_name TEXT NOT NULL DEFAULT '',
    to_addrs TEXT NOT NULL DEFAULT '',
    cc_addrs TEXT NOT NULL DEFAULT '',
    reply_to TEXT,
    subject TEXT NOT NULL DEFAULT '',
    sent_at BIGINT,
    received_at BIGINT NOT NULL,
    text_body TEXT NOT NULL DEFAULT '',
    html_body TEXT,
    reply_text TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'normal',
    kind_reason TEXT NOT NULL DEFAULT '',
    thread_reason TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    status_detail TEXT NOT NULL DEFAULT '',
    record_kind TEXT,
    record_id TEXT,
    forwarded_from TEXT,
    raw_size BIGINT NOT NULL,
    source TEXT NOT NULL,
    uid_validity BIGINT,
    imap_uid BIGINT
);
CREATE UNIQUE INDEX mail_messages_message_id ON mail_messages(mailbox_id, message_id);
CREATE UNIQUE INDEX mail_messages_uid ON mail_messages(mailbox_id, uid_validity, imap_uid);
CREATE INDEX mail_messages_mailbox ON mail_messages(workspace_id, mailbox_id, id);
CREATE INDEX mail_messages_thread ON mail_messages(thread_id, id);
CREATE INDEX mail_messages_sender ON mail_messages(workspace_id, from_addr);

CREATE TABLE mail_attachments (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    message_id TEXT NOT NULL REFERENCES mail_messages(id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    content_id TEXT,
    inline BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX mail_attachments_message ON mail_attachments(message_id);

-- What bounces and complaints said about an address, and when it last got an automatic
-- answer (at most one an hour: no ping-pong with another robot).
CREATE TABLE mail_addresses (
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    address TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'ok',
    reason TEXT NOT NULL DEFAULT '',
    status_at BIGINT,
    last_auto_answer_at BIGINT,
    PRIMARY KEY (workspace_id, address)
);

ALTER TABLE outbound_emails ADD COLUMN mailbox_id TEXT REFERENCES mailboxes(id);
ALTER TABLE outbound_emails ADD COLUMN thread_id TEXT REFERENCES mail_threads(id);
ALTER TABLE outbound_emails ADD COLUMN cc_addrs TEXT NOT NULL DEFAULT '';
ALTER TABLE outbound_emails ADD COLUMN bcc_addrs TEXT NOT NULL DEFAULT '';
ALTER TABLE outbound_emails ADD COLUMN reply_to TEXT;
ALTER TABLE outbound_emails ADD COLUMN automatic BIGINT NOT NULL DEFAULT 0;
CREATE INDEX outbound_emails_thread ON outbound_emails(thread_id);

CREATE TABLE outbound_attachments (
    id TEXT PRIMARY KEY,
    workspace_id TEXT REFERENCES workspaces(id),
    email_id TEXT NOT NULL REFERENCES outbound_emails(id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL
);
CREATE INDEX outbound_attachments_email ON outbound_attachments(email_id);
