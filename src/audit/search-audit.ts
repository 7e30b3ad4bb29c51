import { isDay, OFFICE_TIME_ZONE } from '../platform/clock/office-time.js';
import type pg from 'pg';
import type { Actor } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import { can } from '../platform/access/policies.js';
import { recordAudit } from './record-audit.js';

export interface AuditQuery {
  readonly text: string;
  /** Dates as YYYY-MM-DD (Europe/Berlin days), inclusive. */
  readonly from: string;
  readonly to: string;
}

export interface AuditRow {
  readonly seq: number;
  readonly at: Date;
  readonly actorLabel: string;
  readonly action: string;
  readonly object: string;
  readonly ip: string;
}

export function auditQueryValid(query: AuditQuery): boolean {
  return (
    // A calendar day: Date.parse would take 2026-02-30 (as 2 March), which PostgreSQL refuses.
    [query.from, query.to].every((d) => d === '' || isDay(d)) && query.text.length <= 200
  );
}

/**
 * The data-protection officer searches the authority's trail: newest 200 matches. Searching the
 * trail is itself recorded, so that reading who read what is visible too.
 */
export async function searchAudit(
  query: AuditQuery,
  actor: Extract<Actor, { kind: 'staff' }>,
  pool: pg.Pool,
): Promise<AuditRow[]> {
  if (!can(actor, 'audit.read')) throw new Error('not allowed');
  return withTenant(pool, actor.authorityId, async (tx) => {
    const like = `%${query.text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const { rows } = await tx.query<{
      seq: string;
      at: Date;
      actor_label: string;
      action: string;
      object: string | null;
      ip: string;
    }>(
      `SELECT seq, at, actor_label, action, concat_ws(' ', object_type, object_id) AS object, ip FROM audit_log
        WHERE ($1 = '%%' OR actor_label ILIKE $1 OR action ILIKE $1 OR object_id ILIKE $1 OR details::text ILIKE $1)
          AND ($2 = '' OR at >= ($2::date AT TIME ZONE '${OFFICE_TIME_ZONE}'))
          AND ($3 = '' OR at < (($3::date + 1) AT TIME ZONE '${OFFICE_TIME_ZONE}'))
        ORDER BY seq DESC LIMIT 200`,
      [like, query.from, query.to],
    );
    await recordAudit(tx, actor.authorityId, actor, { action: 'audit.searched', details: { ...query } });
    return rows.map((r) => ({
      seq: Number(r.seq),
      at: r.at,
      actorLabel: r.actor_label,
      action: r.action,
      object: r.object ?? '',
      ip: r.ip,
    }));
  });
}
