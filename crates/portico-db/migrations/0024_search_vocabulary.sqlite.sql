-- The terms of the full-text index, read to write a long word as the few terms it starts
-- (ADR 20). A view of the index: nothing stored.
CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_fts, 'row');
