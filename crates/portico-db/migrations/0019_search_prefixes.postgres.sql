-- Nothing on PostgreSQL: prefix queries there read the GIN index's ordered terms.
SELECT 1;
