import { OFFICE_TIME_ZONE } from '../../platform/clock/office-time.js';
import type { Tx } from '../../platform/database/index.js';
import { DRAW_ALGORITHM, runDraw, verifyDraw, type DrawEntry, type DrawResult } from './draw.js';

/** Eight weeks: people whose permit expires this soon after the close are drawn first. */
export const URGENT_DAYS = 56;

export interface DrawRound {
  readonly id: string;
  readonly serviceId: string;
  readonly locationId: string;
  readonly opensAt: Date;
  readonly closesAt: Date;
  readonly slotsFrom: string;
  readonly slotsUntil: string;
  readonly seedHash: string;
  /** Revealed after the draw; null before. */
  readonly seed: string | null;
  readonly slotCount: number | null;
  readonly drawnAt: Date | null;
}

interface RoundRow {
  id: string;
  service_id: string;
  location_id: string;
  opens_at: Date;
  closes_at: Date;
  slots_from: string;
  slots_until: string;
  seed_hash: string;
  seed: string | null;
  slot_count: number | null;
  drawn_at: Date | null;
}

const ROUND_COLUMNS =
  'id, service_id, location_id, opens_at, closes_at, slots_from, slots_until, seed_hash, seed, slot_count, drawn_at';

function toRound(r: RoundRow): DrawRound {
  return {
    id: r.id,
    serviceId: r.service_id,
    locationId: r.location_id,
    opensAt: r.opens_at,
    closesAt: r.closes_at,
    slotsFrom: r.slots_from,
    slotsUntil: r.slots_until,
    seedHash: r.seed_hash,
    seed: r.seed,
    slotCount: r.slot_count,
    drawnAt: r.drawn_at,
  };
}

export async function roundById(tx: Tx, id: string): Promise<DrawRound | null> {
  const { rows } = await tx.query<RoundRow>(`SELECT ${ROUND_COLUMNS} FROM draw_rounds WHERE id = $1`, [id]);
  return rows[0] ? toRound(rows[0]) : null;
}

/** Rounds of a service that are open for registration now, or drawn recently (for the service's page). */
export async function currentRounds(tx: Tx, serviceId: string): Promise<DrawRound[]> {
  const { rows } = await tx.query<RoundRow>(
    `SELECT ${ROUND_COLUMNS} FROM draw_rounds WHERE service_id = $1 AND (drawn_at IS NULL OR drawn_at > now() - interval '30 days')
      ORDER BY closes_at DESC`,
    [serviceId],
  );
  return rows.map(toRound);
}

/**
 * Whether registration `r` of round `d` is urgent: its permit expires within URGENT_DAYS of the
 * close. An erased registration has no expiry date any more and keeps the flag taken at erasure.
 */
export const URGENT_SQL = `coalesce(r.urgent, r.permit_expires_on <= (d.closes_at AT TIME ZONE '${OFFICE_TIME_ZONE}')::date + ${URGENT_DAYS}, false)`;

/** The published list: pseudonym and urgency of every confirmed registration, nothing else. */
export async function publishedEntries(tx: Tx, round: DrawRound): Promise<DrawEntry[]> {
  const { rows } = await tx.query<{ pseudonym: string; urgent: boolean }>(
    `SELECT r.pseudonym, ${URGENT_SQL} AS urgent
       FROM draw_registrations r JOIN draw_rounds d ON d.id = r.round_id
      WHERE r.round_id = $1 AND r.confirmed_at IS NOT NULL ORDER BY r.pseudonym`,
    [round.id],
  );
  return rows;
}

export interface PublicDraw {
  readonly round: DrawRound;
  readonly entries: readonly DrawEntry[];
  /** After the draw: the allocation recomputed here from the revealed seed, and whether it matches the commitment. */
  readonly result: DrawResult | null;
  readonly verified: boolean | null;
  readonly algorithm: string;
}

/** Everything anyone needs to recompute a draw: commitment, list, and after the draw the seed. */
export async function publicDraw(tx: Tx, id: string): Promise<PublicDraw | null> {
  const round = await roundById(tx, id);
  if (!round) return null;
  const entries = await publishedEntries(tx, round);
  if (!round.seed || round.slotCount === null)
    return { round, entries, result: null, verified: null, algorithm: DRAW_ALGORITHM };
  const { rows } = await tx.query<{ pseudonym: string }>(
    `SELECT pseudonym FROM draw_registrations WHERE round_id = $1 AND draw_position IS NOT NULL ORDER BY draw_position`,
    [id],
  );
  const order = rows.map((r) => r.pseudonym);
  const winners = order.slice(0, round.slotCount).map((pseudonym, slotIndex) => ({ pseudonym, slotIndex }));
  const stored: DrawResult = { order, winners, waitlist: order.slice(round.slotCount) };
  const verified = verifyDraw(round.seed, round.seedHash, entries, round.slotCount, stored).ok;
  return { round, entries, result: runDraw(round.seed, entries, round.slotCount), verified, algorithm: DRAW_ALGORITHM };
}
