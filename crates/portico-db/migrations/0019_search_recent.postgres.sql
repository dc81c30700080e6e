-- Searches rank a query's most recent matches: on PostgreSQL they are found by walking
-- this index backwards (ids are time-ordered).
CREATE INDEX search_docs_recent ON search_docs (workspace_id, record_id DESC);
