-- The staffing need (Personalbedarfsermittlung, issue #15): what the head of the office enters
-- beside the measured figures. The published defaults (annual working minutes, Verteilzeit) are
-- data with their source in seeds/<office>/staffing.json; a NULL here means "use the default".

CREATE TABLE staffing_settings (
  authority_id uuid PRIMARY KEY REFERENCES authorities ON DELETE CASCADE,
  -- Annual working minutes of one full-time worker (Jahresarbeitszeit einer Normalarbeitskraft).
  annual_working_minutes integer CHECK (annual_working_minutes BETWEEN 10000 AND 200000),
  -- The distributed-time surcharge (Verteilzeitzuschlag) in per cent of the minutes.
  surcharge_percent numeric(5, 2) CHECK (surcharge_percent BETWEEN 0 AND 50),
  -- Posts for the whole office, when they are not entered per service.
  total_posts numeric(8, 2) CHECK (total_posts BETWEEN 0 AND 100000),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE staffing_service_inputs (
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  service_id uuid NOT NULL,
  -- Minutes of case work per case, from the office's time-recording sample.
  casework_minutes numeric(7, 2) CHECK (casework_minutes BETWEEN 0 AND 10000),
  -- Minutes at the counter per visit, when entered instead of the measured mean.
  counter_minutes numeric(7, 2) CHECK (counter_minutes BETWEEN 0 AND 10000),
  -- The head's forecasts per year, instead of the last 12 months' figures.
  forecast_cases integer CHECK (forecast_cases BETWEEN 0 AND 100000000),
  forecast_visits integer CHECK (forecast_visits BETWEEN 0 AND 100000000),
  posts numeric(8, 2) CHECK (posts BETWEEN 0 AND 100000),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (authority_id, service_id),
  FOREIGN KEY (service_id, authority_id) REFERENCES services (id, authority_id) ON DELETE CASCADE
);

-- The staffing need reads a year of cases, served appointments and served tickets per service
-- (through cases', appointments' and queue's exported counts). Row-level security's
-- authority_id = current_authority_id() leads each index, so a year is one index range, read
-- from the index alone, not a scan of every authority's rows.
CREATE INDEX cases_received ON cases (authority_id, received_at) INCLUDE (service_id);
CREATE INDEX appointments_served ON appointments (authority_id, finished_at) INCLUDE (service_id) WHERE status = 'served';
CREATE INDEX queue_tickets_served_at ON queue_tickets (authority_id, ended_at) INCLUDE (service_id, kind, called_at)
  WHERE status = 'served';

SELECT enable_tenant_isolation('staffing_settings');
SELECT enable_tenant_isolation('staffing_service_inputs');

GRANT SELECT, INSERT, UPDATE ON staffing_settings, staffing_service_inputs TO willkommen_app;
