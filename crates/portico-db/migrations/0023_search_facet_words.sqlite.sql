-- Nothing on SQLite: FTS5 reads a doclist newest first and stops, facet words included.
SELECT 1;
