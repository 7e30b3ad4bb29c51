-- Case work: caseworkers' notes, requests for documents with a deadline, and what the office needs
-- to write to the applicant again (the status link, sealed).

-- The status page's link, sealed under the documents key (its hash finds the case; this lets later
-- e-mails, such as a request for documents, carry the link again).
ALTER TABLE cases ADD COLUMN status_token_sealed bytea;
-- The applicant uploaded something the caseworker has not looked at yet.
ALTER TABLE cases ADD COLUMN new_documents boolean NOT NULL DEFAULT false;

-- Internal notes: never shown to the applicant.
CREATE TABLE case_notes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  case_id uuid NOT NULL,
  staff_user_id uuid,
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (case_id, authority_id) REFERENCES cases (id, authority_id) ON DELETE CASCADE,
  FOREIGN KEY (staff_user_id, authority_id) REFERENCES staff_users (id, authority_id) ON DELETE SET NULL (staff_user_id)
);
CREATE INDEX case_notes_case ON case_notes (case_id, id);

-- A request for documents: which, by when, and which plain-language template explains it (the text
-- is rendered in whatever language the reader uses).
CREATE TABLE document_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  case_id uuid NOT NULL,
  document_slugs text[] NOT NULL CHECK (cardinality(document_slugs) BETWEEN 1 AND 20),
  template text NOT NULL CHECK (template IN ('missing', 'unreadable', 'outdated')),
  due_on date NOT NULL,
  requested_by uuid,
  requested_at timestamptz NOT NULL DEFAULT now(),
  fulfilled_at timestamptz,
  UNIQUE (id, authority_id),
  FOREIGN KEY (case_id, authority_id) REFERENCES cases (id, authority_id) ON DELETE CASCADE,
  FOREIGN KEY (requested_by, authority_id) REFERENCES staff_users (id, authority_id) ON DELETE SET NULL (requested_by)
);
CREATE INDEX document_requests_case ON document_requests (case_id) WHERE fulfilled_at IS NULL;
ALTER TABLE application_files ADD COLUMN request_id uuid;
ALTER TABLE application_files ADD FOREIGN KEY (request_id, authority_id) REFERENCES document_requests (id, authority_id) ON DELETE SET NULL (request_id);

SELECT enable_tenant_isolation('case_notes');
SELECT enable_tenant_isolation('document_requests');

GRANT SELECT, INSERT ON case_notes TO willkommen_app;
GRANT SELECT, INSERT, UPDATE ON document_requests TO willkommen_app;
