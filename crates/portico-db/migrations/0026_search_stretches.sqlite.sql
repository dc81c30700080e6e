-- Nothing on SQLite: FTS5 reads a doclist newest first and stops.
SELECT 1;
