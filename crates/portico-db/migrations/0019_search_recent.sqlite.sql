-- Nothing to do on SQLite: FTS5 walks its rowids newest first.
SELECT 1;
