import { parseDateInput } from '../../platform/forms/person-form.js';
import { tokenHash } from '../../platform/crypto.js';
import type { Reader } from '../../platform/database/index.js';
import { statusSessionAddress } from './status-session.js';

/**
 * The two ways a person reaches their own case: the e-mail's long random link together with the
 * date of birth, or a sign-in with a code sent to the application's address (the session's
 * cookie) together with the case's reference. Both lead to the same status page, upload and receipt.
 */
export type CaseAccess =
  | { readonly by: 'link'; readonly token: string; readonly birthDate: string }
  | { readonly by: 'session'; readonly session: string | undefined; readonly reference: string };

export type AccessRefusal = 'unknown' | 'wrongBirthDate' | 'signedOut';

/** How to find the case in SQL (the case table is aliased `c`), once the way in is checked as far as it can be without the case. */
export type CaseFilter =
  | { readonly ok: true; readonly by: CaseAccess['by']; readonly where: string; readonly values: readonly unknown[] }
  | { readonly ok: false; readonly reason: AccessRefusal };

const REFERENCE = /^A-[0-9A-Z]{4}-[0-9A-Z]{4}$/;

/** The condition that finds the reader's case: by the link's token, or by reference within the signed-in address. */
export async function caseFilter(tx: Reader, access: CaseAccess): Promise<CaseFilter> {
  if (access.by === 'link') {
    if (access.token.length < 20 || access.token.length > 100) return { ok: false, reason: 'unknown' };
    return { ok: true, by: 'link', where: 'c.status_token_hash = $1', values: [tokenHash(access.token)] };
  }
  const session = await statusSessionAddress(tx, access.session);
  if (!session) return { ok: false, reason: 'signedOut' };
  if (!REFERENCE.test(access.reference)) return { ok: false, reason: 'unknown' };
  // Another address's case is simply not found: a reference alone opens nothing.
  return {
    ok: true,
    by: 'session',
    where: 'c.reference = $1 AND lower(c.email) = $2',
    values: [access.reference, session.address],
  };
}

/** The link also needs the date of birth; a signed-in address has already proved itself. */
export function birthDateAccepted(access: CaseAccess, birthDate: string): boolean {
  if (access.by === 'session') return true;
  const typed = parseDateInput(access.birthDate);
  return typed.ok && typed.day === birthDate;
}
