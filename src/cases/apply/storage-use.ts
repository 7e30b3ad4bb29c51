import type { UploadConfig } from '../../platform/config.js';
import { officeToday } from '../../platform/clock/office-time.js';
import type { Context } from '../../platform/context.js';
import { withTenant } from '../../platform/database/index.js';
import { actorCan } from '../../platform/access/actor-access.js';

/** What the authority stores of uploads, and what came in today: for the admin's storage page. */
export interface StorageUse {
  readonly caseFiles: { readonly count: number; readonly bytes: number };
  readonly drafts: { readonly count: number; readonly files: number; readonly bytes: number };
  readonly today: { readonly files: number; readonly bytes: number; readonly drafts: number };
  readonly quotas: UploadConfig;
}

/** Counts only, no personal data: nothing to audit. Admins (`staff.manage`) only. */
export async function storageUse({ quotas }: { quotas: UploadConfig }, ctx: Context): Promise<StorageUse | null> {
  if (!actorCan(ctx.actor, 'staff.manage', { authorityId: ctx.authorityId, locationId: null, serviceId: null }))
    return null;
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows: files } = await tx.query<{
      in_cases: string;
      case_bytes: string;
      in_drafts: string;
      draft_bytes: string;
    }>(
      `SELECT count(*) FILTER (WHERE case_id IS NOT NULL) AS in_cases,
              coalesce(sum(byte_size) FILTER (WHERE case_id IS NOT NULL), 0) AS case_bytes,
              count(*) FILTER (WHERE case_id IS NULL AND draft_id IS NOT NULL) AS in_drafts,
              coalesce(sum(byte_size) FILTER (WHERE case_id IS NULL AND draft_id IS NOT NULL), 0) AS draft_bytes
       FROM application_files`,
    );
    const { rows: drafts } = await tx.query<{ n: string }>(
      'SELECT count(*) AS n FROM application_drafts WHERE submitted_case_id IS NULL AND expires_at > now()',
    );
    const { rows: today } = await tx.query<{ bytes: string; files: number; drafts: number }>(
      `SELECT bytes, files, drafts FROM upload_usage WHERE day = $1 AND client_key = '\\x'::bytea`,
      [officeToday(Date.now())],
    );
    const f = files[0]!;
    return {
      caseFiles: { count: Number(f.in_cases), bytes: Number(f.case_bytes) },
      drafts: { count: Number(drafts[0]!.n), files: Number(f.in_drafts), bytes: Number(f.draft_bytes) },
      today: {
        files: today[0]?.files ?? 0,
        bytes: Number(today[0]?.bytes ?? 0),
        drafts: today[0]?.drafts ?? 0,
      },
      quotas,
    };
  });
}
