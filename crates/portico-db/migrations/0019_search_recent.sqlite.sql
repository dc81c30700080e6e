-- Prefixes of two, three and four letters get doclists of their own, so a short word typed
-- (each word is searched as a prefix) reads one list instead of merging those of every
-- word it starts. FTS5 options are fixed at creation: the table is made again and every
-- workspace re-indexed by a job queued here (search_docs keeps its rows and rowids).
DROP TABLE search_fts;
CREATE VIRTUAL TABLE search_fts USING fts5(title, body, scope, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4');
INSERT INTO jobs (id, workspace_id, kind, payload, run_at, created_at)
SELECT 'search-prefixes-' || id, id, 'search.reindex', '{"workspace_id":"' || id || '"}', 0, 0 FROM workspaces;
