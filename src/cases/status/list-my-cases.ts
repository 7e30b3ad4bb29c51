import { applicationFacts } from '../../catalog/application-facts.js';
import type { CaseState } from '../case-state.js';
import type { Context } from '../../platform/context.js';
import { withTenant } from '../../platform/database/index.js';
import type { Locale } from '../../platform/i18n/locales.js';
import { statusSessionAddress } from './status-session.js';

export interface MyCase {
  readonly reference: string;
  readonly serviceName: string;
  readonly state: CaseState;
  readonly receivedAt: Date;
}

export type MyCasesResult =
  | { readonly ok: true; readonly address: string; readonly endsAt: Date; readonly cases: readonly MyCase[] }
  | { readonly ok: false; readonly reason: 'signedOut' };

/** The signed-in person's applications at this office, newest first, with the service named in their language. */
export async function listMyCases(
  { session, locale }: { session: string | undefined; locale: Locale },
  ctx: Context,
): Promise<MyCasesResult> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const signedIn = await statusSessionAddress(tx, session);
    if (!signedIn) return { ok: false, reason: 'signedOut' };
    const { rows } = await tx.query<{ reference: string; service_id: string; state: CaseState; received_at: Date }>(
      'SELECT reference, service_id, state, received_at FROM cases WHERE lower(email) = $1 ORDER BY received_at DESC LIMIT 100',
      [signedIn.address],
    );
    const names = new Map<string, string>();
    for (const id of new Set(rows.map((r) => r.service_id)))
      names.set(id, (await applicationFacts(tx, locale, { id }))?.name ?? '');
    return {
      ok: true,
      address: signedIn.address,
      endsAt: signedIn.endsAt,
      cases: rows.map((r) => ({
        reference: r.reference,
        serviceName: names.get(r.service_id) ?? '',
        state: r.state,
        receivedAt: r.received_at,
      })),
    };
  });
}
