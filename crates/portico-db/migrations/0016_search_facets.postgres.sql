-- Facet words of each search document (unit, type, dates, numbers: see portico-search's
-- facets.rs), GIN-indexed so filters intersect with the text match in the index.
ALTER TABLE search_docs ADD COLUMN facets TEXT[] NOT NULL DEFAULT '{}';
CREATE INDEX search_docs_facets ON search_docs USING GIN (facets);
-- Documents written before carry none: every workspace is re-indexed by a job queued here.
INSERT INTO jobs (id, workspace_id, kind, payload, run_at, created_at)
SELECT 'search-facets-' || id, id, 'search.reindex', '{"workspace_id":"' || id || '"}', 0, 0 FROM workspaces;
