-- When a candidate was told that their data is about to be erased (their consent ends).
ALTER TABLE recruit_candidates ADD COLUMN consent_warned_at BIGINT;
