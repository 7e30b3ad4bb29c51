-- Mail leaves through an outbox (src/platform/mail/outbox.ts): a use case inserts its mail in its
-- own transaction, so a rolled-back change sends nothing, and a worker sends after the commit,
-- outside any transaction, retrying with back-off. The admin sees queued and failed mails.

CREATE TABLE mail_outbox (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL REFERENCES authorities (id),
  recipient text NOT NULL,
  subject text NOT NULL,
  -- NULL once the retention sweep removed the body of a sent mail (the row stays a while for the admin).
  text text,
  html text,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- When a queued mail is next due. A worker's claim moves it forward by its lease: a worker that
  -- dies while sending leaves the mail due again once the lease has run out.
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- The claim of the worker sending it now: only that worker may mark the outcome.
  claim uuid,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  body_erased_at timestamptz,
  UNIQUE (id, authority_id),
  CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
  CHECK (body_erased_at IS NOT NULL OR text IS NOT NULL),
  CHECK (body_erased_at IS NULL OR (text IS NULL AND html IS NULL AND status = 'sent'))
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status = 'queued';
CREATE INDEX mail_outbox_by_status ON mail_outbox (authority_id, status, created_at);

CREATE TABLE mail_outbox_attachments (
  mail_id uuid NOT NULL,
  authority_id uuid NOT NULL,
  position integer NOT NULL,
  filename text NOT NULL,
  content_type text NOT NULL,
  content bytea NOT NULL,
  PRIMARY KEY (mail_id, position),
  FOREIGN KEY (mail_id, authority_id) REFERENCES mail_outbox (id, authority_id) ON DELETE CASCADE
);

-- Not forced on mail_outbox: the two lookups below read it as its owner, across authorities.
SELECT enable_tenant_isolation('mail_outbox', forced => false);
SELECT enable_tenant_isolation('mail_outbox_attachments');
GRANT SELECT, INSERT, UPDATE, DELETE ON mail_outbox, mail_outbox_attachments TO willkommen_app;

-- The worker serves every authority: which authorities have mail due now, and when the next queued
-- mail falls due. Ids and a time only; the mails themselves are read under row-level security.
CREATE FUNCTION mail_outbox_due_authorities() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT DISTINCT authority_id FROM mail_outbox WHERE status = 'queued' AND next_attempt_at <= now() $$;
CREATE FUNCTION mail_outbox_next_due() RETURNS timestamptz
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT min(next_attempt_at) FROM mail_outbox WHERE status = 'queued' $$;
REVOKE ALL ON FUNCTION mail_outbox_due_authorities(), mail_outbox_next_due() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION mail_outbox_due_authorities(), mail_outbox_next_due() TO willkommen_app;
