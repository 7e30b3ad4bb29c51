import { partnerNames, offerTitles } from '../partners/referral-targets.js';
import { actorScopes } from '../platform/access/actor-access.js';
import { scopeCondition } from '../platform/access/scope-sql.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import type { StaffLocale } from '../platform/i18n/catalogues.js';
import { isUuid } from '../platform/ids.js';
import { type AnswerKind, type ConsentState, consentStateOf } from './referral-store.js';

export interface ReferralEntry {
  readonly id: string;
  readonly partner: string;
  readonly purpose: string;
  readonly createdAt: Date;
  readonly consent: ConsentState;
  readonly lastAnswer: AnswerKind | null;
}

/**
 * The office's list: referrals from sources the member of staff may refer from (their grants'
 * services, `scopeCondition` over the source's service), optionally of one case. No personal data.
 */
export async function listReferrals(
  { caseId, locale }: { caseId?: string; locale: StaffLocale },
  ctx: Context,
): Promise<ReferralEntry[]> {
  const params: unknown[] = [];
  const scope = scopeCondition(actorScopes(ctx.actor, 'referrals.create'), { service: 's.service_id' }, params);
  let where = scope;
  if (caseId !== undefined) {
    if (!isUuid(caseId)) return [];
    params.push(caseId);
    where += ` AND s.source_kind = 'case' AND s.source_id = $${params.length}`;
  }
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query<{
      id: string;
      partner_id: string;
      offer_id: string;
      created_at: Date;
      last_answer: AnswerKind | null;
    }>(
      `SELECT r.id, r.partner_id, r.offer_id, r.created_at,
              (SELECT a.kind FROM referral_answers a WHERE a.referral_id = r.id ORDER BY a.created_at DESC, a.id DESC LIMIT 1)
                AS last_answer
         FROM referrals r JOIN referral_sources s ON s.referral_id = r.id
        WHERE ${where} ORDER BY r.created_at DESC LIMIT 500`,
      params,
    );
    const partners = await partnerNames(
      tx,
      rows.map((r) => r.partner_id),
    );
    const titles = await offerTitles(
      tx,
      rows.map((r) => r.offer_id),
      locale,
    );
    const entries: ReferralEntry[] = [];
    for (const r of rows) {
      entries.push({
        id: r.id,
        partner: partners.get(r.partner_id) ?? '',
        purpose: titles.get(r.offer_id) ?? '',
        createdAt: r.created_at,
        consent: await consentStateOf(tx, r.id),
        lastAnswer: r.last_answer,
      });
    }
    return entries;
  });
}
