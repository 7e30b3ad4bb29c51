-- Retention: personal data is deleted or erased once its period has passed (src/retention/, a
-- nightly job). Erased rows keep the facts the office's figures need (service, location, times,
-- status, language); `erased_at` marks them, and the checks below make sure "erased" means erased.

-- Appointments: names, birth date, contact, identity keys and codes go; reference, service,
-- location, counter, times, status and language stay.
ALTER TABLE appointments ADD COLUMN erased_at timestamptz;
DO $$
DECLARE c text;
BEGIN
  -- "A booked row has an identity": not true any more of an erased one.
  SELECT conname INTO STRICT c FROM pg_constraint
   WHERE conrelid = 'appointments'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%identity_key IS NOT NULL%';
  EXECUTE format('ALTER TABLE appointments DROP CONSTRAINT %I', c);
END $$;
ALTER TABLE appointments ADD CONSTRAINT appointments_identity_or_erased
  CHECK (status IN ('held', 'offered', 'expired') OR identity_key IS NOT NULL OR erased_at IS NOT NULL);
ALTER TABLE appointments ADD CONSTRAINT appointments_erased_means_erased CHECK (erased_at IS NULL OR (
  first_name IS NULL AND last_name IS NULL AND birth_date IS NULL AND email IS NULL AND permit_expires_on IS NULL
  AND identity_key IS NULL AND email_key IS NULL AND code_hash IS NULL AND hold_token_hash IS NULL
  AND manage_token_hash IS NULL AND check_in_code IS NULL));
CREATE INDEX appointments_to_erase ON appointments (authority_id, starts_at) WHERE erased_at IS NULL;

-- Name and date of birth stay fixed once given, except for their erasure (all of them at once).
CREATE OR REPLACE FUNCTION appointments_identity_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.identity_key IS NOT NULL AND NOT (NEW.erased_at IS NOT NULL AND NEW.identity_key IS NULL)
     AND (NEW.first_name IS DISTINCT FROM OLD.first_name
      OR NEW.last_name IS DISTINCT FROM OLD.last_name OR NEW.birth_date IS DISTINCT FROM OLD.birth_date
      OR NEW.identity_key IS DISTINCT FROM OLD.identity_key) THEN
    RAISE EXCEPTION 'the name and date of birth of an appointment cannot be changed' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;

-- Draw registrations: the pseudonym, draw position and outcome stay (the published draw must stay
-- recomputable); the urgency, which the published list derives from the permit's expiry, is kept
-- as a flag before that date goes.
ALTER TABLE draw_registrations ADD COLUMN erased_at timestamptz;
ALTER TABLE draw_registrations ADD COLUMN urgent boolean;
ALTER TABLE draw_registrations
  ALTER COLUMN first_name DROP NOT NULL, ALTER COLUMN last_name DROP NOT NULL, ALTER COLUMN birth_date DROP NOT NULL,
  ALTER COLUMN email DROP NOT NULL, ALTER COLUMN identity_key DROP NOT NULL, ALTER COLUMN email_key DROP NOT NULL;
ALTER TABLE draw_registrations ADD CONSTRAINT draw_registrations_person_unless_erased CHECK (erased_at IS NOT NULL OR (
  first_name IS NOT NULL AND last_name IS NOT NULL AND birth_date IS NOT NULL AND email IS NOT NULL
  AND identity_key IS NOT NULL AND email_key IS NOT NULL));
ALTER TABLE draw_registrations ADD CONSTRAINT draw_registrations_erased_means_erased CHECK (erased_at IS NULL OR (
  first_name IS NULL AND last_name IS NULL AND birth_date IS NULL AND email IS NULL AND permit_expires_on IS NULL
  AND identity_key IS NULL AND email_key IS NULL AND code_hash IS NULL AND manage_token_hash IS NULL AND urgent IS NOT NULL));

-- Queue tickets: the phone link's hash and the link to an appointment go; number, service,
-- location, language, counter and times stay.
ALTER TABLE queue_tickets ADD COLUMN erased_at timestamptz;
ALTER TABLE queue_tickets ALTER COLUMN token_hash DROP NOT NULL;
DO $$
DECLARE c text;
BEGIN
  SELECT conname INTO STRICT c FROM pg_constraint
   WHERE conrelid = 'queue_tickets'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%appointment_id IS NOT NULL%';
  EXECUTE format('ALTER TABLE queue_tickets DROP CONSTRAINT %I', c);
END $$;
ALTER TABLE queue_tickets ADD CONSTRAINT queue_tickets_appointment_kind
  CHECK ((kind = 'appointment') = ((appointment_id IS NOT NULL OR erased_at IS NOT NULL) AND due_at IS NOT NULL));
ALTER TABLE queue_tickets ADD CONSTRAINT queue_tickets_link_unless_erased CHECK ((erased_at IS NULL) = (token_hash IS NOT NULL));
ALTER TABLE queue_tickets ADD CONSTRAINT queue_tickets_erased_means_erased CHECK (erased_at IS NULL OR appointment_id IS NULL);
CREATE INDEX queue_tickets_to_erase ON queue_tickets (authority_id, office_day) WHERE erased_at IS NULL;

-- Drafts past their expiry; cases by the time they were closed (the last move to 'closed').
CREATE INDEX application_drafts_expiry ON application_drafts (authority_id, expires_at);
CREATE INDEX case_history_closed ON case_history (authority_id, at) WHERE state = 'closed';
-- A case is deleted as a whole: its history, notes, requests, files, receipt and
-- Fiktionsbescheinigung records follow by their foreign keys (ON DELETE CASCADE, carried out by the
-- owner of those tables), so the application needs DELETE on cases alone.
GRANT DELETE ON cases TO willkommen_app;

-- The renewal register: rows of permits that expired long ago.
CREATE INDEX issued_permits_expiry ON issued_permits (authority_id, expires_on);
GRANT DELETE ON issued_permits TO willkommen_app;

-- Staff sessions past their end, one-time links used or expired (DELETE is granted since 002).
CREATE INDEX staff_sessions_expiry ON staff_sessions (authority_id, expires_at);
CREATE INDEX staff_tokens_expiry ON staff_tokens (authority_id, expires_at);
