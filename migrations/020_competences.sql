-- The competence register (issue #16): languages with an "interpreting possible" mark, the
-- authority's training catalogue with refresh periods, trainings taken and trainings planned.

-- Whether the member of staff can interpret (for colleagues and customers), beyond speaking the language.
ALTER TABLE staff_languages ADD COLUMN interpreting boolean NOT NULL DEFAULT false;

-- The authority's training catalogue: what staff are trained in and how often it must be refreshed.
CREATE TABLE training_courses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  -- Stable name for seeds (intercultural, anti_discrimination, …); courses added by staff get one too.
  key text NOT NULL CHECK (key ~ '^[a-z0-9_]{1,60}$'),
  name_de text NOT NULL CHECK (length(name_de) BETWEEN 1 AND 200),
  name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
  -- NULL: taken once, never due again.
  refresh_months smallint CHECK (refresh_months BETWEEN 1 AND 120),
  UNIQUE (authority_id, key),
  -- A double click on "add" must not give the catalogue the same course twice.
  UNIQUE (authority_id, name_de),
  UNIQUE (id, authority_id)
);

-- A training someone took (the newest one decides when it is due again).
CREATE TABLE training_records (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL,
  user_id uuid NOT NULL,
  course_id uuid NOT NULL,
  taken_on date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- The same training on the same day once (a double click records nothing new).
  UNIQUE (user_id, course_id, taken_on),
  FOREIGN KEY (user_id, authority_id) REFERENCES staff_users (id, authority_id) ON DELETE CASCADE,
  FOREIGN KEY (course_id, authority_id) REFERENCES training_courses (id, authority_id) ON DELETE CASCADE
);
CREATE INDEX training_records_user ON training_records (user_id, course_id, taken_on DESC);

-- A training someone is to take; one plan per person and course (planning again moves the date).
CREATE TABLE training_plans (
  authority_id uuid NOT NULL,
  user_id uuid NOT NULL,
  course_id uuid NOT NULL,
  planned_on date NOT NULL,
  PRIMARY KEY (user_id, course_id),
  FOREIGN KEY (user_id, authority_id) REFERENCES staff_users (id, authority_id) ON DELETE CASCADE,
  FOREIGN KEY (course_id, authority_id) REFERENCES training_courses (id, authority_id) ON DELETE CASCADE
);

SELECT enable_tenant_isolation('training_courses');
SELECT enable_tenant_isolation('training_records');
SELECT enable_tenant_isolation('training_plans');

GRANT SELECT, INSERT, UPDATE, DELETE ON training_courses, training_records, training_plans TO willkommen_app;
