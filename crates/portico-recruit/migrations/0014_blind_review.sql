-- Anonymous review: until an application reaches this stage of the job (its id; empty: never
-- anonymous), hiring managers see it without what identifies the candidate.
ALTER TABLE recruit_jobs ADD COLUMN blind_until TEXT NOT NULL DEFAULT '';
