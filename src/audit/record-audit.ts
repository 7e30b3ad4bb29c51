import type { Actor } from '../platform/context.js';
import type { Tx } from '../platform/database/index.js';
import { auditChainKey } from './audit-keys.js';
import { GENESIS_HASH, keyedHash, type AuditEntry } from './chain.js';

export interface AuditEvent {
  /** What happened, as `area.verb` (e.g. `staff.login`, `staff.roles_changed`, `case.viewed`). */
  readonly action: string;
  readonly objectType?: string;
  readonly objectId?: string;
  /** What changed; never secrets (passwords, tokens, second-factor secrets). */
  readonly details?: Record<string, unknown>;
}

function actorFields(actor: Actor): { actorId: string | null; actorLabel: string; ip: string } {
  if (actor.kind === 'staff') return { actorId: actor.userId, actorLabel: actor.email, ip: actor.ip };
  if (actor.kind === 'system') return { actorId: null, actorLabel: `system:${actor.process}`, ip: '' };
  return { actorId: null, actorLabel: 'public', ip: actor.ip };
}

/**
 * Appends an entry to the authority's audit trail, in the caller's transaction (so the entry
 * exists exactly when the change it records does). Every capability records through this one
 * function: logins, every change, every read of personal data. The transaction must be scoped
 * to the authority (withTenant). The entry is sealed with the chain key (HMAC), over the hash of
 * the entry before it, whichever scheme that one has.
 */
export async function recordAudit(tx: Tx, authorityId: string, actor: Actor, event: AuditEvent): Promise<void> {
  // Entries of one authority are chained one after another: serialise writers of that chain.
  await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('audit:' || $1, 0))", [authorityId]);
  const { rows } = await tx.query<{ seq: string; hash: string }>(
    'SELECT seq, hash FROM audit_log WHERE authority_id = $1 ORDER BY seq DESC LIMIT 1',
    [authorityId],
  );
  const prevHash = rows[0]?.hash ?? GENESIS_HASH;
  const entry: AuditEntry = {
    authorityId,
    seq: Number(rows[0]?.seq ?? 0) + 1,
    at: new Date().toISOString(),
    ...actorFields(actor),
    action: event.action,
    objectType: event.objectType ?? null,
    objectId: event.objectId ?? null,
    details: event.details ?? {},
  };
  await tx.query(
    `INSERT INTO audit_log (authority_id, seq, at, actor_id, actor_label, action, object_type, object_id, ip, details, prev_hash, hash, scheme)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'hmac')`,
    [
      authorityId,
      entry.seq,
      entry.at,
      entry.actorId,
      entry.actorLabel,
      entry.action,
      entry.objectType,
      entry.objectId,
      entry.ip,
      JSON.stringify(entry.details),
      prevHash,
      keyedHash(auditChainKey(), prevHash, entry),
    ],
  );
}
