import type { StoredEntry } from './chain.js';

type Queryable = { query: import('pg').Pool['query'] };

/** One authority's chain from `fromSeq` on, sorted by seq (as the database owner, or in the authority's transaction). */
export async function readChain(db: Queryable, authorityId: string, fromSeq = 1): Promise<StoredEntry[]> {
  const { rows } = await db.query<{
    id: string;
    seq: string;
    at: Date;
    actor_id: string | null;
    actor_label: string;
    action: string;
    object_type: string | null;
    object_id: string | null;
    ip: string;
    details: unknown;
    scheme: 'sha256' | 'hmac';
    prev_hash: string;
    hash: string;
  }>(
    `SELECT id, seq, at, actor_id, actor_label, action, object_type, object_id, ip, details, scheme, prev_hash, hash
       FROM audit_log WHERE authority_id = $1 AND seq >= $2 ORDER BY seq`,
    [authorityId, fromSeq],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    authorityId,
    seq: Number(r.seq),
    at: r.at.toISOString(),
    actorId: r.actor_id,
    actorLabel: r.actor_label,
    action: r.action,
    objectType: r.object_type,
    objectId: r.object_id,
    ip: r.ip,
    details: r.details,
    scheme: r.scheme,
    prevHash: r.prev_hash,
    hash: r.hash,
  }));
}
