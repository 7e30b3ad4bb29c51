import type { Tx } from '../platform/database/index.js';
import { staffTranslator } from '../platform/i18n/staff-translator.js';
import type { Mail } from '../platform/mail/mailer.js';
import { createLinkToken, spendLinksOf } from './one-time-links.js';

export const INVITATION_HOURS = 7 * 24;

/** A fresh invitation (set-up) link for an invited person; every older one stops working. */
export async function freshInvitation(
  tx: Tx,
  {
    authorityId,
    userId,
    base,
    validHours = INVITATION_HOURS,
  }: { authorityId: string; userId: string; base: string; validHours?: number },
): Promise<{ link: string; expiresAt: Date }> {
  await spendLinksOf(tx, userId, 'invitation');
  const { token, expiresAt } = await createLinkToken(tx, { authorityId, purpose: 'invitation', userId, validHours });
  return { link: `${base}/staff/invitation/${token}`, expiresAt };
}

/**
 * The invitation mail (in German: the person has not chosen a language yet). `reset`: an admin has
 * reset the person's password and second factor, and this is their way back in.
 */
export function invitationMail({
  to,
  name,
  authority,
  link,
  expiresAt,
  reset = false,
}: {
  to: string;
  name: string;
  authority: string;
  link: string;
  expiresAt: Date;
  reset?: boolean;
}): Mail {
  const t = staffTranslator('de');
  const args = { name, authority, until: t.dateTime(expiresAt), link };
  return reset
    ? { to, subject: t.t('mail.accessReset.subject', { authority }), text: t.t('mail.accessReset.text', args) }
    : { to, subject: t.t('mail.invite.subject', { authority }), text: t.t('mail.invite.text', args) };
}
