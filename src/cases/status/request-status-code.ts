import { randomBytes } from 'node:crypto';
import type { Context } from '../../platform/context.js';
import { withTenant } from '../../platform/database/index.js';
import { isEmailAddress } from '../../platform/email-address.js';
import type { Locale } from '../../platform/i18n/locales.js';
import { translator } from '../../platform/i18n/translator.js';
import type { Mail } from '../../platform/mail/mailer.js';
import { enqueueMail } from '../../platform/mail/outbox.js';
import type { CaseDeps } from '../cases-deps.js';
import {
  addressHash,
  addressOf,
  CODE_MINUTES,
  codeHash,
  CODES_PER_ADDRESS_HOUR,
  newStatusCode,
} from './status-code.js';

export type RequestCodeResult = { readonly ok: true } | { readonly ok: false; readonly reason: 'invalidEmail' };

/**
 * Someone asks for a sign-in code for the address they applied with. The answer is the same
 * whether or not this office holds an application under it, so nobody learns who applied: an
 * unknown address gets a code row too (a hash no code matches), counts towards the same limit,
 * and only the e-mail is left out. The mail is queued in the outbox after the commit, in a
 * transaction of its own that the answer does not wait for, so the time of the answer does not
 * tell either (an unknown address does the same work up to the answer); a failure to queue it is
 * reported, never shown, and the outbox retries the sending itself.
 */
export async function requestStatusCode(
  {
    email,
    locale,
    authorityName,
    onMailError,
  }: { email: string; locale: Locale; authorityName: string; onMailError: (error: unknown) => void },
  ctx: Context,
  deps: Pick<CaseDeps, 'signInKey'>,
): Promise<RequestCodeResult> {
  const address = addressOf(email);
  if (!isEmailAddress(address)) return { ok: false, reason: 'invalidEmail' };
  const mail = await withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    await tx.query(`DELETE FROM status_codes WHERE created_at < now() - interval '1 hour'`);
    const hashed = addressHash(deps.signInKey, address);
    const {
      rows: [recent],
    } = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM status_codes WHERE address_hash = $1 AND created_at > now() - interval '1 hour'`,
      [hashed],
    );
    if (recent!.n >= CODES_PER_ADDRESS_HOUR) return null;
    // Written to as the person wrote it in their newest application (the part before @ may, in theory, mind its case).
    const {
      rows: [found],
    } = await tx.query<{ email: string }>(
      'SELECT email FROM cases WHERE lower(email) = $1 ORDER BY received_at DESC LIMIT 1',
      [address],
    );
    const made = found ? newStatusCode() : null;
    // Only the newest code counts: an older one, perhaps seen by someone else, stops working.
    await tx.query('UPDATE status_codes SET expires_at = now() WHERE address_hash = $1 AND expires_at > now()', [
      hashed,
    ]);
    await tx.query(
      `INSERT INTO status_codes (authority_id, address_hash, code_hash, expires_at) VALUES ($1, $2, $3, now() + make_interval(mins => $4))`,
      [ctx.authorityId, hashed, made ? codeHash(deps.signInKey, address, made) : randomBytes(32), CODE_MINUTES],
    );
    return found && made ? codeMail(found.email, made, locale, authorityName) : null;
  });
  if (mail) withTenant(ctx.pool, ctx.authorityId, (tx) => enqueueMail(tx, ctx.authorityId, mail)).catch(onMailError);
  return { ok: true };
}

function codeMail(to: string, code: string, locale: Locale, authority: string): Mail {
  const t = translator(locale);
  return { to, subject: t.t('mail.statusCode.subject'), text: t.t('mail.statusCode.body', { code, authority }) };
}
