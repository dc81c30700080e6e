-- When someone on a record last typed in one of its forms (agent collision: "Ana is typing").
ALTER TABLE presence ADD COLUMN typing_at BIGINT;
