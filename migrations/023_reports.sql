-- The office's figures (src/reports/): daily aggregates, filled by the job `reports-aggregate` from the
-- SQL that the owning capabilities export (queue/ticket-figures.ts, appointments/appointment-figures.ts,
-- cases/case-figures.ts). No personal data: counts per day, location, service and measured value.
-- Past days are read from here; a report page never scans the live tables of 1,000,000 cases.

-- Walk-in tickets (draw → call) per office day, location, service and hour of the draw, by whole
-- minutes waited: a histogram, so that percentiles over any period stay exact to the minute.
CREATE TABLE report_waits (
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  day date NOT NULL,
  location_id uuid NOT NULL,
  service_id uuid NOT NULL,
  hour smallint NOT NULL CHECK (hour BETWEEN 0 AND 23),
  wait_minutes integer NOT NULL CHECK (wait_minutes >= 0),
  tickets integer NOT NULL CHECK (tickets > 0),
  PRIMARY KEY (authority_id, day, location_id, service_id, hour, wait_minutes)
);

-- Walk-in tickets drawn per office day, location, service and hour (called or not).
CREATE TABLE report_tickets (
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  day date NOT NULL,
  location_id uuid NOT NULL,
  service_id uuid NOT NULL,
  hour smallint NOT NULL CHECK (hour BETWEEN 0 AND 23),
  tickets integer NOT NULL CHECK (tickets > 0),
  PRIMARY KEY (authority_id, day, location_id, service_id, hour)
);

-- Appointments per day (of the appointment), location and service, by outcome.
CREATE TABLE report_appointments (
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  day date NOT NULL,
  location_id uuid NOT NULL,
  service_id uuid NOT NULL,
  booked integer NOT NULL,
  served integer NOT NULL,
  no_show integer NOT NULL,
  cancelled integer NOT NULL,
  PRIMARY KEY (authority_id, day, location_id, service_id)
);

-- Decided cases per day of the decision and service, by whole days from receipt to decision.
CREATE TABLE report_decisions (
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  day date NOT NULL,
  service_id uuid NOT NULL,
  days integer NOT NULL CHECK (days >= 0),
  cases integer NOT NULL CHECK (cases > 0),
  PRIMARY KEY (authority_id, day, service_id, days)
);

-- The backlog as the nightly run found it: open cases per service, state and age bucket, with how
-- many of them wait for a decision after a recorded hearing and how many have open document requests.
CREATE TABLE report_backlog (
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  service_id uuid NOT NULL,
  state text NOT NULL,
  age_bucket text NOT NULL CHECK (age_bucket IN ('0-30', '31-90', '91-180', '181+')),
  cases integer NOT NULL,
  heard integer NOT NULL,
  open_requests integer NOT NULL,
  overdue_requests integer NOT NULL,
  PRIMARY KEY (authority_id, service_id, state, age_bucket)
);

-- Next free online appointment and the free and booked capacity of the coming 28 days, per service
-- and location (computed every 15 minutes from the appointments' own slot search).
CREATE TABLE report_lead_times (
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  service_id uuid NOT NULL,
  location_id uuid NOT NULL,
  next_free_at timestamptz,
  free_slots integer NOT NULL,
  booked integer NOT NULL,
  PRIMARY KEY (authority_id, service_id, location_id)
);

-- The public processing times (median and 80th percentile over the last 6 months), per service.
CREATE TABLE report_processing_times (
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  service_id uuid NOT NULL,
  cases integer NOT NULL,
  median_days integer,
  p80_days integer,
  PRIMARY KEY (authority_id, service_id)
);

-- How far each authority's aggregates reach: days up to `through` are complete.
CREATE TABLE report_runs (
  authority_id uuid PRIMARY KEY REFERENCES authorities ON DELETE CASCADE,
  through date,
  aggregated_at timestamptz,
  lead_times_at timestamptz
);

SELECT enable_tenant_isolation('report_waits');
SELECT enable_tenant_isolation('report_tickets');
SELECT enable_tenant_isolation('report_appointments');
SELECT enable_tenant_isolation('report_decisions');
SELECT enable_tenant_isolation('report_backlog');
SELECT enable_tenant_isolation('report_lead_times');
SELECT enable_tenant_isolation('report_processing_times');
SELECT enable_tenant_isolation('report_runs');

GRANT SELECT, INSERT, UPDATE, DELETE ON report_waits, report_tickets, report_appointments, report_decisions,
  report_backlog, report_lead_times, report_processing_times, report_runs TO willkommen_app;

-- The nightly run finds the decisions of a day by this index instead of reading all history.
CREATE INDEX case_history_decisions ON case_history (authority_id, at) WHERE state IN ('granted', 'refused');
