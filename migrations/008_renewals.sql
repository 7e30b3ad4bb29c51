-- Proactive renewal: the authority loads its register of issued permits (a CSV export), and a daily
-- job writes to each holder a set number of weeks before the permit expires, in their language, with
-- a link to apply for the extension online.

-- One upload of the register. The file's text is kept only until the job has read it all (then
-- NULL): the rows it held live on in issued_permits, the rejected ones only as line and reason.
CREATE TABLE permit_imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  uploaded_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  source text,
  total_rows integer NOT NULL CHECK (total_rows BETWEEN 0 AND 100000),
  processed_rows integer NOT NULL DEFAULT 0,
  -- Valid rows (new to the register or already in it), of which new: inserted by this import.
  accepted_rows integer NOT NULL DEFAULT 0,
  new_rows integer NOT NULL DEFAULT 0,
  rejected_rows integer NOT NULL DEFAULT 0,
  -- [{ "line": 17, "reason": "badDate", "field": "expires_on" }, …]: the first 5,000 rejected rows.
  rejected jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(rejected) = 'array'),
  finished_at timestamptz,
  CHECK (processed_rows BETWEEN 0 AND total_rows),
  CHECK (accepted_rows + rejected_rows = processed_rows),
  CHECK (new_rows BETWEEN 0 AND accepted_rows),
  CHECK ((status IN ('done', 'failed')) = (finished_at IS NOT NULL)),
  CHECK (status IN ('queued', 'running') OR source IS NULL),
  UNIQUE (id, authority_id),
  FOREIGN KEY (uploaded_by, authority_id) REFERENCES staff_users (id, authority_id) ON DELETE SET NULL (uploaded_by)
);
CREATE INDEX permit_imports_recent ON permit_imports (authority_id, created_at DESC);
CREATE INDEX permit_imports_open ON permit_imports (created_at) WHERE status IN ('queued', 'running');

CREATE TABLE issued_permits (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  -- Empty for people with one name only (it is then the family name).
  first_name text NOT NULL DEFAULT '' CHECK (length(first_name) <= 100),
  last_name text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
  birth_date date,
  email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  locale locale_code NOT NULL DEFAULT 'de',
  permit_type text NOT NULL DEFAULT '' CHECK (length(permit_type) <= 100),
  expires_on date NOT NULL,
  renewal_service_slug text NOT NULL DEFAULT 'residence-permit-extension' CHECK (renewal_service_slug ~ '^[a-z0-9-]{1,80}$'),
  notified_at timestamptz,
  import_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (import_id, authority_id) REFERENCES permit_imports (id, authority_id) ON DELETE SET NULL (import_id)
);
-- One row per holder and permit: loading the same register again adds nothing. Family members often
-- share one address and one expiry date, so the holder's names and birth date belong to the key.
CREATE UNIQUE INDEX issued_permits_once ON issued_permits
  (authority_id, lower(email), expires_on, lower(last_name), lower(first_name), coalesce(birth_date, '0001-01-01'::date));
-- The daily reminder: permits not yet written about, by expiry.
CREATE INDEX issued_permits_due ON issued_permits (authority_id, expires_on) WHERE notified_at IS NULL;

CREATE TABLE renewal_settings (
  authority_id uuid PRIMARY KEY REFERENCES authorities ON DELETE CASCADE,
  weeks_before integer NOT NULL DEFAULT 8 CHECK (weeks_before BETWEEN 1 AND 26),
  updated_at timestamptz NOT NULL DEFAULT now()
);

SELECT enable_tenant_isolation('permit_imports');
SELECT enable_tenant_isolation('issued_permits');
SELECT enable_tenant_isolation('renewal_settings');

GRANT SELECT, INSERT, UPDATE ON permit_imports, issued_permits, renewal_settings TO willkommen_app;
