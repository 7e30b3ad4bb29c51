import type pg from 'pg';
import { listAuthorities } from '../authorities/find-authority.js';
import { firstBreak, type Break, type StoredEntry } from './chain.js';

export interface ChainReport {
  readonly authority: string;
  readonly entries: number;
  readonly broken: (Break & { readonly at: string; readonly action: string }) | null;
}

/** Checks every authority's chain (as the database owner: it must see all authorities). */
export async function verifyAuditTrail(owner: pg.Pool): Promise<ChainReport[]> {
  const authorities = await listAuthorities(owner);
  const reports: ChainReport[] = [];
  for (const authority of authorities) {
    const { rows } = await owner.query<{
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
      prev_hash: string;
      hash: string;
    }>('SELECT * FROM audit_log WHERE authority_id = $1 ORDER BY seq', [authority.id]);
    const chain: StoredEntry[] = rows.map((r) => ({
      id: Number(r.id),
      authorityId: authority.id,
      seq: Number(r.seq),
      at: r.at.toISOString(),
      actorId: r.actor_id,
      actorLabel: r.actor_label,
      action: r.action,
      objectType: r.object_type,
      objectId: r.object_id,
      ip: r.ip,
      details: r.details,
      prevHash: r.prev_hash,
      hash: r.hash,
    }));
    const found = firstBreak(chain);
    const entry = found ? chain.find((e) => e.id === found.id) : undefined;
    reports.push({
      authority: authority.slug,
      entries: chain.length,
      broken: found && entry ? { ...found, at: entry.at, action: entry.action } : null,
    });
  }
  return reports;
}
