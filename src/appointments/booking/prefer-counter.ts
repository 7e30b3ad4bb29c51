import type { Tx } from '../../platform/database/index.js';
import type { Locale } from '../../platform/i18n/locales.js';
import { bookingFacts } from '../../catalog/booking-facts.js';
import { staffSpeaking } from '../../identity/staff-store.js';
import { freeCountersAt } from './hold-slot.js';
import type { Channel } from './slots.js';

// The counter was taken meanwhile (exclusion), or two moves met (deadlock): stay where it is.
const RACE_LOST = new Set(['23P01', '40P01']);

/**
 * Moves an appointment, at the same time, to a counter staffed by someone who speaks the
 * customer's language, when the one it holds is not and such a counter is free. German is spoken
 * at every counter. The exclusion constraint keeps the move from ever overbooking.
 */
export async function preferSpeakingCounter(tx: Tx, appointmentId: string, locale: Locale): Promise<void> {
  if (locale === 'de') return;
  const { rows } = await tx.query<{
    authority_id: string;
    service_id: string;
    location_id: string;
    channel: Channel;
    starts_at: Date;
    staff_user_id: string | null;
  }>(
    `SELECT a.authority_id, a.service_id, a.location_id, a.channel, a.starts_at, c.staff_user_id
       FROM appointments a JOIN counters c ON c.id = a.counter_id WHERE a.id = $1`,
    [appointmentId],
  );
  const row = rows[0];
  if (!row || (row.staff_user_id && (await staffSpeaking(tx, [row.staff_user_id], locale)).size > 0)) return;
  const service = await bookingFacts(tx, 'de', { id: row.service_id });
  if (!service) return;
  const free = await freeCountersAt(tx, row.authority_id, service, row.location_id, row.channel, row.starts_at, 0);
  if (typeof free === 'string' || free.length === 0) return;
  const { rows: staffed } = await tx.query<{ id: string; staff_user_id: string }>(
    'SELECT id, staff_user_id FROM counters WHERE id = ANY($1) AND staff_user_id IS NOT NULL ORDER BY label',
    [free],
  );
  const speaking = await staffSpeaking(
    tx,
    staffed.map((c) => c.staff_user_id),
    locale,
  );
  for (const { id } of staffed.filter((c) => speaking.has(c.staff_user_id))) {
    await tx.query('SAVEPOINT prefer');
    try {
      await tx.query('UPDATE appointments SET counter_id = $2 WHERE id = $1', [appointmentId, id]);
      await tx.query('RELEASE SAVEPOINT prefer');
      return;
    } catch (error) {
      await tx.query('ROLLBACK TO SAVEPOINT prefer');
      if (!RACE_LOST.has((error as { code?: string }).code ?? '')) throw error;
    }
  }
}
