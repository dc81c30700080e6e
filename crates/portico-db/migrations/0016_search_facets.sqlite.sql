-- On SQLite facet words join the FTS `scope` column: no new column. Documents written
-- before carry none: every workspace is re-indexed by a job queued here.
INSERT INTO jobs (id, workspace_id, kind, payload, run_at, created_at)
SELECT 'search-facets-' || id, id, 'search.reindex', '{"workspace_id":"' || id || '"}', 0, 0 FROM workspaces;
