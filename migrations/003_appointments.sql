-- Appointments: counters and their hours, bookings that can never exceed a counter's time, and
-- the draw for scarce services. The capacity invariant lives here, not only in code: two rows
-- that occupy the same counter can never overlap in time (exclusion constraint below).

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE DOMAIN booking_channel AS text CHECK (VALUE IN ('online', 'staff', 'emergency'));

-- 'first_come': free slots are shown and booked; 'draw': requests are collected for a week and
-- the slots are allocated by a verifiable seeded draw (scarce services only).
ALTER TABLE services ADD COLUMN allocation text NOT NULL DEFAULT 'first_come' CHECK (allocation IN ('first_come', 'draw'));

-- The booking rules of an authority; one row, created with defaults when missing.
CREATE TABLE booking_rules (
  authority_id uuid PRIMARY KEY REFERENCES authorities ON DELETE CASCADE,
  horizon_days integer NOT NULL DEFAULT 90 CHECK (horizon_days BETWEEN 7 AND 365),
  -- How long before a slot it can still be booked online.
  lead_minutes integer NOT NULL DEFAULT 120 CHECK (lead_minutes BETWEEN 0 AND 10080),
  hold_minutes integer NOT NULL DEFAULT 10 CHECK (hold_minutes BETWEEN 2 AND 60),
  code_minutes integer NOT NULL DEFAULT 30 CHECK (code_minutes BETWEEN 5 AND 1440),
  -- A cancelled slot stays blocked this long, so that it cannot be handed to a buyer.
  cooldown_minutes integer NOT NULL DEFAULT 60 CHECK (cooldown_minutes BETWEEN 0 AND 10080),
  offer_hours integer NOT NULL DEFAULT 24 CHECK (offer_hours BETWEEN 1 AND 168)
);

-- Schalter: the desks where people are served; each serves some services.
CREATE TABLE counters (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  location_id uuid NOT NULL,
  label text NOT NULL CHECK (length(label) BETWEEN 1 AND 40),
  -- Who usually sits at this counter: their languages decide which counter a customer is given.
  staff_user_id uuid,
  active boolean NOT NULL DEFAULT true,
  UNIQUE (location_id, label),
  UNIQUE (id, authority_id),
  FOREIGN KEY (location_id, authority_id) REFERENCES locations (id, authority_id) ON DELETE CASCADE,
  FOREIGN KEY (staff_user_id, authority_id) REFERENCES staff_users (id, authority_id) ON DELETE SET NULL (staff_user_id)
);

CREATE TABLE counter_services (
  counter_id uuid NOT NULL,
  service_id uuid NOT NULL,
  authority_id uuid NOT NULL,
  PRIMARY KEY (counter_id, service_id),
  FOREIGN KEY (counter_id, authority_id) REFERENCES counters (id, authority_id) ON DELETE CASCADE,
  FOREIGN KEY (service_id, authority_id) REFERENCES services (id, authority_id) ON DELETE CASCADE
);

-- When a counter takes appointments, and for which channel: online booking, booking by staff
-- (for callers), or emergencies. The counter's time per channel is that channel's capacity.
CREATE TABLE counter_hours (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  counter_id uuid NOT NULL,
  authority_id uuid NOT NULL,
  weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  opens time NOT NULL,
  closes time NOT NULL,
  channel booking_channel NOT NULL,
  CHECK (opens < closes),
  FOREIGN KEY (counter_id, authority_id) REFERENCES counters (id, authority_id) ON DELETE CASCADE
);
CREATE INDEX counter_hours_counter ON counter_hours (counter_id, weekday);

-- Days a location (or, with no location, the whole authority) is closed, beyond public holidays.
CREATE TABLE closed_days (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  location_id uuid,
  day date NOT NULL,
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
  UNIQUE NULLS NOT DISTINCT (authority_id, location_id, day),
  FOREIGN KEY (location_id, authority_id) REFERENCES locations (id, authority_id) ON DELETE CASCADE
);

CREATE TABLE appointments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  reference text NOT NULL CHECK (reference ~ '^T-[0-9A-Z]{4}-[0-9A-Z]{4}$'),
  service_id uuid NOT NULL,
  location_id uuid NOT NULL,
  counter_id uuid NOT NULL,
  channel booking_channel NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  -- held: a browser keeps the slot while the person types; unconfirmed: waiting for the e-mail code;
  -- offered: a freed slot offered to the next person on a draw's waitlist.
  status text NOT NULL CHECK (status IN ('held', 'unconfirmed', 'offered', 'booked', 'arrived', 'served', 'no_show', 'cancelled', 'expired')),
  -- Whether the row takes its counter's time. Cancelled rows keep it through the cool-down.
  occupies boolean NOT NULL DEFAULT true,
  -- When an occupying row gives its time back by itself (end of hold, code, offer or cool-down);
  -- NULL: it keeps it. Stale rows are released by the next booking of that time or by the sweep job.
  releases_at timestamptz,
  hold_token_hash bytea,
  first_name text CHECK (length(first_name) BETWEEN 1 AND 100),
  last_name text CHECK (length(last_name) BETWEEN 1 AND 100),
  birth_date date,
  email text CHECK (length(email) <= 254),
  locale locale_code,
  permit_expires_on date,
  -- HMAC of the normalised name and date of birth: one person, one open appointment per service.
  identity_key bytea,
  email_key text,
  code_hash bytea,
  code_attempts integer NOT NULL DEFAULT 0,
  manage_token_hash bytea UNIQUE,
  check_in_code text,
  booked_by uuid,
  reminder_sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  confirmed_at timestamptz,
  cancelled_at timestamptz,
  arrived_at timestamptz,
  finished_at timestamptz,
  CHECK (ends_at > starts_at),
  CHECK (status NOT IN ('expired') OR NOT occupies),
  CHECK (status IN ('held', 'offered', 'expired') OR identity_key IS NOT NULL),
  UNIQUE (authority_id, reference),
  UNIQUE (authority_id, check_in_code),
  UNIQUE (id, authority_id),
  FOREIGN KEY (service_id, authority_id) REFERENCES services (id, authority_id) ON DELETE CASCADE,
  FOREIGN KEY (location_id, authority_id) REFERENCES locations (id, authority_id) ON DELETE CASCADE,
  FOREIGN KEY (counter_id, authority_id) REFERENCES counters (id, authority_id) ON DELETE CASCADE,
  -- The capacity invariant: no counter is ever given two overlapping appointments.
  CONSTRAINT no_overbooking EXCLUDE USING gist (counter_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (occupies)
);
CREATE INDEX appointments_location_time ON appointments (location_id, starts_at) WHERE occupies;
CREATE INDEX appointments_day ON appointments (authority_id, location_id, starts_at);
CREATE INDEX appointments_reminders ON appointments (starts_at) WHERE status = 'booked' AND reminder_sent_at IS NULL;
CREATE INDEX appointments_releases ON appointments (releases_at) WHERE occupies AND releases_at IS NOT NULL;
-- One person (by identity, and by e-mail address) has at most one open appointment per service.
CREATE UNIQUE INDEX appointments_one_per_person ON appointments (authority_id, service_id, identity_key)
  WHERE status IN ('unconfirmed', 'booked');
CREATE UNIQUE INDEX appointments_one_per_email ON appointments (authority_id, service_id, email_key)
  WHERE status IN ('unconfirmed', 'booked');

-- The booking is bound to the person: once given, name and date of birth never change.
CREATE FUNCTION appointments_identity_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.identity_key IS NOT NULL AND (NEW.first_name IS DISTINCT FROM OLD.first_name
      OR NEW.last_name IS DISTINCT FROM OLD.last_name OR NEW.birth_date IS DISTINCT FROM OLD.birth_date
      OR NEW.identity_key IS DISTINCT FROM OLD.identity_key) THEN
    RAISE EXCEPTION 'the name and date of birth of an appointment cannot be changed' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER appointments_identity_fixed BEFORE UPDATE ON appointments
  FOR EACH ROW EXECUTE FUNCTION appointments_identity_fixed();

-- A draw round: requests for one service at one location are collected between opens_at and
-- closes_at; then the free slots between slots_from and slots_until are drawn. The seed's hash
-- is published when the round is created; the seed itself only after the draw.
CREATE TABLE draw_rounds (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  service_id uuid NOT NULL,
  location_id uuid NOT NULL,
  opens_at timestamptz NOT NULL,
  closes_at timestamptz NOT NULL,
  slots_from date NOT NULL,
  slots_until date NOT NULL,
  seed_hash text NOT NULL CHECK (seed_hash ~ '^[0-9a-f]{64}$'),
  -- Sealed until the draw (readable only by the application's key), revealed in `seed` after.
  sealed_seed text NOT NULL,
  seed text CHECK (seed ~ '^[0-9a-f]{64}$'),
  slot_count integer,
  drawn_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (closes_at > opens_at),
  CHECK (slots_until >= slots_from),
  CHECK ((drawn_at IS NULL) = (seed IS NULL)),
  UNIQUE (id, authority_id),
  FOREIGN KEY (service_id, authority_id) REFERENCES services (id, authority_id) ON DELETE CASCADE,
  FOREIGN KEY (location_id, authority_id) REFERENCES locations (id, authority_id) ON DELETE CASCADE
);

CREATE TABLE draw_registrations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL,
  round_id uuid NOT NULL,
  -- What the public list shows instead of the person.
  pseudonym text NOT NULL CHECK (pseudonym ~ '^R-[0-9A-Z]{6}$'),
  first_name text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
  last_name text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
  birth_date date NOT NULL,
  email text NOT NULL CHECK (length(email) <= 254),
  locale locale_code NOT NULL,
  permit_expires_on date,
  identity_key bytea NOT NULL,
  email_key text NOT NULL,
  code_hash bytea,
  code_expires_at timestamptz,
  code_attempts integer NOT NULL DEFAULT 0,
  manage_token_hash bytea UNIQUE,
  confirmed_at timestamptz,
  -- After the draw: place in the draw order (1 = first), and the outcome.
  draw_position integer,
  outcome text CHECK (outcome IN ('won', 'waitlisted', 'offered', 'lapsed')),
  appointment_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (round_id, pseudonym),
  FOREIGN KEY (round_id, authority_id) REFERENCES draw_rounds (id, authority_id) ON DELETE CASCADE,
  FOREIGN KEY (appointment_id, authority_id) REFERENCES appointments (id, authority_id)
);
-- Duplicates by identity are merged: one confirmed registration per person and round.
CREATE UNIQUE INDEX draw_registrations_one_per_person ON draw_registrations (round_id, identity_key) WHERE confirmed_at IS NOT NULL;
-- … and one per mailbox: another name with the same e-mail address is not another person.
CREATE UNIQUE INDEX draw_registrations_one_per_email ON draw_registrations (round_id, email_key) WHERE confirmed_at IS NOT NULL;

SELECT enable_tenant_isolation('booking_rules');
SELECT enable_tenant_isolation('counters');
SELECT enable_tenant_isolation('counter_services');
SELECT enable_tenant_isolation('counter_hours');
SELECT enable_tenant_isolation('closed_days');
SELECT enable_tenant_isolation('appointments');
SELECT enable_tenant_isolation('draw_rounds');
SELECT enable_tenant_isolation('draw_registrations');

GRANT SELECT, INSERT, UPDATE ON booking_rules, appointments, draw_rounds TO willkommen_app;
-- A duplicate registration (same person, same round) is deleted when it is merged into the first.
GRANT SELECT, INSERT, UPDATE, DELETE ON draw_registrations TO willkommen_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON counters, counter_services, counter_hours, closed_days TO willkommen_app;
-- Team leads and admins now maintain the locations' opening hours in the staff area.
GRANT INSERT, DELETE ON opening_hours TO willkommen_app;
