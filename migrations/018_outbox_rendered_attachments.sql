-- An attachment may be rendered by the outbox worker after the commit instead of by the use case
-- inside its transaction: a PDF takes hundreds of milliseconds to render, and rendered in the
-- booking's transaction it held the appointment's row lock and a connection that long. Such a row
-- holds what to render: `renderer` names a function registered at the composition root, `recipe`
-- its input (the same data the PDF shows, no more); the bytes are made at each sending attempt.
ALTER TABLE mail_outbox_attachments
  ALTER COLUMN content DROP NOT NULL,
  ADD COLUMN renderer text,
  ADD COLUMN recipe jsonb,
  ADD CONSTRAINT mail_outbox_attachment_bytes_or_recipe
    CHECK ((content IS NULL) = (renderer IS NOT NULL) AND (renderer IS NULL) = (recipe IS NULL));
