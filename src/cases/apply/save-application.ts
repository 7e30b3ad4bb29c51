import { applicationFacts } from '../../catalog/application-facts.js';
import type { Context } from '../../platform/context.js';
import { randomToken, tokenHash } from '../../platform/crypto.js';
import { withTenant, type Tx } from '../../platform/database/index.js';
import type { Locale } from '../../platform/i18n/locales.js';
import type { CaseDeps } from '../cases-deps.js';
import type { DocumentVault } from '../documents/document-vault.js';
import { keepAnswered } from './application-questions.js';
import { draftByToken, type Draft, type DraftAnswers } from './drafts.js';
import { checkUpload, safeFileName, type UploadCheck, type UploadRefusal } from '../documents/upload-check.js';
import { officeToday } from '../../platform/clock/office-time.js';
import {
  addUsage,
  clientKey,
  draftQuotaRefusal,
  fileQuota,
  lockUsage,
  type DraftQuotaRefusal,
  type FileQuota,
  type FileQuotaRefusal,
} from './upload-quota.js';

export interface IncomingFile {
  readonly documentSlug: string;
  readonly fileName: string;
  /** Bytes received (up to the cut-off). */
  readonly size: number;
  /** Loads the file's bytes (one file at a time); null when it was not received (no free upload slot). */
  readonly read: (() => Promise<Uint8Array>) | null;
  /** The upload was cut off at the size limit while it arrived. */
  readonly truncated: boolean;
}

export interface FileRefusal {
  readonly documentSlug: string;
  readonly fileName: string;
  readonly reason: UploadRefusal | FileQuotaRefusal | 'unknownDocument' | 'tooMany' | 'busy' | 'proofOfWork';
}

/** How many files one document may have (front and back, several pages as pictures). */
export const MAX_FILES_PER_DOCUMENT = 5;

export type SaveResult =
  | { readonly ok: true; readonly token: string; readonly draft: Draft; readonly refused: readonly FileRefusal[] }
  | { readonly ok: false; readonly reason: 'unknownService' | 'submitted' }
  | { readonly ok: false; readonly reason: 'quota'; readonly quota: DraftQuotaRefusal };

/**
 * Saves what the person typed and the files they chose, as a draft they can come back to. Each
 * file is checked by its content; one that fails is named with the reason and stored nowhere,
 * while everything else (answers, other files) is kept. Stored files are sealed at rest.
 *
 * Quotas (upload-quota.ts): a new draft counts against the address's and the authority's drafts
 * of the day (refused whole when over), each file against the draft's, the address's and the
 * authority's bytes (refused by name when over, the rest kept). A save touches the day's counts
 * only when it starts a draft or brings files, so typing alone never waits for another upload.
 */
export async function saveApplication(
  {
    serviceSlug,
    locale,
    token,
    answers: typed,
    files,
  }: {
    serviceSlug: string;
    locale: Locale;
    token: string | undefined;
    answers: DraftAnswers;
    files: readonly IncomingFile[];
  },
  ctx: Context,
  deps: CaseDeps,
): Promise<SaveResult> {
  const { limits, addressKey } = deps.uploads;
  const key = clientKey(ctx.actor.kind === 'public' ? ctx.actor.ip : '', addressKey);
  const day = officeToday(Date.now());
  const verdicts = await checkFiles(files);
  return withTenant(ctx.pool, ctx.authorityId, async (tx): Promise<SaveResult> => {
    const service = await applicationFacts(tx, locale, { slug: serviceSlug });
    if (!service) return { ok: false, reason: 'unknownService' };
    // Only answers to this service's questions are kept, as typed: they are checked on submission.
    const answers: DraftAnswers = { ...typed, questions: keepAnswered(service.questions, typed.questions) };
    let draft = await draftByToken(tx, token, locale, true);
    if (draft?.submittedCaseId) return { ok: false, reason: 'submitted' };
    const starts = !draft || draft.service.id !== service.id;
    const usage = starts || files.length > 0 ? await lockUsage(tx, ctx.authorityId, day, key) : null;
    let current = token;
    if (starts) {
      const refusal = draftQuotaRefusal(usage!, limits);
      if (refusal) return { ok: false, reason: 'quota', quota: refusal };
      current = randomToken();
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO application_drafts (authority_id, service_id, locale, token_hash, answers, expires_at)
         VALUES ($1, $2, $3, $4, $5, now() + make_interval(days => $6)) RETURNING id`,
        [ctx.authorityId, service.id, locale, tokenHash(current), answers, limits.draftExpiryDays],
      );
      draft = { id: rows[0]!.id, service, answers, files: [], submittedCaseId: null };
    } else {
      await tx.query(
        `UPDATE application_drafts SET answers = $2, locale = $3, updated_at = now(),
         expires_at = now() + make_interval(days => $4) WHERE id = $1`,
        [draft!.id, answers, locale, limits.draftExpiryDays],
      );
    }
    const stored = draft!.files.reduce((sum, f) => sum + f.byteSize, 0);
    const quota = usage ? fileQuota(usage, stored, limits) : null;
    const refused = await storeFiles(
      tx,
      { authorityId: ctx.authorityId, draftId: draft!.id, caseId: null, requestId: null },
      draft!,
      { files, verdicts },
      deps.vault,
      quota,
    );
    await addUsage(tx, ctx.authorityId, day, key, {
      ...(quota?.taken ?? { bytes: 0, files: 0 }),
      drafts: starts ? 1 : 0,
    });
    return { ok: true, token: current!, draft: (await draftByToken(tx, current, locale))!, refused };
  });
}

/** Where checked files go: a draft, or (requested later) a case. */
export interface FileOwner {
  readonly authorityId: string;
  readonly draftId: string | null;
  readonly caseId: string | null;
  readonly requestId: string | null;
}

/** Each received file's content check, by file (files refused before reading have none). */
export type FileVerdicts = ReadonlyMap<IncomingFile, UploadCheck>;

/**
 * Checks each file's content before any transaction begins: a PDF check runs in a worker and may
 * take seconds, which must not hold a connection, a transaction or a row lock. One file at a time
 * is in memory.
 */
export async function checkFiles(files: readonly IncomingFile[]): Promise<FileVerdicts> {
  const verdicts = new Map<IncomingFile, UploadCheck>();
  for (const file of files) {
    if (!file.read || file.truncated || file.size === 0) continue;
    verdicts.set(file, await checkUpload({ fileName: file.fileName, bytes: await file.read() }));
  }
  return verdicts;
}

/**
 * Stores the files whose content check (`checkFiles`, done before the transaction) passed, sealed;
 * returns the refusals (nothing stored for them). Cheap refusals come first; then one file at a
 * time is in memory. With a quota, each file must fit into what is left of it.
 */
export async function storeFiles(
  tx: Tx,
  owner: FileOwner,
  existing: Pick<Draft, 'service' | 'files'>,
  { files, verdicts }: { files: readonly IncomingFile[]; verdicts: FileVerdicts },
  vault: DocumentVault,
  quota: FileQuota | null,
): Promise<FileRefusal[]> {
  const refused: FileRefusal[] = [];
  const counts = new Map<string, number>();
  for (const f of existing.files) counts.set(f.documentSlug, (counts.get(f.documentSlug) ?? 0) + 1);
  for (const file of files) {
    const name = safeFileName(file.fileName);
    if (!existing.service.documents.some((d) => d.slug === file.documentSlug)) {
      refused.push({ documentSlug: file.documentSlug, fileName: name, reason: 'unknownDocument' });
      continue;
    }
    if ((counts.get(file.documentSlug) ?? 0) >= MAX_FILES_PER_DOCUMENT) {
      refused.push({ documentSlug: file.documentSlug, fileName: name, reason: 'tooMany' });
      continue;
    }
    const early = refusalBeforeReading(file, quota);
    const check = verdicts.get(file);
    if (early || !file.read || !check) {
      refused.push({ documentSlug: file.documentSlug, fileName: name, reason: early ?? 'busy' });
      continue;
    }
    if (!check.ok) {
      refused.push({ documentSlug: file.documentSlug, fileName: name, reason: check.reason });
      continue;
    }
    const bytes = await file.read();
    const { rows } = await tx.query<{ id: string }>('SELECT gen_random_uuid() AS id');
    const id = rows[0]!.id;
    await tx.query(
      `INSERT INTO application_files (id, authority_id, draft_id, case_id, request_id, document_slug, file_name, media_type, byte_size, pages, sealed)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        id,
        owner.authorityId,
        owner.draftId,
        owner.caseId,
        owner.requestId,
        file.documentSlug,
        check.fileName,
        check.mediaType,
        bytes.length,
        check.pages,
        vault.seal(bytes, id),
      ],
    );
    quota?.take(bytes.length);
    counts.set(file.documentSlug, (counts.get(file.documentSlug) ?? 0) + 1);
  }
  return refused;
}

function refusalBeforeReading(file: IncomingFile, quota: FileQuota | null): FileRefusal['reason'] | null {
  if (!file.read) return 'busy';
  if (file.truncated) return 'tooLarge';
  if (file.size === 0) return 'empty';
  return quota?.refusal(file.size) ?? null;
}
