import { recordAudit } from '../audit/record-audit.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import { mayManageRegister } from './register-access.js';
import { decodeCsv, readPermitTable, type Column, type FileProblem } from './permit-csv.js';

/** The largest register file taken (100,000 rows of a few hundred bytes each fit well within it). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export type StartImportResult =
  | { readonly ok: true; readonly importId: string; readonly totalRows: number }
  | {
      readonly ok: false;
      readonly reason: FileProblem | 'noFile' | 'tooLarge' | 'notAllowed';
      readonly columns: readonly Column[];
    };

/** The name as the browser sent it, without folders or control characters, at most 200 characters. */
function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    .trim()
    .slice(0, 200);
  return clean || 'register.csv';
}

/**
 * Takes an uploaded register: checks at once what can be checked for the whole file (UTF-8, the
 * header's columns, at most 100,000 rows), then stores it as a queued import. The rows are checked
 * and stored by the import job (import-permits.ts), in chunks, so that progress can be shown.
 */
export async function startImport(
  { fileName, bytes, truncated }: { fileName: string; bytes: Uint8Array | null; truncated: boolean },
  ctx: Context,
): Promise<StartImportResult> {
  if (!mayManageRegister(ctx)) return { ok: false, reason: 'notAllowed', columns: [] };
  if (truncated || (bytes && bytes.length > MAX_UPLOAD_BYTES)) return { ok: false, reason: 'tooLarge', columns: [] };
  if (!bytes || bytes.length === 0) return { ok: false, reason: 'noFile', columns: [] };
  const text = decodeCsv(bytes);
  if (text === null) return { ok: false, reason: 'encoding', columns: [] };
  const read = readPermitTable(text);
  if (!read.ok) return { ok: false, reason: read.problem, columns: read.columns };
  const name = cleanFileName(fileName);
  const totalRows = read.table.records.length;
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO permit_imports (authority_id, file_name, uploaded_by, source, total_rows)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [ctx.authorityId, name, ctx.actor.kind === 'staff' ? ctx.actor.userId : null, text, totalRows],
    );
    const importId = rows[0]!.id;
    await recordAudit(tx, ctx.authorityId, ctx.actor, {
      action: 'renewals.import_started',
      objectType: 'permit_import',
      objectId: importId,
      details: { fileName: name, totalRows },
    });
    return { ok: true, importId, totalRows };
  });
}
