-- Failed sign-ins are counted per address, whether or not an account has it, so the
-- lockout answer cannot tell which addresses exist.
CREATE TABLE login_throttle (
    email TEXT PRIMARY KEY,
    failures BIGINT NOT NULL DEFAULT 0,
    locked_until BIGINT,
    updated_at BIGINT NOT NULL
);
ALTER TABLE users DROP COLUMN failed_logins;
ALTER TABLE users DROP COLUMN locked_until;
