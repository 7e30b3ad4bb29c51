-- The audit chain becomes keyed: new entries carry an HMAC-SHA-256 under a key derived from the
-- installation key (never stored here), so that a rewrite with recomputed hashes is detected.
-- Entries written so far keep their plain SHA-256 and are checked as before ('sha256'); they are
-- never rehashed. The first keyed entry of a chain follows the last unkeyed one, so its seal holds
-- them too. No default: every writer says which scheme it used.
ALTER TABLE audit_log ADD COLUMN scheme text NOT NULL DEFAULT 'sha256' CHECK (scheme IN ('sha256', 'hmac'));
ALTER TABLE audit_log ALTER COLUMN scheme DROP DEFAULT;
