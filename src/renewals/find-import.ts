import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import type { Column, RejectReason } from './permit-csv.js';
import { isUuid } from '../platform/ids.js';
import { mayManageRegister } from './register-access.js';

export type ImportStatus = 'queued' | 'running' | 'done' | 'failed';

export interface ImportProgress {
  readonly id: string;
  readonly fileName: string;
  readonly createdAt: Date;
  readonly finishedAt: Date | null;
  readonly status: ImportStatus;
  readonly totalRows: number;
  readonly processedRows: number;
  readonly acceptedRows: number;
  readonly newRows: number;
  readonly rejectedRows: number;
}

export interface RejectedLine {
  readonly line: number;
  readonly reason: RejectReason;
  readonly field?: Column;
}

export interface ImportReport extends ImportProgress {
  /** The first rejected rows (at most REPORT_LIMIT), by line. */
  readonly rejected: readonly RejectedLine[];
}

export const PROGRESS_COLUMNS = `id, file_name, created_at, finished_at, status, total_rows, processed_rows, accepted_rows, new_rows, rejected_rows`;

export interface ProgressRow {
  id: string;
  file_name: string;
  created_at: Date;
  finished_at: Date | null;
  status: ImportStatus;
  total_rows: number;
  processed_rows: number;
  accepted_rows: number;
  new_rows: number;
  rejected_rows: number;
}

export function progressOf(row: ProgressRow): ImportProgress {
  return {
    id: row.id,
    fileName: row.file_name,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    status: row.status,
    totalRows: row.total_rows,
    processedRows: row.processed_rows,
    acceptedRows: row.accepted_rows,
    newRows: row.new_rows,
    rejectedRows: row.rejected_rows,
  };
}

/**
 * One import's progress, and with `report` the rejected rows (line and reason only: no personal
 * data); null when there is none, or the actor may not manage the register.
 */
export async function findImport(
  options: { importId: string; report: true },
  ctx: Context,
): Promise<ImportReport | null>;
export async function findImport(
  options: { importId: string; report: false },
  ctx: Context,
): Promise<ImportProgress | null>;
export async function findImport(
  { importId, report }: { importId: string; report: boolean },
  ctx: Context,
): Promise<ImportReport | ImportProgress | null> {
  if (!isUuid(importId) || !mayManageRegister(ctx)) return null;
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const {
      rows: [row],
    } = await tx.query<ProgressRow & { rejected?: RejectedLine[] }>(
      `SELECT ${PROGRESS_COLUMNS}${report ? ', rejected' : ''} FROM permit_imports WHERE id = $1`,
      [importId],
    );
    if (!row) return null;
    return report ? { ...progressOf(row), rejected: row.rejected ?? [] } : progressOf(row);
  });
}
