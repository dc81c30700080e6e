-- Which modules `portico demo` has seeded, so a data directory that already has the demo
-- gets the demo of a module added later, and nothing twice.
CREATE TABLE portico_demo (
    module TEXT PRIMARY KEY,
    seeded_at BIGINT NOT NULL
);
