-- Facet words of each search document (unit, type, dates, numbers: see portico-search's
-- facets.rs), kept as an array and made part of the tsvector (weight D), so the one GIN
-- index answers words and filters together.
ALTER TABLE search_docs ADD COLUMN facets TEXT[] NOT NULL DEFAULT '{}';
ALTER TABLE search_docs DROP COLUMN tsv;
ALTER TABLE search_docs ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', title_norm), 'A') || setweight(to_tsvector('simple', body), 'B')
        || setweight(array_to_tsvector(facets), 'D')
) STORED;
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);
-- Documents written before carry none: every workspace is re-indexed by a job queued here.
INSERT INTO jobs (id, workspace_id, kind, payload, run_at, created_at)
SELECT 'search-facets-' || id, id, 'search.reindex', '{"workspace_id":"' || id || '"}', 0, 0 FROM workspaces;
