-- Search on SQLite: a row per indexed record, and an FTS5 table sharing its rowid.
-- Text is accent-folded in Rust before it gets here, so both databases match alike.
CREATE TABLE search_docs (
    rowid INTEGER PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id TEXT NOT NULL,
    unit_id TEXT,
    title TEXT NOT NULL,
    UNIQUE (workspace_id, record_type, record_id)
);
-- `scope` holds workspace and type as tokens so FTS itself narrows the match set.
CREATE VIRTUAL TABLE search_fts USING fts5(title, body, scope, tokenize = 'unicode61 remove_diacritics 2');
