-- A job's screening questions, and the answers an application came with (both JSON).
ALTER TABLE recruit_jobs ADD COLUMN questions TEXT NOT NULL DEFAULT '[]';
ALTER TABLE recruit_applications ADD COLUMN answers TEXT NOT NULL DEFAULT '[]';
