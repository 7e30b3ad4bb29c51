-- Fiktionsbescheinigung (§ 81 Abs. 5 AufenthG): the certificate that a person's stay is allowed
-- (§ 81 Abs. 3) or their permit continues (§ 81 Abs. 4) while the application is decided. Issued on
-- the official blank form (Anlage D3 AufenthV, with its own serial number); the record says which
-- blank was used, for how long, by whom.
CREATE TABLE fiktionsbescheinigungen (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  case_id uuid NOT NULL,
  form_number text NOT NULL CHECK (form_number ~ '^[0-9A-Z]{4,20}$'),
  fiction text NOT NULL CHECK (fiction IN ('81_3', '81_4')),
  valid_until date NOT NULL,
  issued_at timestamptz NOT NULL DEFAULT now(),
  issued_by uuid,
  UNIQUE (authority_id, form_number),
  FOREIGN KEY (case_id, authority_id) REFERENCES cases (id, authority_id) ON DELETE CASCADE,
  FOREIGN KEY (issued_by, authority_id) REFERENCES staff_users (id, authority_id) ON DELETE SET NULL (issued_by)
);
CREATE INDEX fiktionsbescheinigungen_case ON fiktionsbescheinigungen (case_id);
SELECT enable_tenant_isolation('fiktionsbescheinigungen');
GRANT SELECT, INSERT ON fiktionsbescheinigungen TO willkommen_app;
