-- Years of experience, counted from the positions of the profile when it is written, so the
-- CV library filters on them (and the search index carries them as a facet).
ALTER TABLE recruit_candidates ADD COLUMN experience_years BIGINT NOT NULL DEFAULT 0;
