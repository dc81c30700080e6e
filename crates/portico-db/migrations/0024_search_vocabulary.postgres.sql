-- Nothing on PostgreSQL: GIN lists a prefix's matches from its own sorted terms.
SELECT 1;
