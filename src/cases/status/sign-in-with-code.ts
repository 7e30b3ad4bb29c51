import type { Context } from '../../platform/context.js';
import { withTenant } from '../../platform/database/index.js';
import type { CaseDeps } from '../cases-deps.js';
import { addressHash, addressOf, codeHash, MAX_WRONG_CODES, sameHash, typedCode } from './status-code.js';
import { openStatusSession } from './status-session.js';

export type SignInResult =
  | { readonly ok: true; readonly session: string }
  /** Not six digits: a slip of the finger, not counted as a try. */
  | { readonly ok: false; readonly reason: 'malformed' }
  | { readonly ok: false; readonly reason: 'wrongCode'; readonly attemptsLeft: number }
  /** No code to try: expired, used, replaced by a newer one, or tried wrongly too often. */
  | { readonly ok: false; readonly reason: 'void' };

/**
 * The code from the e-mail signs the browser in for that address: the newest live code is
 * checked (five wrong tries void it), used once and deleted, and a session of 30 minutes begins.
 * An address without applications has only a code row no code matches, so it answers exactly
 * like a known address with a wrong code.
 */
export async function signInWithCode(
  { email, code }: { email: string; code: string },
  ctx: Context,
  deps: Pick<CaseDeps, 'signInKey'>,
): Promise<SignInResult> {
  const typed = typedCode(code);
  if (typed === null) return { ok: false, reason: 'malformed' };
  const address = addressOf(email);
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const {
      rows: [live],
    } = await tx.query<{ id: string; code_hash: Buffer; wrong_attempts: number }>(
      `SELECT id, code_hash, wrong_attempts FROM status_codes
        WHERE address_hash = $1 AND expires_at > now() AND wrong_attempts < $2 ORDER BY created_at DESC LIMIT 1 FOR UPDATE`,
      [addressHash(deps.signInKey, address), MAX_WRONG_CODES],
    );
    if (!live) return { ok: false, reason: 'void' };
    if (!sameHash(live.code_hash, codeHash(deps.signInKey, address, typed))) {
      const wrong = live.wrong_attempts + 1;
      await tx.query('UPDATE status_codes SET wrong_attempts = $2 WHERE id = $1', [live.id, wrong]);
      return wrong >= MAX_WRONG_CODES
        ? { ok: false, reason: 'void' }
        : { ok: false, reason: 'wrongCode', attemptsLeft: MAX_WRONG_CODES - wrong };
    }
    await tx.query('DELETE FROM status_codes WHERE id = $1', [live.id]);
    return { ok: true, session: await openStatusSession(tx, ctx.authorityId, address) };
  });
}
