-- The walk-in queue: tickets issued at the entrance kiosk (or by checking in an appointment),
-- called to counters by caseworkers, shown on the waiting-room display and on the person's phone.

-- Services for which a person whose permit is about to expire may come without an appointment
-- (an emergency ticket, checked at the counter).
ALTER TABLE services ADD COLUMN emergency_walk_in boolean NOT NULL DEFAULT false;

-- Tablets enrolled by a team lead as the entrance kiosk of a location: only they issue tickets,
-- so that nobody can draw tickets from home.
CREATE TABLE kiosk_devices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  location_id uuid NOT NULL,
  label text NOT NULL CHECK (length(label) BETWEEN 1 AND 60),
  token_hash bytea NOT NULL UNIQUE,
  enrolled_by uuid,
  enrolled_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  UNIQUE (id, authority_id),
  FOREIGN KEY (location_id, authority_id) REFERENCES locations (id, authority_id) ON DELETE CASCADE,
  FOREIGN KEY (enrolled_by, authority_id) REFERENCES staff_users (id, authority_id) ON DELETE SET NULL (enrolled_by)
);

-- The last ticket number given at a location on an office day (row lock = one number at a time).
CREATE TABLE queue_days (
  location_id uuid NOT NULL,
  authority_id uuid NOT NULL,
  office_day date NOT NULL,
  last_seq integer NOT NULL CHECK (last_seq BETWEEN 1 AND 9999),
  PRIMARY KEY (location_id, office_day),
  FOREIGN KEY (location_id, authority_id) REFERENCES locations (id, authority_id) ON DELETE CASCADE
);

CREATE TABLE queue_tickets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  location_id uuid NOT NULL,
  service_id uuid NOT NULL,
  office_day date NOT NULL,
  seq integer NOT NULL,
  -- What the display shows: T (Termin, appointment), N (Notfall, emergency), W (walk-in), and the day's number.
  number text NOT NULL CHECK (number ~ '^[TNW][0-9]{3,4}$'),
  kind text NOT NULL CHECK (kind IN ('appointment', 'emergency', 'walk_in')),
  appointment_id uuid UNIQUE,
  locale locale_code NOT NULL,
  -- The phone page's link carries the token; only its hash is kept.
  token_hash bytea NOT NULL UNIQUE,
  status text NOT NULL CHECK (status IN ('waiting', 'called', 'serving', 'parked', 'served', 'no_show', 'cancelled')),
  -- The counter the person was called to (kept after the end, for the figures).
  counter_id uuid,
  -- Transferred to one counter: only that counter may call the ticket.
  assigned_counter_id uuid,
  due_at timestamptz,
  arrived_at timestamptz NOT NULL DEFAULT now(),
  called_at timestamptz,
  started_at timestamptz,
  ended_at timestamptz,
  calls integer NOT NULL DEFAULT 0,
  kiosk_id uuid,
  CHECK ((kind = 'appointment') = (appointment_id IS NOT NULL AND due_at IS NOT NULL)),
  CHECK (status NOT IN ('called', 'serving') OR (counter_id IS NOT NULL AND called_at IS NOT NULL)),
  CHECK (status NOT IN ('served', 'no_show', 'cancelled') OR ended_at IS NOT NULL),
  UNIQUE (location_id, office_day, seq),
  UNIQUE (id, authority_id),
  FOREIGN KEY (location_id, authority_id) REFERENCES locations (id, authority_id) ON DELETE CASCADE,
  FOREIGN KEY (service_id, authority_id) REFERENCES services (id, authority_id) ON DELETE CASCADE,
  FOREIGN KEY (appointment_id, authority_id) REFERENCES appointments (id, authority_id) ON DELETE SET NULL (appointment_id),
  FOREIGN KEY (counter_id, authority_id) REFERENCES counters (id, authority_id) ON DELETE SET NULL (counter_id),
  FOREIGN KEY (assigned_counter_id, authority_id) REFERENCES counters (id, authority_id) ON DELETE SET NULL (assigned_counter_id),
  FOREIGN KEY (kiosk_id, authority_id) REFERENCES kiosk_devices (id, authority_id) ON DELETE SET NULL (kiosk_id)
);
-- The open tickets of a location's day: what every display, phone page and "call next" reads.
CREATE INDEX queue_tickets_open ON queue_tickets (location_id, office_day) WHERE status IN ('waiting', 'called', 'serving', 'parked');
-- A counter has at most one person called or at the counter.
CREATE UNIQUE INDEX queue_tickets_one_per_counter ON queue_tickets (counter_id) WHERE status IN ('called', 'serving');

-- Every call and change with its time: the raw material of waiting-time, service-time and no-show figures.
CREATE TABLE queue_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  ticket_id uuid NOT NULL,
  location_id uuid NOT NULL,
  event text NOT NULL CHECK (event IN ('issued', 'checked_in', 'called', 'recalled', 'started', 'parked', 'resumed',
                                       'transferred', 'served', 'no_show', 'cancelled')),
  counter_id uuid,
  service_id uuid NOT NULL,
  staff_user_id uuid,
  at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (ticket_id, authority_id) REFERENCES queue_tickets (id, authority_id) ON DELETE CASCADE
);
CREATE INDEX queue_events_ticket ON queue_events (ticket_id);
-- Recent service times of a matter at a location (the waiting-time estimate).
CREATE INDEX queue_tickets_served ON queue_tickets (location_id, service_id, ended_at) WHERE status = 'served';

SELECT enable_tenant_isolation('kiosk_devices');
SELECT enable_tenant_isolation('queue_days');
SELECT enable_tenant_isolation('queue_tickets');
SELECT enable_tenant_isolation('queue_events');

GRANT SELECT, INSERT, UPDATE ON kiosk_devices, queue_days, queue_tickets TO willkommen_app;
-- Events are a record: added, never changed.
GRANT SELECT, INSERT ON queue_events TO willkommen_app;
