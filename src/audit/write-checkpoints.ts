import { listAuthorities } from '../authorities/find-authority.js';
import { withTenant, type Tx } from '../platform/database/index.js';
import { staffTranslator } from '../platform/i18n/staff-translator.js';
import type { AuditDeps } from './audit-deps.js';
import { type Checkpoint, damageSince, signCheckpoint } from './checkpoint.js';
import { appendCheckpointLine, loadCheckpoints, newestByAuthority } from './checkpoint-file.js';
import { describeFindingOrAnchor } from './describe.js';
import { readChain } from './read-chain.js';

export const AUDIT_CHECKPOINT_JOB = 'audit-checkpoint';

export type CheckpointOutcome =
  | { readonly authority: string; readonly kind: 'written'; readonly checkpoint: Checkpoint; readonly mailed: number }
  | { readonly authority: string; readonly kind: 'unchanged' | 'empty' }
  /** The entries since the last checkpoint are damaged: nothing was signed, the officers were told. */
  | { readonly authority: string; readonly kind: 'refused'; readonly findings: readonly string[] };

interface Authority {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
}

async function mailOfficers(
  tx: Tx,
  deps: AuditDeps,
  authority: Authority,
  mail: (to: string) => { subject: string; text: string },
): Promise<number> {
  const officers = await deps.dataProtectionOfficers(tx);
  if (officers.length === 0) deps.log(`audit: ${authority.slug} has no data-protection officer to mail`);
  for (const to of officers) await deps.notifyCheckpoint(tx, authority.id, { to, ...mail(to) });
  return officers.length;
}

async function checkpointAuthority(
  deps: AuditDeps,
  authority: Authority,
  last: Checkpoint | undefined,
  options: { force: boolean; now: Date },
): Promise<CheckpointOutcome> {
  const t = staffTranslator('de');
  return withTenant(deps.pool, authority.id, async (tx) => {
    const stretch = await readChain(tx, authority.id, last?.seq ?? 1);
    const damage = damageSince(stretch, last, deps.keys.chain).map((f) => describeFindingOrAnchor(t, f));
    if (damage.length > 0) {
      // Never sign a damaged head: a checkpoint would vouch for the damage.
      deps.log(`audit: ${authority.slug}: damaged since the last checkpoint; none written: ${damage.join(' | ')}`);
      await mailOfficers(tx, deps, authority, () => ({
        subject: t.t('mail.auditDamage.subject', { authority: authority.name }),
        text: t.t('mail.auditDamage.text', { authority: authority.name, findings: damage.join('\n') }),
      }));
      return { authority: authority.slug, kind: 'refused', findings: damage };
    }
    const head = stretch.at(-1);
    if (!head) return { authority: authority.slug, kind: 'empty' };
    if (last && head.seq === last.seq && !options.force) return { authority: authority.slug, kind: 'unchanged' };
    const checkpoint: Checkpoint = {
      authorityId: authority.id,
      authority: authority.slug,
      seq: head.seq,
      hash: head.hash,
      entryAt: head.at,
      at: options.now.toISOString(),
    };
    const line = signCheckpoint(checkpoint, deps.keys);
    await appendCheckpointLine(deps.checkpointFile, line);
    const mailed = await mailOfficers(tx, deps, authority, () => ({
      subject: t.t('mail.auditCheckpoint.subject', { authority: authority.name, seq: head.seq }),
      text: t.t('mail.auditCheckpoint.text', {
        authority: authority.name,
        seq: head.seq,
        at: t.dateTime(options.now),
        line,
        publicKey: deps.keys.publicKeyPem.trim(),
      }),
    }));
    return { authority: authority.slug, kind: 'written', checkpoint, mailed };
  });
}

/**
 * Signs the head of every authority's chain and keeps it outside the database: one line appended to
 * the checkpoint file, and a mail to the authority's data-protection officers. A head that has not
 * moved since the last checkpoint is left alone unless `force` (on demand). Before signing, the
 * entries since the last checkpoint are checked; damaged ones are reported instead of signed.
 */
export async function writeCheckpoints(
  deps: AuditDeps,
  options: { force?: boolean; now?: Date } = {},
): Promise<CheckpointOutcome[]> {
  const { valid } = await loadCheckpoints([deps.checkpointFile], deps.keys);
  const newest = newestByAuthority(valid);
  const outcomes: CheckpointOutcome[] = [];
  for (const authority of await listAuthorities(deps.pool)) {
    outcomes.push(
      await checkpointAuthority(deps, authority, newest.get(authority.id), {
        force: options.force ?? false,
        now: options.now ?? new Date(),
      }),
    );
  }
  return outcomes;
}
