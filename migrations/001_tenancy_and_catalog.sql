-- Tenancy and the public service catalogue.
-- Every tenant-owned row carries its authority (Behörde); row-level security shows a row only
-- when the transaction's app.authority_id names that authority. The application connects as
-- willkommen_app, which owns no table and cannot bypass row-level security.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'willkommen_app') THEN
    CREATE ROLE willkommen_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END $$;

-- The authority of the current transaction, or NULL (then no tenant row is visible).
CREATE FUNCTION current_authority_id() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.authority_id', true), '')::uuid $$;

-- Row-level security of one tenant-owned table: its one policy shows and accepts only the rows of
-- the transaction's authority. Forced by default, so the table's owner is held to it as well.
CREATE FUNCTION enable_tenant_isolation(t regclass, forced boolean DEFAULT true) RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
  IF forced THEN
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', t);
  END IF;
  EXECUTE format('CREATE POLICY tenant_isolation ON %s USING (authority_id = current_authority_id()) '
                 'WITH CHECK (authority_id = current_authority_id())', t);
END $$;
-- For migrations (run by the owner) only.
REVOKE ALL ON FUNCTION enable_tenant_isolation(regclass, boolean) FROM PUBLIC;

CREATE DOMAIN locale_code AS text CHECK (VALUE IN ('de', 'en', 'tr', 'uk', 'ar', 'ru', 'fa'));
CREATE DOMAIN slug AS text CHECK (VALUE ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(VALUE) <= 80);

-- Authorities are public facts (name, contact); they are the tenants, so they carry no tenant.
CREATE TABLE authorities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug slug NOT NULL UNIQUE,
  -- German state (Land), ISO 3166-2:DE code without prefix; decides public holidays later.
  state_code text NOT NULL CHECK (state_code IN ('BW','BY','BE','BB','HB','HH','HE','MV','NI','NW','RP','SL','SN','ST','SH','TH')),
  email text NOT NULL,
  phone text NOT NULL,
  website text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE authority_texts (
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  locale locale_code NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  tagline text NOT NULL CHECK (length(tagline) <= 400),
  PRIMARY KEY (authority_id, locale)
);

-- Standorte: the places where the authority serves people.
CREATE TABLE locations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  slug slug NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  street text NOT NULL,
  postal_code text NOT NULL CHECK (postal_code ~ '^[0-9]{5}$'),
  city text NOT NULL,
  phone text NOT NULL,
  email text NOT NULL,
  UNIQUE (authority_id, slug),
  UNIQUE (id, authority_id)
);

CREATE TABLE location_texts (
  location_id uuid NOT NULL,
  authority_id uuid NOT NULL,
  locale locale_code NOT NULL,
  access text NOT NULL CHECK (length(access) <= 1000),
  PRIMARY KEY (location_id, locale),
  FOREIGN KEY (location_id, authority_id) REFERENCES locations (id, authority_id) ON DELETE CASCADE
);

CREATE TABLE opening_hours (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  location_id uuid NOT NULL,
  authority_id uuid NOT NULL,
  weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7), -- ISO: 1 Monday … 7 Sunday
  opens time NOT NULL,
  closes time NOT NULL,
  CHECK (opens < closes),
  FOREIGN KEY (location_id, authority_id) REFERENCES locations (id, authority_id) ON DELETE CASCADE
);
CREATE INDEX opening_hours_location ON opening_hours (location_id, weekday);

CREATE TABLE documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  slug slug NOT NULL,
  UNIQUE (authority_id, slug),
  UNIQUE (id, authority_id)
);

CREATE TABLE document_texts (
  document_id uuid NOT NULL,
  authority_id uuid NOT NULL,
  locale locale_code NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  hint text NOT NULL CHECK (length(hint) <= 1000),
  PRIMARY KEY (document_id, locale),
  FOREIGN KEY (document_id, authority_id) REFERENCES documents (id, authority_id) ON DELETE CASCADE
);

-- Leistungen: what the authority does for people.
CREATE TABLE services (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  slug slug NOT NULL,
  position integer NOT NULL,
  category text NOT NULL CHECK (category IN ('residence', 'permanent', 'documents', 'humanitarian', 'advice')),
  -- LeiKa: the federal catalogue of administrative services, 14-digit keys.
  leika_key text CHECK (leika_key ~ '^[0-9]{14}$'),
  legal_basis text NOT NULL CHECK (length(legal_basis) BETWEEN 1 AND 300),
  fee_cents integer NOT NULL CHECK (fee_cents >= 0),
  fee_max_cents integer CHECK (fee_max_cents >= fee_cents),
  appointment_minutes integer NOT NULL CHECK (appointment_minutes BETWEEN 5 AND 480),
  processing_days_min integer NOT NULL CHECK (processing_days_min >= 0),
  processing_days_max integer NOT NULL,
  online_application boolean NOT NULL,
  walk_in boolean NOT NULL,
  CHECK (processing_days_max >= processing_days_min),
  UNIQUE (authority_id, slug),
  UNIQUE (id, authority_id)
);

CREATE TABLE service_texts (
  service_id uuid NOT NULL,
  authority_id uuid NOT NULL,
  locale locale_code NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  summary text NOT NULL CHECK (length(summary) BETWEEN 1 AND 2000),
  audience text NOT NULL CHECK (length(audience) BETWEEN 1 AND 2000),
  fee_note text CHECK (length(fee_note) <= 1000),
  keywords text[] NOT NULL DEFAULT '{}',
  -- All of the above, normalised for search (see catalog/search-text.ts); kept by the writer.
  search_text text NOT NULL,
  PRIMARY KEY (service_id, locale),
  FOREIGN KEY (service_id, authority_id) REFERENCES services (id, authority_id) ON DELETE CASCADE
);

CREATE TABLE service_documents (
  service_id uuid NOT NULL,
  document_id uuid NOT NULL,
  authority_id uuid NOT NULL,
  position integer NOT NULL,
  PRIMARY KEY (service_id, document_id),
  FOREIGN KEY (service_id, authority_id) REFERENCES services (id, authority_id) ON DELETE CASCADE,
  FOREIGN KEY (document_id, authority_id) REFERENCES documents (id, authority_id) ON DELETE CASCADE
);

CREATE TABLE service_locations (
  service_id uuid NOT NULL,
  location_id uuid NOT NULL,
  authority_id uuid NOT NULL,
  PRIMARY KEY (service_id, location_id),
  FOREIGN KEY (service_id, authority_id) REFERENCES services (id, authority_id) ON DELETE CASCADE,
  FOREIGN KEY (location_id, authority_id) REFERENCES locations (id, authority_id) ON DELETE CASCADE
);

-- Messages sent through the accessibility statement's feedback form (BITV 2.0 § 7).
CREATE TABLE accessibility_feedback (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  locale locale_code NOT NULL,
  page text NOT NULL CHECK (length(page) <= 500),
  message text NOT NULL CHECK (length(message) BETWEEN 1 AND 5000),
  email text CHECK (length(email) <= 254),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX accessibility_feedback_authority ON accessibility_feedback (authority_id, created_at DESC);

-- Row-level security on every tenant-owned table.
SELECT enable_tenant_isolation('locations');
SELECT enable_tenant_isolation('location_texts');
SELECT enable_tenant_isolation('opening_hours');
SELECT enable_tenant_isolation('documents');
SELECT enable_tenant_isolation('document_texts');
SELECT enable_tenant_isolation('services');
SELECT enable_tenant_isolation('service_texts');
SELECT enable_tenant_isolation('service_documents');
SELECT enable_tenant_isolation('service_locations');
SELECT enable_tenant_isolation('accessibility_feedback');

-- Least privilege for the application role.
GRANT USAGE ON SCHEMA public TO willkommen_app;
GRANT SELECT ON authorities, authority_texts TO willkommen_app;
GRANT SELECT ON locations, location_texts, opening_hours, documents, document_texts,
                services, service_texts, service_documents, service_locations TO willkommen_app;
GRANT SELECT, INSERT ON accessibility_feedback TO willkommen_app;
GRANT EXECUTE ON FUNCTION current_authority_id() TO willkommen_app;
