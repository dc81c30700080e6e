-- Each document's vector also names its stretch of 65,536 documents in `seq` order (the word
-- 'f0r' || seq >> 16, of weight D like the facet words, so it never ranks): a filtered search
-- asks GIN for its matches among the newest stretches first and reads from the table only
-- those, not every match of the workspace (ADR 21). The vector is made again, and its index.
ALTER TABLE search_docs DROP COLUMN tsv;
ALTER TABLE search_docs ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', title_norm), 'A') || setweight(to_tsvector('simple', body), 'B')
        || setweight(array_to_tsvector(facets || ('f0r' || (seq >> 16))), 'D')
) STORED;
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);
