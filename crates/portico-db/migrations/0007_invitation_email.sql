-- The invitation's e-mail, so its page can say whether it was delivered.
ALTER TABLE invitations ADD COLUMN email_id TEXT;
