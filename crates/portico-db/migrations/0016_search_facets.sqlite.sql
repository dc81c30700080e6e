-- On SQLite facet words join the FTS `scope` column: no new column. Documents written
-- before carry none until the workspace is re-indexed.
SELECT 1;
