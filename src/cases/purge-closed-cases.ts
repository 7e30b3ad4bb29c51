import type { Tx } from '../platform/database/index.js';

// A case is closed when its state is 'closed'; when, is the time of its last move there (the history).
const CLOSED_BEFORE = `SELECT c.id FROM cases c JOIN case_history h ON h.case_id = c.id AND h.state = 'closed'
                        WHERE c.state = 'closed' GROUP BY c.id HAVING max(h.at) < $1`;

/** The cases closed before this instant (for the retention of their documents). */
export async function casesClosedBefore(tx: Tx, before: Date): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(CLOSED_BEFORE, [before]);
  return rows.map((r) => r.id);
}

/**
 * Retention: cases closed before this instant are deleted whole. Their history, notes, document
 * requests, files, receipt and Fiktionsbescheinigung records go with them (ON DELETE CASCADE); the
 * audit trail keeps what was done, by whom and when, under the case's id. Returns how many cases.
 */
export async function purgeClosedCases(tx: Tx, before: Date): Promise<number> {
  const { rowCount } = await tx.query(`DELETE FROM cases WHERE id IN (${CLOSED_BEFORE})`, [before]);
  return rowCount ?? 0;
}
