-- Storage quotas for anonymous applicants (src/cases/apply/upload-quota.ts): what was stored and
-- how many drafts were started, per office day, per client address and for the whole authority.
-- The address is kept only as an HMAC (IPv6: of its /64), never as it came; the authority's own
-- total is the row whose client_key is empty. Rows older than yesterday are deleted with the
-- expired drafts (purge-expired-drafts.ts).
CREATE TABLE upload_usage (
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  day date NOT NULL,
  client_key bytea NOT NULL,
  bytes bigint NOT NULL DEFAULT 0 CHECK (bytes >= 0),
  files integer NOT NULL DEFAULT 0 CHECK (files >= 0),
  drafts integer NOT NULL DEFAULT 0 CHECK (drafts >= 0),
  PRIMARY KEY (authority_id, day, client_key)
);

SELECT enable_tenant_isolation('upload_usage');
GRANT SELECT, INSERT, UPDATE, DELETE ON upload_usage TO willkommen_app;

-- Drafts without activity expire in days (DRAFT_EXPIRY_DAYS, set by each save); this default only
-- covers a row written without one.
ALTER TABLE application_drafts ALTER COLUMN expires_at SET DEFAULT now() + interval '3 days';
