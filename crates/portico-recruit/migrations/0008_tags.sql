-- The team's tags on a candidate, comma-separated ("bilingual, evenings").
ALTER TABLE recruit_candidates ADD COLUMN tags TEXT NOT NULL DEFAULT '';
