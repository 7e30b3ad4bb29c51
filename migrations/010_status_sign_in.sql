-- The second way to the status page: sign in with a one-time code sent to the e-mail address of
-- the application, then see all of one's applications. The first way (the e-mail's link plus the
-- date of birth) stays as it is.

-- Finds a person's cases by the address they applied with, however they typed its case.
CREATE INDEX cases_email ON cases (authority_id, lower(email));

-- A code sent by e-mail, valid 15 minutes, void after 5 wrong tries, deleted once used. Only keyed
-- hashes are stored (HMAC under a key derived from the installation key): neither the code nor
-- the address it went to can be read from a backup. Addresses without an application get a row
-- too (whose hash no code matches, and no e-mail), so that limits and answers do not tell them
-- apart. Rows count towards "3 codes per address and hour" and are deleted after that hour.
CREATE TABLE status_codes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  address_hash bytea NOT NULL CHECK (length(address_hash) = 32),
  code_hash bytea NOT NULL CHECK (length(code_hash) = 32),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  wrong_attempts integer NOT NULL DEFAULT 0 CHECK (wrong_attempts BETWEEN 0 AND 5)
);
CREATE INDEX status_codes_address ON status_codes (authority_id, address_hash, created_at);

-- A signed-in browser: the hash of the random token in its cookie, the address it proved it reads
-- (lower case, as the cases are looked up), and the end, 30 minutes after the sign-in.
CREATE TABLE status_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  token_hash bytea NOT NULL UNIQUE,
  email text NOT NULL CHECK (email = lower(email) AND length(email) <= 254),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX status_sessions_expiry ON status_sessions (authority_id, expires_at);

SELECT enable_tenant_isolation('status_codes');
SELECT enable_tenant_isolation('status_sessions');

-- Used codes, old codes and ended sessions are deleted, not kept.
GRANT SELECT, INSERT, UPDATE, DELETE ON status_codes TO willkommen_app;
GRANT SELECT, INSERT, DELETE ON status_sessions TO willkommen_app;
