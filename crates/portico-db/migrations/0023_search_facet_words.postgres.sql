-- The facet words again, as a small vector of their own in the row: a search reading the
-- newest documents checks its filters there first, and reads the large vector (stored
-- apart, several times dearer to read) only for the documents they keep (ADR 19).
ALTER TABLE search_docs ADD COLUMN facet_tsv tsvector GENERATED ALWAYS AS (array_to_tsvector(facets)) STORED;
