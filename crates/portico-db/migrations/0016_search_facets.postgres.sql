-- Facet words of each search document (unit, type, dates, numbers: see portico-search's
-- facets.rs), GIN-indexed so filters intersect with the text match in the index.
-- Documents written before carry none until the workspace is re-indexed.
ALTER TABLE search_docs ADD COLUMN facets TEXT[] NOT NULL DEFAULT '{}';
CREATE INDEX search_docs_facets ON search_docs USING GIN (facets);
