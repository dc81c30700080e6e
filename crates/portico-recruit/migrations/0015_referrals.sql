-- Who on the staff referred the candidate of an application (told of its progress).
ALTER TABLE recruit_applications ADD COLUMN referrer_id TEXT REFERENCES users(id);
CREATE INDEX recruit_applications_referrer ON recruit_applications(referrer_id);
