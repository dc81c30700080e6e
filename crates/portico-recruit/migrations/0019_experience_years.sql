-- Years of experience, counted from the positions of the profile when it is written, so the
-- CV library filters on them (and the search index carries them as a facet).
ALTER TABLE recruit_candidates ADD COLUMN experience_years BIGINT NOT NULL DEFAULT 0;
-- The tags in use are read from the most recently changed tagged candidates: few of a large
-- library carry tags, and the list's filter must not read all of it to offer them.
CREATE INDEX recruit_candidates_tagged ON recruit_candidates(workspace_id, updated_at) WHERE tags <> '';
