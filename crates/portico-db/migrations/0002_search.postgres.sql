-- Search on PostgreSQL: tsvector with the 'simple' configuration (no stemming:
-- one index serves French, Croatian and English); text arrives accent-folded.
CREATE TABLE search_docs (
    workspace_id TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id TEXT NOT NULL,
    unit_id TEXT,
    title TEXT NOT NULL,
    title_norm TEXT NOT NULL,
    body TEXT NOT NULL,
    tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title_norm), 'A') || setweight(to_tsvector('simple', body), 'B')
    ) STORED,
    PRIMARY KEY (workspace_id, record_type, record_id)
);
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);
