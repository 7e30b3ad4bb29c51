import type { Tx } from '../../platform/database/index.js';
import type { DocumentVault } from './document-vault.js';

export interface CaseFile {
  readonly id: string;
  readonly documentSlug: string;
  readonly fileName: string;
  readonly mediaType: string;
  readonly byteSize: number;
  readonly pages: number | null;
  readonly uploadedAt: Date;
  readonly requestId: string | null;
}

/** The files of a case (without their content), oldest first. */
export async function filesOfCase(tx: Tx, caseId: string): Promise<CaseFile[]> {
  const { rows } = await tx.query<{
    id: string;
    document_slug: string;
    file_name: string;
    media_type: string;
    byte_size: number;
    pages: number | null;
    uploaded_at: Date;
    request_id: string | null;
  }>(
    'SELECT id, document_slug, file_name, media_type, byte_size, pages, uploaded_at, request_id FROM application_files WHERE case_id = $1 ORDER BY uploaded_at, id',
    [caseId],
  );
  return rows.map((r) => ({
    id: r.id,
    documentSlug: r.document_slug,
    fileName: r.file_name,
    mediaType: r.media_type,
    byteSize: r.byte_size,
    pages: r.pages,
    uploadedAt: r.uploaded_at,
    requestId: r.request_id,
  }));
}

/** One file of a case, opened from its sealed form (its id is the associated data: a row moved elsewhere does not open). */
export async function readCaseFile(
  tx: Tx,
  vault: DocumentVault,
  caseId: string,
  fileId: string,
): Promise<{ file: CaseFile; content: Buffer } | null> {
  const { rows } = await tx.query<{ sealed: Buffer }>(
    'SELECT sealed FROM application_files WHERE id = $1 AND case_id = $2',
    [fileId, caseId],
  );
  if (!rows[0]) return null;
  const file = (await filesOfCase(tx, caseId)).find((f) => f.id === fileId)!;
  return { file, content: vault.open(rows[0].sealed, fileId) };
}
