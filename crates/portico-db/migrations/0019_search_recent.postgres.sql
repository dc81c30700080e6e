-- PostgreSQL needs no prefix index (prefix queries read the GIN index's ordered terms), but
-- search first looks among the most recently written documents: `seq` orders them.
ALTER TABLE search_docs ADD COLUMN seq BIGINT GENERATED ALWAYS AS IDENTITY;
CREATE INDEX search_docs_recent ON search_docs (workspace_id, seq DESC);
