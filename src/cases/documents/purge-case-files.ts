import type { Tx } from '../../platform/database/index.js';

/**
 * Retention: the uploaded documents of these cases are deleted (the cases capability says which:
 * closed long enough ago that the documents are in the office's own file). Returns how many.
 */
export async function purgeCaseFiles(tx: Tx, caseIds: readonly string[]): Promise<number> {
  if (caseIds.length === 0) return 0;
  const { rowCount } = await tx.query('DELETE FROM application_files WHERE case_id = ANY($1::uuid[])', [caseIds]);
  return rowCount ?? 0;
}
