-- Questions an online application asks beyond the person's details (Angaben zum Antrag), as data per
-- service: what is asked, how it is answered, whether it must be. Answers are kept by the question's
-- slug (in the draft, then in the case), so a question is reworded through its texts, never its slug.

-- A select question's option slugs: each a slug, none twice.
CREATE FUNCTION is_option_list(options text[]) RETURNS boolean
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT coalesce(bool_and(o IS NOT NULL AND o ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(o) <= 80), true)
               AND count(DISTINCT o) = count(*)
          FROM unnest(options) AS o $$;

CREATE TABLE application_questions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  service_id uuid NOT NULL,
  slug slug NOT NULL,
  position integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('text', 'longtext', 'date', 'select', 'yesno')),
  required boolean NOT NULL,
  -- Text answers only, and those always: a form field arrives with at most 4000 bytes, which holds
  -- 1000 characters in any script, so a longer limit could never be checked.
  max_length integer CHECK (max_length BETWEEN 1 AND 1000),
  options text[] NOT NULL DEFAULT '{}' CHECK (is_option_list(options)),
  CHECK ((max_length IS NOT NULL) = (kind IN ('text', 'longtext'))),
  -- A choice offers at least two answers; no other kind has options (yes and no are fixed).
  CHECK ((kind = 'select') = (cardinality(options) >= 2)),
  UNIQUE (service_id, slug),
  UNIQUE (id, authority_id),
  FOREIGN KEY (service_id, authority_id) REFERENCES services (id, authority_id) ON DELETE CASCADE
);
CREATE INDEX application_questions_service ON application_questions (service_id, position);

CREATE TABLE application_question_texts (
  question_id uuid NOT NULL,
  authority_id uuid NOT NULL,
  locale locale_code NOT NULL,
  label text NOT NULL CHECK (length(label) BETWEEN 1 AND 300),
  hint text CHECK (length(hint) BETWEEN 1 AND 1000),
  -- The options' labels in the order of the question's options.
  option_labels text[] NOT NULL DEFAULT '{}'
    CHECK (array_position(option_labels, NULL) IS NULL AND NOT ('' = ANY (option_labels))),
  PRIMARY KEY (question_id, locale),
  FOREIGN KEY (question_id, authority_id) REFERENCES application_questions (id, authority_id) ON DELETE CASCADE
);

-- Every language labels each option of its question. Checked at commit, so a question and its texts
-- can be changed in one transaction in any order.
CREATE FUNCTION check_question_option_labels() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  question uuid;
BEGIN
  IF TG_TABLE_NAME = 'application_questions' THEN question := NEW.id; ELSE question := NEW.question_id; END IF;
  IF EXISTS (SELECT 1 FROM application_questions q JOIN application_question_texts t ON t.question_id = q.id
              WHERE q.id = question AND cardinality(t.option_labels) <> cardinality(q.options)) THEN
    RAISE EXCEPTION 'application question %: each language must label each of its options', question
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER question_option_labels AFTER INSERT OR UPDATE ON application_questions
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION check_question_option_labels();
CREATE CONSTRAINT TRIGGER question_text_option_labels AFTER INSERT OR UPDATE ON application_question_texts
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION check_question_option_labels();

SELECT enable_tenant_isolation('application_questions');
SELECT enable_tenant_isolation('application_question_texts');

-- Part of the catalogue: the application reads it, the seeder (owner) writes it.
GRANT SELECT ON application_questions, application_question_texts TO willkommen_app;
