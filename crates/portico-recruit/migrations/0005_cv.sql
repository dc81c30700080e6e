-- What the CV parser found in a document (JSON), and the profile fields it pre-fills.
ALTER TABLE recruit_documents ADD COLUMN parsed TEXT;
ALTER TABLE recruit_candidates ADD COLUMN languages TEXT NOT NULL DEFAULT '';
ALTER TABLE recruit_candidates ADD COLUMN experience TEXT NOT NULL DEFAULT '';
ALTER TABLE recruit_candidates ADD COLUMN education TEXT NOT NULL DEFAULT '';
