import type pg from 'pg';
import { listAuthorities } from '../authorities/find-authority.js';
import type { AuditKeys } from './audit-keys.js';
import { type Finding, inspectChain, keyedCoverage } from './chain.js';
import { type AnchorFinding, anchorFindings, type Checkpoint } from './checkpoint.js';
import { type BadCheckpointLine, loadCheckpoints, newestByAuthority } from './checkpoint-file.js';
import { readChain } from './read-chain.js';

export interface ChainReport {
  readonly authorityId: string;
  readonly authority: string;
  readonly entries: number;
  /** Entries written before the keyed chain (plain SHA-256), and the first keyed entry, which seals them. */
  readonly unkeyed: number;
  readonly firstKeyed: number | null;
  /** Damaged entries, from the chain itself. */
  readonly findings: readonly Finding[];
  /** What the checkpoints outside the database say: cut or rewritten. */
  readonly anchor: readonly AnchorFinding[];
  readonly lastCheckpoint: Checkpoint | null;
}

export interface AuditVerification {
  readonly chains: readonly ChainReport[];
  /** Lines of the checkpoint files that are not valid checkpoints (forged, or signed by another key). */
  readonly badCheckpoints: readonly BadCheckpointLine[];
}

export function chainIntact(report: ChainReport): boolean {
  return report.findings.length === 0 && report.anchor.length === 0;
}

export function trailIntact(verification: AuditVerification): boolean {
  return verification.badCheckpoints.length === 0 && verification.chains.every(chainIntact);
}

/**
 * Checks every authority's chain with the chain key, and against the checkpoints in these files
 * (as the database owner: it must see all authorities). An authority that only the checkpoints
 * know was removed with its whole chain: that is reported as a cut.
 */
export async function verifyAuditTrail(
  owner: pg.Pool,
  options: { keys: AuditKeys; checkpointFiles: readonly string[] },
): Promise<AuditVerification> {
  const checkpoints = await loadCheckpoints(options.checkpointFiles, options.keys);
  const newest = newestByAuthority(checkpoints.valid);
  const authorities = new Map((await listAuthorities(owner)).map((a) => [a.id, a.slug]));
  for (const [id, checkpoint] of newest) if (!authorities.has(id)) authorities.set(id, checkpoint.authority);
  const chains: ChainReport[] = [];
  for (const [authorityId, slug] of authorities) {
    const chain = await readChain(owner, authorityId);
    chains.push({
      authorityId,
      authority: slug,
      entries: chain.length,
      ...keyedCoverage(chain),
      findings: inspectChain(chain, options.keys.chain),
      anchor: anchorFindings(
        chain,
        checkpoints.valid.filter((c) => c.authorityId === authorityId),
      ),
      lastCheckpoint: newest.get(authorityId) ?? null,
    });
  }
  return { chains, badCheckpoints: checkpoints.bad };
}
