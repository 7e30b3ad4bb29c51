import type pg from 'pg';
import { officeToday } from '../platform/clock/office-time.js';
import { listAuthorities } from '../authorities/find-authority.js';
import { withTenant } from '../platform/database/index.js';
import { checkPermitRows, readPermitTable, type PermitRow, type RowOutcome } from './permit-csv.js';

export const IMPORT_JOB = 'renewals-import';
/** Rows per transaction: each chunk commits its permits together with the progress it makes. */
export const CHUNK_ROWS = 500;
/** Rejected rows kept for the report (the count goes on beyond). */
export const REPORT_LIMIT = 5000;

type Rejection = Extract<RowOutcome, { ok: false }>;

/** Stores one chunk and the progress it makes; false when the import is no longer where this runner left it. */
async function storeChunk(
  pool: pg.Pool,
  authorityId: string,
  importId: string,
  from: number,
  chunk: readonly RowOutcome[],
): Promise<boolean> {
  return withTenant(pool, authorityId, async (tx) => {
    // The checkpoint: a chunk is stored only onto the progress it follows (one runner, but be sure).
    const {
      rows: [state],
    } = await tx.query<{ processed_rows: number; rejected_rows: number }>(
      "SELECT processed_rows, rejected_rows FROM permit_imports WHERE id = $1 AND status = 'running' FOR UPDATE",
      [importId],
    );
    if (!state || state.processed_rows !== from) return false;
    const accepted: PermitRow[] = chunk.flatMap((o) => (o.ok ? [o.row] : []));
    const rejected: Rejection[] = chunk.flatMap((o) => (o.ok ? [] : [o]));
    let inserted = 0;
    if (accepted.length > 0) {
      // Already in the register (an earlier import of the same list): only the language and the
      // permit's type may have changed; the row and whether its holder was written to stay.
      const result = await tx.query<{ inserted: boolean }>(
        `INSERT INTO issued_permits (authority_id, first_name, last_name, birth_date, email, locale, permit_type, expires_on, import_id)
         SELECT $1, r.first_name, r.last_name, r.birth_date, r.email, r.locale::locale_code, r.permit_type, r.expires_on, $2
           FROM jsonb_to_recordset($3::jsonb) AS r(first_name text, last_name text, birth_date date, email text, locale text, permit_type text, expires_on date)
         ON CONFLICT (authority_id, lower(email), expires_on, lower(last_name), lower(first_name), coalesce(birth_date, '0001-01-01'::date))
         DO UPDATE SET locale = EXCLUDED.locale, permit_type = EXCLUDED.permit_type
           WHERE (issued_permits.locale, issued_permits.permit_type) IS DISTINCT FROM (EXCLUDED.locale, EXCLUDED.permit_type)
         RETURNING (xmax = 0) AS inserted`,
        [
          authorityId,
          importId,
          JSON.stringify(
            accepted.map((r) => ({
              first_name: r.firstName,
              last_name: r.lastName,
              birth_date: r.birthDate,
              email: r.email,
              locale: r.locale,
              permit_type: r.permitType,
              expires_on: r.expiresOn,
            })),
          ),
        ],
      );
      inserted = result.rows.filter((r) => r.inserted).length;
    }
    const room = Math.max(0, REPORT_LIMIT - state.rejected_rows);
    const report = rejected
      .slice(0, room)
      .map((r) => (r.field ? { line: r.line, reason: r.reason, field: r.field } : { line: r.line, reason: r.reason }));
    await tx.query(
      `UPDATE permit_imports SET processed_rows = processed_rows + $2, accepted_rows = accepted_rows + $3, new_rows = new_rows + $4,
              rejected_rows = rejected_rows + $5, rejected = rejected || $6::jsonb
        WHERE id = $1`,
      [importId, chunk.length, accepted.length, inserted, rejected.length, JSON.stringify(report)],
    );
    return true;
  });
}

async function finish(pool: pg.Pool, authorityId: string, importId: string, status: 'done' | 'failed'): Promise<void> {
  await withTenant(pool, authorityId, (tx) =>
    tx.query(
      "UPDATE permit_imports SET status = $2, source = NULL, finished_at = now() WHERE id = $1 AND status IN ('queued', 'running')",
      [importId, status],
    ),
  );
}

/**
 * Works through one import from where it stands (a restart resumes after the last stored chunk).
 * A chunk that fails twice ends the import as failed; what was stored stays.
 */
async function runImport(pool: pg.Pool, authorityId: string, importId: string, today: string): Promise<void> {
  const started = await withTenant(pool, authorityId, async (tx) => {
    const { rows } = await tx.query<{ source: string | null; processed_rows: number; total_rows: number }>(
      `UPDATE permit_imports SET status = 'running' WHERE id = $1 AND status IN ('queued', 'running')
       RETURNING source, processed_rows, total_rows`,
      [importId],
    );
    return rows[0];
  });
  if (!started) return;
  const read = started.source === null ? null : readPermitTable(started.source);
  const outcomes = read?.ok ? checkPermitRows(read.table, today) : null;
  if (!outcomes || outcomes.length !== started.total_rows) {
    await finish(pool, authorityId, importId, 'failed');
    return;
  }
  for (let from = started.processed_rows; from < outcomes.length; from += CHUNK_ROWS) {
    const chunk = outcomes.slice(from, from + CHUNK_ROWS);
    let stored: boolean;
    try {
      stored = await storeChunk(pool, authorityId, importId, from, chunk);
    } catch {
      try {
        stored = await storeChunk(pool, authorityId, importId, from, chunk);
      } catch (error) {
        await finish(pool, authorityId, importId, 'failed');
        throw error;
      }
    }
    // Another runner has moved it on (or it was ended): leave it to that one.
    if (!stored) return;
  }
  await finish(pool, authorityId, importId, 'done');
}

/** The import job: every queued (or interrupted) import of every authority, oldest first. */
export async function importPermits(pool: pg.Pool, now = Date.now()): Promise<void> {
  const today = officeToday(now);
  let failure: unknown = null;
  for (const authority of await listAuthorities(pool)) {
    const open = await withTenant(
      pool,
      authority.id,
      async (tx) =>
        (
          await tx.query<{ id: string }>(
            "SELECT id FROM permit_imports WHERE status IN ('queued', 'running') ORDER BY created_at",
          )
        ).rows,
    );
    for (const { id } of open) {
      // One failed import does not hold up the others; the job still reports the failure.
      await runImport(pool, authority.id, id, today).catch((error: unknown) => {
        failure ??= error;
      });
    }
  }
  if (failure) throw failure;
}
