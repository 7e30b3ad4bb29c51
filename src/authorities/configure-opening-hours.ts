import type { Tx } from '../platform/database/index.js';

/** Adds opening hours on some weekdays (ISO 1–7) to a location; the transaction is scoped to its authority. */
export async function addOpeningHours(
  tx: Tx,
  authorityId: string,
  locationId: string,
  weekdays: readonly number[],
  opens: string,
  closes: string,
): Promise<void> {
  for (const weekday of weekdays) {
    await tx.query(
      'INSERT INTO opening_hours (location_id, authority_id, weekday, opens, closes) VALUES ($1, $2, $3, $4, $5)',
      [locationId, authorityId, weekday, opens, closes],
    );
  }
}

/** Removes one stretch of opening hours; false when there was none by that id. */
export async function removeOpeningHours(tx: Tx, id: string): Promise<boolean> {
  const { rowCount } = await tx.query('DELETE FROM opening_hours WHERE id = $1', [id]);
  return (rowCount ?? 0) > 0;
}

/** The location a stretch of opening hours belongs to (to check who may remove it); null when there is none by that id. */
export async function openingHoursLocation(tx: Tx, id: string): Promise<string | null> {
  const { rows } = await tx.query<{ location_id: string }>('SELECT location_id FROM opening_hours WHERE id = $1', [id]);
  return rows[0]?.location_id ?? null;
}
