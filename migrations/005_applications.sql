-- Online applications (Anträge): drafts saved as the person goes, with their documents sealed at
-- rest; on submission a case (Vorgang) with a reference number, a signed receipt
-- (Eingangsbestätigung) and a status page.

-- What a service's online application asks for: the documents that must be uploaded (the others
-- may be).
ALTER TABLE services ADD COLUMN application_documents text[] NOT NULL DEFAULT '{}';

CREATE TABLE application_drafts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  service_id uuid NOT NULL,
  locale locale_code NOT NULL,
  -- The draft's link carries a token (in a cookie of the browser that started it); its hash is kept.
  token_hash bytea NOT NULL UNIQUE,
  answers jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- An abandoned draft (and its documents) is deleted after this.
  expires_at timestamptz NOT NULL DEFAULT now() + interval '30 days',
  submitted_case_id uuid,
  UNIQUE (id, authority_id),
  FOREIGN KEY (service_id, authority_id) REFERENCES services (id, authority_id) ON DELETE CASCADE
);

CREATE TABLE cases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  reference text NOT NULL CHECK (reference ~ '^A-[0-9A-Z]{4}-[0-9A-Z]{4}$'),
  service_id uuid NOT NULL,
  locale locale_code NOT NULL,
  first_name text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
  last_name text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
  birth_date date NOT NULL,
  email text NOT NULL CHECK (length(email) <= 254),
  permit_expires_on date,
  answers jsonb NOT NULL,
  state text NOT NULL CHECK (state IN ('received', 'incomplete', 'in_review', 'waiting_other_authority', 'ready_for_decision',
                                       'granted', 'refused', 'card_ordered', 'ready_for_pickup', 'closed')),
  -- The state machine's record beyond the state (hearing, refusal proposal, signatures): cases/case-state.ts.
  record jsonb NOT NULL DEFAULT '{}',
  received_at timestamptz NOT NULL DEFAULT now(),
  -- §81(4) AufenthG: applied for a residence title before the current one expired.
  continued_validity boolean NOT NULL,
  expected_decision_on date NOT NULL,
  status_token_hash bytea NOT NULL UNIQUE,
  assigned_to uuid,
  UNIQUE (authority_id, reference),
  UNIQUE (id, authority_id),
  FOREIGN KEY (service_id, authority_id) REFERENCES services (id, authority_id),
  FOREIGN KEY (assigned_to, authority_id) REFERENCES staff_users (id, authority_id) ON DELETE SET NULL (assigned_to)
);
CREATE INDEX cases_state ON cases (authority_id, state, expected_decision_on);
ALTER TABLE application_drafts ADD FOREIGN KEY (submitted_case_id, authority_id) REFERENCES cases (id, authority_id) ON DELETE SET NULL (submitted_case_id);

-- An uploaded file, sealed (AES-256-GCM, its id as associated data); first of a draft, then of its case.
CREATE TABLE application_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  draft_id uuid,
  case_id uuid,
  document_slug text NOT NULL,
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 120),
  media_type text NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  byte_size integer NOT NULL CHECK (byte_size > 0),
  pages integer,
  sealed bytea NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  CHECK (draft_id IS NOT NULL OR case_id IS NOT NULL),
  FOREIGN KEY (draft_id, authority_id) REFERENCES application_drafts (id, authority_id) ON DELETE CASCADE,
  FOREIGN KEY (case_id, authority_id) REFERENCES cases (id, authority_id) ON DELETE CASCADE
);
CREATE INDEX application_files_draft ON application_files (draft_id);
CREATE INDEX application_files_case ON application_files (case_id);

-- What happened to a case, in order: the status page shows the public steps in the person's language.
CREATE TABLE case_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  case_id uuid NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  state text NOT NULL,
  action text NOT NULL,
  staff_user_id uuid,
  FOREIGN KEY (case_id, authority_id) REFERENCES cases (id, authority_id) ON DELETE CASCADE
);
CREATE INDEX case_history_case ON case_history (case_id, id);

-- The signed receipt of a case; looked up by the short code printed on it.
CREATE TABLE receipts (
  short_code text PRIMARY KEY CHECK (short_code ~ '^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$'),
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  case_id uuid NOT NULL UNIQUE,
  token text NOT NULL,
  issued_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (case_id, authority_id) REFERENCES cases (id, authority_id) ON DELETE CASCADE
);

SELECT enable_tenant_isolation('application_drafts');
SELECT enable_tenant_isolation('cases');
SELECT enable_tenant_isolation('application_files');
SELECT enable_tenant_isolation('case_history');
SELECT enable_tenant_isolation('receipts');

GRANT SELECT, INSERT, UPDATE, DELETE ON application_drafts, application_files TO willkommen_app;
GRANT SELECT, INSERT, UPDATE ON cases TO willkommen_app;
-- History and receipts are a record: added, never changed.
GRANT SELECT, INSERT ON case_history, receipts TO willkommen_app;

-- The public keys receipts were ever signed with (by key id): a receipt stays verifiable after the
-- installation key, from which the signing key is derived, is changed. Public facts, no tenant.
CREATE TABLE receipt_keys (
  key_id text PRIMARY KEY CHECK (key_id ~ '^[0-9a-f]{16}$'),
  public_key_pem text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT, INSERT ON receipt_keys TO willkommen_app;
