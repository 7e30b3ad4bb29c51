import { recordAudit } from '../audit/record-audit.js';
import { withTenant } from '../platform/database/index.js';
import { isEmailAddress } from '../platform/email-address.js';
import { staffTranslator } from '../platform/i18n/staff-translator.js';
import type { Mail } from '../platform/mail/mailer.js';
import { enqueueMail } from '../platform/mail/outbox.js';
import type { IdentityDeps } from './identity-deps.js';
import { createLinkToken, linksInLastHour } from './one-time-links.js';
import { normalizeEmail, type StaffRecord, staffByEmail } from './staff-store.js';

export const RESET_LINK_MINUTES = 60;
const RESET_LINKS_PER_HOUR = 3;

/**
 * "Forgot password?": a one-time link (an hour) to choose a new password, for an active account.
 * The answer is the same whether or not the address has one, and so is the work before it (one
 * look-up, one audit entry); the mail is queued in the outbox just after the commit, in a
 * transaction the answer does not wait for, so the time of the answer does not tell either. At most three links an hour per account.
 */
export async function requestPasswordReset(
  {
    authorityId,
    authorityName,
    email,
    ip,
    onMailError,
  }: { authorityId: string; authorityName: string; email: string; ip: string; onMailError: (e: unknown) => void },
  deps: IdentityDeps,
): Promise<{ ok: true } | { ok: false; reason: 'invalidEmail' }> {
  const address = normalizeEmail(email);
  if (!isEmailAddress(address)) return { ok: false, reason: 'invalidEmail' };
  const mail = await withTenant(deps.pool, authorityId, async (tx) => {
    const user = await staffByEmail(tx, address);
    const eligible =
      user?.status === 'active' && (await linksInLastHour(tx, user.id, 'password_reset')) < RESET_LINKS_PER_HOUR;
    const link = eligible
      ? await createLinkToken(tx, {
          authorityId,
          purpose: 'password_reset',
          userId: user.id,
          validHours: RESET_LINK_MINUTES / 60,
        })
      : null;
    await recordAudit(
      tx,
      authorityId,
      { kind: 'public', ip },
      {
        action: 'staff.password_reset_requested',
        objectType: 'staff',
        ...(user ? { objectId: user.id } : {}),
        details: { linkSent: link !== null },
      },
    );
    return user && link
      ? resetMail(user, authorityName, `${deps.links.base}/staff/password/reset/${link.token}`, link.expiresAt)
      : null;
  });
  if (mail) withTenant(deps.pool, authorityId, (tx) => enqueueMail(tx, authorityId, mail)).catch(onMailError);
  return { ok: true };
}

function resetMail(user: StaffRecord, authority: string, link: string, expiresAt: Date): Mail {
  const t = staffTranslator(user.uiLocale);
  return {
    to: user.email,
    subject: t.t('mail.passwordReset.subject', { authority }),
    text: t.t('mail.passwordReset.text', { name: user.displayName, authority, link, until: t.dateTime(expiresAt) }),
  };
}
