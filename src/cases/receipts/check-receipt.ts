import type pg from 'pg';
import { applicationFacts } from '../../catalog/application-facts.js';
import type { Context } from '../../platform/context.js';
import { withTenant } from '../../platform/database/index.js';
import type { Locale } from '../../platform/i18n/locales.js';
import { receiptPublicKeys } from './receipt-keys.js';
import { normaliseShortCode, verifyReceipt, type ReceiptFacts } from './receipt-signature.js';

export type ReceiptCheck =
  | { readonly ok: true; readonly facts: ReceiptFacts; readonly serviceName: string; readonly shortCode: string }
  | { readonly ok: false; readonly reason: 'malformed' | 'unknown' | 'invalid' };

/**
 * The public check of a receipt (an employer, the police): the short code finds the stored token,
 * whose Ed25519 signature is verified against the keys the office ever signed with. Shown is what
 * the receipt itself shows, no more: reference, date and time, service, initials, year of birth.
 */
export async function checkReceipt(
  { code, locale }: { code: string; locale: Locale },
  ctx: Context & { pool: pg.Pool },
): Promise<ReceiptCheck> {
  const shortCode = normaliseShortCode(code);
  if (!shortCode) return { ok: false, reason: 'malformed' };
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query<{ token: string }>('SELECT token FROM receipts WHERE short_code = $1', [shortCode]);
    if (!rows[0]) return { ok: false, reason: 'unknown' };
    const verified = verifyReceipt(rows[0].token, await receiptPublicKeys(ctx.pool));
    if (!verified.ok) return { ok: false, reason: 'invalid' };
    const service = await applicationFacts(tx, locale, { slug: verified.facts.serviceSlug });
    return { ok: true, facts: verified.facts, serviceName: service?.name ?? verified.facts.serviceSlug, shortCode };
  });
}
