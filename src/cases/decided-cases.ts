import type { Tx } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';

/** A case that was decided (granted or refused): what the customer survey needs to invite the applicant once. */
export interface DecidedCase {
  readonly id: string;
  readonly serviceId: string;
  readonly email: string;
  readonly locale: Locale;
  readonly decidedAt: Date;
}

/** Cases decided after `since` (oldest decision first, at most `limit`), in the caller's tenant transaction. */
export async function decidedCasesSince(tx: Tx, since: Date, limit: number): Promise<DecidedCase[]> {
  const { rows } = await tx.query<DecidedCase>(
    `SELECT c.id, c.service_id AS "serviceId", c.email, c.locale, h.at AS "decidedAt"
       FROM case_history h JOIN cases c ON c.id = h.case_id
      WHERE h.state IN ('granted', 'refused') AND h.at > $1
      ORDER BY h.at, h.id LIMIT $2`,
    [since, limit],
  );
  return rows;
}
