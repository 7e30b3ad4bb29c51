import { serviceNames } from '../../catalog/service-names.js';
import type { Context } from '../../platform/context.js';
import type { Tx } from '../../platform/database/index.js';
import type { Locale } from '../../platform/i18n/locales.js';
import { allowedCase } from '../case-policy.js';
import { filesOfCase } from '../documents/case-files.js';

/** What a referral may copy from a case (referrals/ copies only the fields the caseworker ticks). */
export interface CaseReferralSource {
  readonly serviceId: string;
  readonly locale: Locale;
  readonly email: string;
  /** Each field the case has, by the referral's category names; absent: the case has none. */
  readonly values: Readonly<Record<string, string>>;
}

/**
 * The person's data of a case for a referral, for staff the policy lets view the case (the check,
 * and the audit entry of a refusal, are allowedCase's); null for no case and a refusal alike.
 */
export async function caseReferralSource(tx: Tx, ctx: Context, caseId: string): Promise<CaseReferralSource | null> {
  const allowed = await allowedCase(tx, ctx, caseId, 'cases.view');
  if (!allowed) return null;
  const { rows } = await tx.query<{
    locale: Locale;
    first_name: string;
    last_name: string;
    birth_date: string;
    email: string;
    answers: Record<string, unknown> | null;
  }>(
    "SELECT locale, first_name, last_name, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, email, answers FROM cases WHERE id = $1",
    [caseId],
  );
  const row = rows[0]!;
  const service = (await serviceNames(tx, 'de', [allowed.serviceId])).get(allowed.serviceId) ?? '';
  const files = await filesOfCase(tx, caseId);
  const answer = (key: string) => {
    const value = (row.answers?.questions as Record<string, unknown> | undefined)?.[key] ?? row.answers?.[key];
    return typeof value === 'string' && value !== '' ? { [key]: value } : {};
  };
  return {
    serviceId: allowed.serviceId,
    locale: row.locale,
    email: row.email,
    values: {
      name: `${row.first_name} ${row.last_name}`,
      birth_date: row.birth_date,
      email: row.email,
      residence: service,
      ...answer('nationality'),
      ...answer('phone'),
      ...(files.length > 0 ? { documents: files.map((f) => f.fileName).join(', ') } : {}),
    },
  };
}
