import { offerTitles, partnerNames } from '../partners/referral-targets.js';
import { actorCan } from '../platform/access/actor-access.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import type { StaffLocale } from '../platform/i18n/catalogues.js';
import { median } from './network.js';

export interface NetworkRow {
  readonly partner: string;
  readonly purpose: string;
  readonly referrals: number;
  readonly consented: number;
  /** Median hours from consent to the partner's first answer (null: no answer yet). */
  readonly firstAnswerHours: number | null;
  readonly done: number;
  readonly declined: number;
  readonly noShow: number;
  readonly withdrawn: number;
}

/**
 * Referrals per partner and purpose for the network meetings: counts only, no personal data (the
 * whole authority: `reports.view` without a target reaching it is refused).
 */
export async function networkFigures({ locale }: { locale: StaffLocale }, ctx: Context): Promise<NetworkRow[] | null> {
  if (!actorCan(ctx.actor, 'reports.view', { authorityId: ctx.authorityId, locationId: null, serviceId: null }))
    return null;
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query<{
      partner_id: string;
      offer_id: string;
      referrals: number;
      consented: number;
      hours: number[] | null;
      done: number;
      declined: number;
      no_show: number;
      withdrawn: number;
    }>(
      `WITH per AS (
         SELECT r.id, r.partner_id, r.offer_id,
                (SELECT min(c.given_at) FROM referral_consents c WHERE c.referral_id = r.id) AS consented_at,
                (SELECT min(a.created_at) FROM referral_answers a WHERE a.referral_id = r.id) AS first_answer,
                (SELECT a.kind FROM referral_answers a WHERE a.referral_id = r.id AND a.kind IN ('done', 'declined', 'no_show')
                  ORDER BY a.created_at DESC LIMIT 1) AS outcome,
                EXISTS (SELECT 1 FROM referral_consent_ends e JOIN referral_consents c ON c.id = e.consent_id
                         WHERE c.referral_id = r.id) AS withdrawn
           FROM referrals r)
       SELECT partner_id, offer_id, count(*)::int AS referrals,
              count(consented_at)::int AS consented,
              array_agg(extract(epoch FROM first_answer - consented_at) / 3600.0)
                FILTER (WHERE first_answer IS NOT NULL AND consented_at IS NOT NULL) AS hours,
              count(*) FILTER (WHERE outcome = 'done')::int AS done,
              count(*) FILTER (WHERE outcome = 'declined')::int AS declined,
              count(*) FILTER (WHERE outcome = 'no_show')::int AS no_show,
              count(*) FILTER (WHERE withdrawn)::int AS withdrawn
         FROM per GROUP BY partner_id, offer_id`,
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
    return rows
      .map((r) => {
        const hours = median((r.hours ?? []).map(Number));
        return {
          partner: partners.get(r.partner_id) ?? '',
          purpose: titles.get(r.offer_id) ?? '',
          referrals: r.referrals,
          consented: r.consented,
          firstAnswerHours: hours === null ? null : Math.round(hours * 10) / 10,
          done: r.done,
          declined: r.declined,
          noShow: r.no_show,
          withdrawn: r.withdrawn,
        };
      })
      .sort((a, b) => a.partner.localeCompare(b.partner) || a.purpose.localeCompare(b.purpose));
  });
}
