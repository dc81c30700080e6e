-- The raw message as received, in the same row and transaction as what it became.
ALTER TABLE mail_messages ADD COLUMN raw BLOB;
