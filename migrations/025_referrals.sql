-- Referrals to partner organisations with the person's consent (issue #14), and partner accounts
-- bound to one organisation.
--
-- Row-level security covers partners as well as tenants: besides each table's tenant policy, a
-- RESTRICTIVE policy `partner_consent` applies when the transaction carries `app.partner_id`
-- (platform/database/tenant.ts withPartner()): then only rows addressed to that partner with a
-- consent valid now are seen or written. Without a partner context the policy lets everything
-- through (the office's own staff, under the tenant policy alone).

-- A partner's grant names the one organisation it works for.
ALTER TABLE staff_roles ADD COLUMN partner_id uuid;
ALTER TABLE staff_roles ADD CONSTRAINT staff_roles_partner
  FOREIGN KEY (partner_id, authority_id) REFERENCES partner_organisations (id, authority_id) ON DELETE CASCADE;
ALTER TABLE staff_roles ADD CONSTRAINT staff_roles_partner_only_for_partners
  CHECK (partner_id IS NULL OR role = 'partner');

-- The partner of the transaction (NULL: none, the office's own staff).
CREATE FUNCTION current_partner_id() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.partner_id', true), '')::uuid $$;

-- The referral itself: what the partner sees of it (with a valid consent).
CREATE TABLE referrals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  partner_id uuid NOT NULL,
  offer_id uuid NOT NULL,
  message text NOT NULL DEFAULT '' CHECK (length(message) <= 1000),
  -- The data categories the caseworker chose to send (the consent names the same).
  categories text[] NOT NULL CHECK (categories <@ ARRAY['name', 'birth_date', 'email', 'phone', 'nationality',
                                                         'residence', 'documents']::text[]),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, authority_id),
  UNIQUE (id, partner_id, authority_id),
  FOREIGN KEY (partner_id, authority_id) REFERENCES partner_organisations (id, authority_id) ON DELETE CASCADE,
  -- An offer people were referred for stays (RESTRICT, not CASCADE): the referral and its consent record name it.
  FOREIGN KEY (offer_id, authority_id) REFERENCES partner_offers (id, authority_id) ON DELETE RESTRICT
);
CREATE INDEX referrals_by_partner ON referrals (authority_id, partner_id, created_at);

-- Where the referral came from and how to reach the person: the office's side, never the partner's.
CREATE TABLE referral_sources (
  referral_id uuid PRIMARY KEY,
  authority_id uuid NOT NULL,
  partner_id uuid NOT NULL,
  source_kind text NOT NULL CHECK (source_kind IN ('case', 'appointment', 'ticket')),
  source_id uuid NOT NULL,
  -- The service the source is about (the policy's target for the caseworker's side).
  service_id uuid,
  person_email text NOT NULL DEFAULT '' CHECK (length(person_email) <= 254),
  person_locale locale_code NOT NULL,
  -- The consent link's token (hash only; the link is mailed once).
  token_hash bytea NOT NULL UNIQUE,
  created_by uuid,
  FOREIGN KEY (referral_id, partner_id, authority_id) REFERENCES referrals (id, partner_id, authority_id) ON DELETE CASCADE,
  FOREIGN KEY (created_by, authority_id) REFERENCES staff_users (id, authority_id) ON DELETE SET NULL (created_by)
);
CREATE INDEX referral_sources_by_source ON referral_sources (authority_id, source_kind, source_id);

-- The copy of exactly the data categories chosen (and consented to): the partner reads this, never the source.
CREATE TABLE referral_data (
  referral_id uuid PRIMARY KEY,
  authority_id uuid NOT NULL,
  partner_id uuid NOT NULL,
  fields jsonb NOT NULL,
  FOREIGN KEY (referral_id, partner_id, authority_id) REFERENCES referrals (id, partner_id, authority_id) ON DELETE CASCADE
);

-- The consent record (ISO/IEC TS 27560 / Kantara consent receipt in substance). Never edited: the
-- application may only insert and read it; ending it is a row in referral_consent_ends.
CREATE TABLE referral_consents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL,
  referral_id uuid NOT NULL,
  -- The recipient.
  partner_id uuid NOT NULL,
  -- The controller: the authority (authority_id); its name at the time, for the receipt.
  controller_name text NOT NULL CHECK (length(controller_name) BETWEEN 1 AND 200),
  recipient_name text NOT NULL CHECK (length(recipient_name) BETWEEN 1 AND 200),
  purpose text NOT NULL CHECK (length(purpose) BETWEEN 1 AND 200),
  categories text[] NOT NULL,
  legal_basis text[] NOT NULL CHECK (legal_basis <@ ARRAY['GDPR Art. 6(1)(a)', 'GDPR Art. 9(2)(a)']::text[]),
  method text NOT NULL CHECK (method IN ('status_page', 'mail_link', 'in_person')),
  recorded_by uuid,
  locale locale_code NOT NULL,
  given_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  CHECK (expires_at > given_at),
  CHECK ((method = 'in_person') = (recorded_by IS NOT NULL)),
  UNIQUE (id, partner_id, authority_id),
  FOREIGN KEY (referral_id, partner_id, authority_id) REFERENCES referrals (id, partner_id, authority_id) ON DELETE CASCADE,
  FOREIGN KEY (recorded_by, authority_id) REFERENCES staff_users (id, authority_id)
);
CREATE INDEX referral_consents_by_referral ON referral_consents (authority_id, referral_id);

-- The end of a consent (withdrawn), once: a row, not an edit of the record.
CREATE TABLE referral_consent_ends (
  consent_id uuid PRIMARY KEY,
  authority_id uuid NOT NULL,
  partner_id uuid NOT NULL,
  ended_at timestamptz NOT NULL DEFAULT now(),
  method text NOT NULL CHECK (method IN ('status_page', 'mail_link', 'in_person')),
  recorded_by uuid,
  FOREIGN KEY (consent_id, partner_id, authority_id) REFERENCES referral_consents (id, partner_id, authority_id) ON DELETE CASCADE,
  FOREIGN KEY (recorded_by, authority_id) REFERENCES staff_users (id, authority_id)
);

-- The partner's answers: accepted, an appointment proposed, a question back, the outcome.
CREATE TABLE referral_answers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL,
  referral_id uuid NOT NULL,
  partner_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('accepted', 'appointment', 'question', 'done', 'declined', 'no_show')),
  body text NOT NULL DEFAULT '' CHECK (length(body) <= 1000),
  appointment_at timestamptz,
  CHECK ((kind = 'appointment') = (appointment_at IS NOT NULL)),
  CHECK (kind <> 'declined' OR length(body) > 0),
  answered_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (referral_id, partner_id, authority_id) REFERENCES referrals (id, partner_id, authority_id) ON DELETE CASCADE,
  FOREIGN KEY (answered_by, authority_id) REFERENCES staff_users (id, authority_id) ON DELETE SET NULL (answered_by)
);
CREATE INDEX referral_answers_by_referral ON referral_answers (authority_id, referral_id, created_at);

-- What the partner was shown, when and by whom: the person's access report lists it.
CREATE TABLE referral_disclosures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL,
  referral_id uuid NOT NULL,
  partner_id uuid NOT NULL,
  categories text[] NOT NULL,
  shown_to uuid,
  shown_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (referral_id, partner_id, authority_id) REFERENCES referrals (id, partner_id, authority_id) ON DELETE CASCADE,
  FOREIGN KEY (shown_to, authority_id) REFERENCES staff_users (id, authority_id) ON DELETE SET NULL (shown_to)
);
CREATE INDEX referral_disclosures_by_referral ON referral_disclosures (authority_id, referral_id);

SELECT enable_tenant_isolation('referrals');
SELECT enable_tenant_isolation('referral_sources');
SELECT enable_tenant_isolation('referral_data');
SELECT enable_tenant_isolation('referral_consents');
SELECT enable_tenant_isolation('referral_consent_ends');
SELECT enable_tenant_isolation('referral_answers');
SELECT enable_tenant_isolation('referral_disclosures');

-- The partner side. Whether a consent has ended is asked through a narrow function of the owner, so
-- that the ends themselves stay hidden from partners (the policy on them holds the application role).
CREATE FUNCTION referral_consent_ended(p_consent uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT EXISTS (SELECT 1 FROM referral_consent_ends e WHERE e.consent_id = p_consent AND e.ended_at <= now()) $$;
REVOKE ALL ON FUNCTION referral_consent_ended(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION referral_consent_ended(uuid) TO willkommen_app;
CREATE POLICY partner_consent ON referral_consent_ends AS RESTRICTIVE TO willkommen_app
  USING (current_partner_id() IS NULL);
-- A consent valid now: given, not expired, not ended.
CREATE POLICY partner_consent ON referral_consents AS RESTRICTIVE
  USING (current_partner_id() IS NULL OR (
    partner_id = current_partner_id() AND given_at <= now() AND expires_at > now() AND NOT referral_consent_ended(id)));
-- Everything else of a referral: that partner's, with a valid consent (the consents' own policy decides validity).
CREATE POLICY partner_consent ON referrals AS RESTRICTIVE
  USING (current_partner_id() IS NULL OR (partner_id = current_partner_id()
    AND EXISTS (SELECT 1 FROM referral_consents c WHERE c.referral_id = referrals.id)));
CREATE POLICY partner_consent ON referral_data AS RESTRICTIVE
  USING (current_partner_id() IS NULL OR (partner_id = current_partner_id()
    AND EXISTS (SELECT 1 FROM referral_consents c WHERE c.referral_id = referral_data.referral_id)));
CREATE POLICY partner_consent ON referral_answers AS RESTRICTIVE
  USING (current_partner_id() IS NULL OR (partner_id = current_partner_id()
    AND EXISTS (SELECT 1 FROM referral_consents c WHERE c.referral_id = referral_answers.referral_id)));
CREATE POLICY partner_consent ON referral_disclosures AS RESTRICTIVE
  USING (current_partner_id() IS NULL OR (partner_id = current_partner_id()
    AND EXISTS (SELECT 1 FROM referral_consents c WHERE c.referral_id = referral_disclosures.referral_id)));
-- Where the referral came from is never the partner's business.
CREATE POLICY partner_consent ON referral_sources AS RESTRICTIVE
  USING (current_partner_id() IS NULL);

GRANT EXECUTE ON FUNCTION current_partner_id() TO willkommen_app;
GRANT SELECT, INSERT, DELETE ON referrals, referral_sources, referral_data TO willkommen_app;
-- The consent record and its end: written once, never edited (no UPDATE, no DELETE for the application).
GRANT SELECT, INSERT ON referral_consents, referral_consent_ends, referral_answers, referral_disclosures TO willkommen_app;
