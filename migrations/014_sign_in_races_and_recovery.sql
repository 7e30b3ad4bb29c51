-- Sign-in without races, and a way back into an account.

-- Failures are counted by one statement each, before the password or code is evaluated; a count
-- starts afresh when the last failure is older than the lock's 15 minutes.
ALTER TABLE staff_users ADD COLUMN last_failed_at timestamptz;

-- Addresses without an account count failures and lock exactly like accounts do, so that the
-- answer ("locked until …") does not tell which addresses have one. Only a keyed hash (HMAC under
-- a key derived from the installation key) of the address is stored; rows go once quiet.
CREATE TABLE staff_sign_in_misses (
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  address_hash bytea NOT NULL CHECK (length(address_hash) = 32),
  failed_logins integer NOT NULL,
  locked_until timestamptz,
  last_failed_at timestamptz NOT NULL,
  PRIMARY KEY (authority_id, address_hash)
);
SELECT enable_tenant_isolation('staff_sign_in_misses');
GRANT SELECT, INSERT, UPDATE, DELETE ON staff_sign_in_misses TO willkommen_app;

-- "Forgot password?": a one-time link to choose a new password.
ALTER TABLE staff_tokens DROP CONSTRAINT staff_tokens_purpose_check;
ALTER TABLE staff_tokens ADD CONSTRAINT staff_tokens_purpose_check
  CHECK (purpose IN ('invitation', 'first_admin', 'password_reset'));
CREATE INDEX staff_tokens_user ON staff_tokens (user_id, purpose);
