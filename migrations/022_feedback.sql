-- Feedback (src/feedback/): the customer survey after a served appointment, a served walk-in ticket
-- or a decided case, and the staff's quarterly pulse. Both are anonymous by construction: an answer
-- row carries no key, token or time that leads back to its invitation or its person (only service,
-- location, channel, language and month; for the pulse only the round), and no foreign key to either.

-- The authority's questionnaire: 5-point scale questions and free-text questions, switched on and off.
CREATE TABLE survey_questions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]{0,39}$'),
  kind text NOT NULL CHECK (kind IN ('scale', 'text')),
  position integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  UNIQUE (authority_id, key),
  UNIQUE (id, authority_id)
);

CREATE TABLE survey_question_texts (
  question_id uuid NOT NULL,
  authority_id uuid NOT NULL,
  locale locale_code NOT NULL,
  text text NOT NULL CHECK (length(text) BETWEEN 1 AND 300),
  PRIMARY KEY (question_id, locale),
  FOREIGN KEY (question_id, authority_id) REFERENCES survey_questions (id, authority_id) ON DELETE CASCADE
);

-- One invitation per source event (never twice: the unique key). The source's id is kept so the
-- job can tell what it has invited; no foreign key, as the source's own retention deletes or erases it.
CREATE TABLE survey_invitations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  source_kind text NOT NULL CHECK (source_kind IN ('appointment', 'ticket', 'case')),
  source_id uuid NOT NULL,
  token_hash bytea NOT NULL UNIQUE,
  service_id uuid NOT NULL,
  location_id uuid,
  channel text NOT NULL CHECK (channel IN ('appointment', 'walk_in', 'online')),
  locale locale_code NOT NULL,
  -- When the source event happened (served, decided): the job reads on from the latest it has seen.
  event_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Only whether it was used, not when: a time would narrow down which answer was this one.
  answered boolean NOT NULL DEFAULT false,
  UNIQUE (authority_id, source_kind, source_id),
  FOREIGN KEY (service_id, authority_id) REFERENCES services (id, authority_id) ON DELETE CASCADE,
  FOREIGN KEY (location_id, authority_id) REFERENCES locations (id, authority_id) ON DELETE CASCADE
);
CREATE INDEX survey_invitations_event ON survey_invitations (authority_id, source_kind, event_at);

-- The answers. Deliberately no id of the invitation, no token, no timestamp finer than the month,
-- and no foreign key but to the authority (service and location are plain facts for the figures).
CREATE TABLE survey_answers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  service_id uuid NOT NULL,
  location_id uuid,
  channel text NOT NULL CHECK (channel IN ('appointment', 'walk_in', 'online')),
  locale locale_code NOT NULL,
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  -- {question key: 1..5}, only the questions answered.
  scores jsonb NOT NULL CHECK (jsonb_typeof(scores) = 'object'),
  -- Free text with e-mail addresses and phone numbers already removed (feedback/scrub.ts).
  comment text NOT NULL DEFAULT '' CHECK (length(comment) <= 2000)
);
CREATE INDEX survey_answers_month ON survey_answers (authority_id, month);
CREATE INDEX survey_answers_comments ON survey_answers (authority_id, month) WHERE comment <> '';

-- The figures read totals, not 200,000 answers: per month, service, location, channel, language
-- and question, how many answered 1 … 5. Kept by a statement trigger on survey_answers, so every
-- way answers are written (the survey, a bulk load) keeps them exact, in the same transaction.
CREATE TABLE survey_answer_totals (
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  month date NOT NULL,
  service_id uuid NOT NULL,
  location_id uuid,
  channel text NOT NULL,
  locale locale_code NOT NULL,
  question text NOT NULL,
  n1 integer NOT NULL DEFAULT 0,
  n2 integer NOT NULL DEFAULT 0,
  n3 integer NOT NULL DEFAULT 0,
  n4 integer NOT NULL DEFAULT 0,
  n5 integer NOT NULL DEFAULT 0,
  UNIQUE NULLS NOT DISTINCT (authority_id, question, month, service_id, location_id, channel, locale)
);

CREATE FUNCTION survey_answers_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO survey_answer_totals AS t (authority_id, month, service_id, location_id, channel, locale, question, n1, n2, n3, n4, n5)
  SELECT a.authority_id, a.month, a.service_id, a.location_id, a.channel, a.locale, s.key,
         count(*) FILTER (WHERE s.value = '1'), count(*) FILTER (WHERE s.value = '2'), count(*) FILTER (WHERE s.value = '3'),
         count(*) FILTER (WHERE s.value = '4'), count(*) FILTER (WHERE s.value = '5')
    FROM added a, jsonb_each_text(a.scores) AS s(key, value)
   GROUP BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT (authority_id, question, month, service_id, location_id, channel, locale) DO UPDATE
     SET n1 = t.n1 + excluded.n1, n2 = t.n2 + excluded.n2, n3 = t.n3 + excluded.n3,
         n4 = t.n4 + excluded.n4, n5 = t.n5 + excluded.n5;
  RETURN NULL;
END $$;
CREATE TRIGGER survey_answers_count AFTER INSERT ON survey_answers
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION survey_answers_count();

-- The staff pulse: one round per quarter, opened by a team lead or the head.
CREATE TABLE pulse_rounds (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  quarter text NOT NULL CHECK (quarter ~ '^[0-9]{4}-Q[1-4]$'),
  opened_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (authority_id, quarter),
  UNIQUE (id, authority_id)
);

-- Every member of staff's invitation to a round: whether it was used, never which answer it gave.
CREATE TABLE pulse_invitations (
  round_id uuid NOT NULL,
  authority_id uuid NOT NULL,
  staff_user_id uuid NOT NULL,
  token_hash bytea NOT NULL UNIQUE,
  answered boolean NOT NULL DEFAULT false,
  PRIMARY KEY (round_id, staff_user_id),
  FOREIGN KEY (round_id, authority_id) REFERENCES pulse_rounds (id, authority_id) ON DELETE CASCADE,
  FOREIGN KEY (staff_user_id, authority_id) REFERENCES staff_users (id, authority_id) ON DELETE CASCADE
);

-- The pulse's answers: the round, the scores and the scrubbed text; nothing that names the person.
CREATE TABLE pulse_answers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  round_id uuid NOT NULL,
  authority_id uuid NOT NULL,
  scores jsonb NOT NULL CHECK (jsonb_typeof(scores) = 'object'),
  comment text NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
  FOREIGN KEY (round_id, authority_id) REFERENCES pulse_rounds (id, authority_id) ON DELETE CASCADE
);
CREATE INDEX pulse_answers_round ON pulse_answers (round_id);

SELECT enable_tenant_isolation('survey_questions');
SELECT enable_tenant_isolation('survey_question_texts');
SELECT enable_tenant_isolation('survey_invitations');
SELECT enable_tenant_isolation('survey_answers');
SELECT enable_tenant_isolation('survey_answer_totals');
SELECT enable_tenant_isolation('pulse_rounds');
SELECT enable_tenant_isolation('pulse_invitations');
SELECT enable_tenant_isolation('pulse_answers');

GRANT SELECT, INSERT, UPDATE ON survey_questions, survey_question_texts TO willkommen_app;
GRANT SELECT, INSERT, UPDATE ON survey_invitations, pulse_rounds, pulse_invitations TO willkommen_app;
-- Answers are written once and read for the figures; never changed.
GRANT SELECT, INSERT ON survey_answers, pulse_answers TO willkommen_app;
GRANT SELECT, INSERT, UPDATE ON survey_answer_totals TO willkommen_app;

-- The invitation job's reads of served and decided events use the partial indexes that 023_reports
-- (case_history_decisions) and 024_staffing (appointments_served, queue_tickets_served_at) create.
