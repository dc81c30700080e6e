-- A saved search keeps every filter of the candidates list, not only its words, tag and unit.
ALTER TABLE recruit_saved_searches ADD COLUMN language TEXT NOT NULL DEFAULT '';
ALTER TABLE recruit_saved_searches ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE recruit_saved_searches ADD COLUMN stage TEXT NOT NULL DEFAULT '';
ALTER TABLE recruit_saved_searches ADD COLUMN days BIGINT;
ALTER TABLE recruit_saved_searches ADD COLUMN experience BIGINT;
