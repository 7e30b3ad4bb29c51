-- Staff identity, sessions and the audit trail.

CREATE TABLE staff_users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  status text NOT NULL DEFAULT 'invited' CHECK (status IN ('invited', 'active', 'deactivated')),
  password_hash text,                       -- argon2id, PHC string
  totp_secret_sealed text,                  -- TOTP secret, AES-256-GCM sealed with the installation key
  totp_confirmed_at timestamptz,
  totp_last_step bigint,                    -- last accepted time step: a code is never accepted twice
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  ui_locale text NOT NULL DEFAULT 'de' CHECK (ui_locale IN ('de', 'en')),
  oidc_subject text,                        -- `sub` at the authority's identity provider, once signed in through it
  created_at timestamptz NOT NULL DEFAULT now(),
  last_login_at timestamptz,
  UNIQUE (authority_id, email),
  UNIQUE (id, authority_id),
  UNIQUE (authority_id, oidc_subject),
  CHECK (status <> 'active' OR password_hash IS NOT NULL OR oidc_subject IS NOT NULL)
);

-- Single sign-on through the authority's own identity provider (OpenID Connect), optional.
CREATE TABLE authority_sso (
  authority_id uuid PRIMARY KEY REFERENCES authorities ON DELETE CASCADE,
  issuer text NOT NULL CHECK (issuer ~ '^https?://' AND length(issuer) <= 500),
  client_id text NOT NULL CHECK (length(client_id) BETWEEN 1 AND 200),
  client_secret_sealed text NOT NULL,
  label text NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
  enabled boolean NOT NULL DEFAULT true
);

-- A role, optionally limited to some locations and services (NULL: all of the authority's).
CREATE TABLE staff_roles (
  user_id uuid NOT NULL,
  authority_id uuid NOT NULL,
  role text NOT NULL CHECK (role IN ('caseworker', 'team_lead', 'authority_admin', 'data_protection_officer', 'partner')),
  location_ids uuid[],
  service_ids uuid[],
  PRIMARY KEY (user_id, role),
  FOREIGN KEY (user_id, authority_id) REFERENCES staff_users (id, authority_id) ON DELETE CASCADE
);

-- Languages a member of staff speaks (CEFR level), for routing customers to them later.
CREATE TABLE staff_languages (
  user_id uuid NOT NULL,
  authority_id uuid NOT NULL,
  language text NOT NULL CHECK (language ~ '^[a-z]{2,3}$'),
  level text NOT NULL CHECK (level IN ('A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'native')),
  PRIMARY KEY (user_id, language),
  FOREIGN KEY (user_id, authority_id) REFERENCES staff_users (id, authority_id) ON DELETE CASCADE
);

-- Intercultural trainings taken.
CREATE TABLE staff_trainings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  authority_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  taken_on date NOT NULL,
  FOREIGN KEY (user_id, authority_id) REFERENCES staff_users (id, authority_id) ON DELETE CASCADE
);

-- One-time links: invitations of staff, and the setup of the first admin. Only a hash is stored.
CREATE TABLE staff_tokens (
  token_hash bytea PRIMARY KEY,
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  purpose text NOT NULL CHECK (purpose IN ('invitation', 'first_admin')),
  user_id uuid,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (user_id, authority_id) REFERENCES staff_users (id, authority_id) ON DELETE CASCADE,
  CHECK (purpose = 'first_admin' OR user_id IS NOT NULL)
);

-- Server-side sessions; the cookie carries a random id, the table only its hash.
CREATE TABLE staff_sessions (
  id_hash bytea PRIMARY KEY,
  user_id uuid NOT NULL,
  authority_id uuid NOT NULL,
  -- 'password': password checked, second factor still to come; 'full': signed in.
  stage text NOT NULL CHECK (stage IN ('password', 'full')),
  csrf_secret text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,          -- absolute end, whatever the activity
  ip text NOT NULL,
  FOREIGN KEY (user_id, authority_id) REFERENCES staff_users (id, authority_id) ON DELETE CASCADE
);
CREATE INDEX staff_sessions_user ON staff_sessions (user_id);

-- The audit trail: append-only, one hash chain per authority. Each entry's hash covers its own
-- content and the previous entry's hash, so a changed or deleted entry breaks the chain.
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  seq bigint NOT NULL,
  at timestamptz NOT NULL,
  actor_id uuid,
  actor_label text NOT NULL,
  action text NOT NULL CHECK (action ~ '^[a-z_]+(\.[a-z_]+)+$'),
  object_type text,
  object_id text,
  ip text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}',
  prev_hash text NOT NULL,
  hash text NOT NULL,
  UNIQUE (authority_id, seq)
);
CREATE INDEX audit_log_search ON audit_log (authority_id, at DESC);

SELECT enable_tenant_isolation('staff_users');
SELECT enable_tenant_isolation('staff_roles');
SELECT enable_tenant_isolation('staff_languages');
SELECT enable_tenant_isolation('staff_trainings');
-- Not forced on the two tables the sign-in lookups below read as their owner.
SELECT enable_tenant_isolation('staff_tokens', forced => false);
SELECT enable_tenant_isolation('staff_sessions', forced => false);
SELECT enable_tenant_isolation('audit_log');
SELECT enable_tenant_isolation('authority_sso');

GRANT SELECT, INSERT, UPDATE, DELETE ON staff_users, staff_roles, staff_languages, staff_trainings,
  staff_tokens, staff_sessions, authority_sso TO willkommen_app;
-- The application may add to the trail and read it, never change or remove an entry.
GRANT SELECT, INSERT ON audit_log TO willkommen_app;

-- Before a person has signed in, their authority is not known to the transaction: these two
-- functions look up exactly what sign-in needs, across authorities, and nothing more.
CREATE FUNCTION staff_session_authority(p_id_hash bytea) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT authority_id FROM staff_sessions WHERE id_hash = p_id_hash $$;
CREATE FUNCTION staff_token_authority(p_token_hash bytea) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT authority_id FROM staff_tokens WHERE token_hash = p_token_hash $$;
REVOKE ALL ON FUNCTION staff_session_authority(bytea), staff_token_authority(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION staff_session_authority(bytea), staff_token_authority(bytea) TO willkommen_app;
