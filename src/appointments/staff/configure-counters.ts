import { recordAudit } from '../../audit/record-audit.js';
import {
  addOpeningHours,
  openingHoursLocation,
  removeOpeningHours,
} from '../../authorities/configure-opening-hours.js';
import { actorCan } from '../../platform/access/actor-access.js';
import type { Context } from '../../platform/context.js';
import { withTenant, type Tx } from '../../platform/database/index.js';
import { forgetLocationLayout } from '../booking/booking-plan.js';
import { isDay, minutesOf } from '../../platform/clock/office-time.js';

/** A change to a location's appointment settings, as posted by the settings page. */
export type CounterChange =
  | { op: 'addCounter'; locationId: string; label: string }
  | {
      op: 'updateCounter';
      counterId: string;
      label: string;
      staffUserId: string | null;
      serviceIds: readonly string[];
      active: boolean;
    }
  | { op: 'addHours'; counterId: string; weekdays: readonly string[]; opens: string; closes: string; channel: string }
  | { op: 'removeHours'; hoursId: string }
  | { op: 'addOpeningHours'; locationId: string; weekdays: readonly string[]; opens: string; closes: string }
  | { op: 'removeOpeningHours'; openingHoursId: string }
  | { op: 'addClosedDay'; locationId: string | null; day: string; reason: string }
  | { op: 'removeClosedDay'; closedDayId: string };

export type SettingsError = 'label' | 'time' | 'weekday' | 'channel' | 'day' | 'reason' | 'duplicate';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Checks a change before it touches the database; pure. */
export function settingsErrors(change: CounterChange): SettingsError[] {
  switch (change.op) {
    case 'addCounter':
    case 'updateCounter':
      return change.label.trim().length < 1 || change.label.trim().length > 40 ? ['label'] : [];
    case 'addHours':
    case 'addOpeningHours': {
      const errors: SettingsError[] = [];
      if (change.weekdays.length === 0 || change.weekdays.some((d) => !/^[1-7]$/.test(d))) errors.push('weekday');
      if (!TIME.test(change.opens) || !TIME.test(change.closes) || minutesOf(change.opens) >= minutesOf(change.closes))
        errors.push('time');
      if (change.op === 'addHours' && !['online', 'staff', 'emergency'].includes(change.channel))
        errors.push('channel');
      return errors;
    }
    case 'addClosedDay': {
      const errors: SettingsError[] = [];
      if (!isDay(change.day)) errors.push('day');
      if (change.reason.trim().length < 1 || change.reason.trim().length > 200) errors.push('reason');
      return errors;
    }
    default:
      return [];
  }
}

async function apply(tx: Tx, authorityId: string, change: CounterChange): Promise<string | null> {
  switch (change.op) {
    case 'addCounter': {
      const { rows } = await tx.query<{ id: string }>(
        'INSERT INTO counters (authority_id, location_id, label) VALUES ($1, $2, $3) ON CONFLICT (location_id, label) DO NOTHING RETURNING id',
        [authorityId, change.locationId, change.label.trim()],
      );
      return rows[0]?.id ?? null;
    }
    case 'updateCounter': {
      const { rowCount } = await tx.query(
        'UPDATE counters SET label = $2, staff_user_id = $3, active = $4 WHERE id = $1',
        [change.counterId, change.label.trim(), change.staffUserId, change.active],
      );
      await tx.query('DELETE FROM counter_services WHERE counter_id = $1', [change.counterId]);
      await tx.query(
        `INSERT INTO counter_services (counter_id, service_id, authority_id)
                      SELECT $1, s, $3 FROM unnest($2::uuid[]) AS s`,
        [change.counterId, change.serviceIds, authorityId],
      );
      return rowCount ? change.counterId : null;
    }
    case 'addHours':
      for (const weekday of change.weekdays) {
        await tx.query(
          'INSERT INTO counter_hours (counter_id, authority_id, weekday, opens, closes, channel) VALUES ($1, $2, $3, $4, $5, $6)',
          [change.counterId, authorityId, Number(weekday), change.opens, change.closes, change.channel],
        );
      }
      return change.counterId;
    case 'removeHours':
      await tx.query('DELETE FROM counter_hours WHERE id = $1', [change.hoursId]);
      return change.hoursId;
    case 'addOpeningHours':
      await addOpeningHours(
        tx,
        authorityId,
        change.locationId,
        change.weekdays.map(Number),
        change.opens,
        change.closes,
      );
      return change.locationId;
    case 'removeOpeningHours':
      return (await removeOpeningHours(tx, change.openingHoursId)) ? change.openingHoursId : null;
    case 'addClosedDay': {
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO closed_days (authority_id, location_id, day, reason) VALUES ($1, $2, $3, $4)
         ON CONFLICT (authority_id, location_id, day) DO NOTHING RETURNING id::text`,
        [authorityId, change.locationId, change.day, change.reason.trim()],
      );
      return rows[0]?.id ?? null;
    }
    case 'removeClosedDay':
      await tx.query('DELETE FROM closed_days WHERE id = $1', [change.closedDayId]);
      return change.closedDayId;
  }
}

/** The location a change is about, read from the object it names (null: all locations; undefined: no such object). */
async function placeOf(tx: Tx, change: CounterChange): Promise<string | null | undefined> {
  const one = async (sql: string, id: string) =>
    (await tx.query<{ location_id: string | null }>(sql, [id])).rows[0]?.location_id;
  switch (change.op) {
    case 'addCounter':
    case 'addOpeningHours':
    case 'addClosedDay':
      return change.locationId;
    case 'updateCounter':
    case 'addHours':
      return one('SELECT location_id FROM counters WHERE id = $1', change.counterId);
    case 'removeHours':
      return one(
        'SELECT c.location_id FROM counter_hours h JOIN counters c ON c.id = h.counter_id WHERE h.id = $1',
        change.hoursId,
      );
    case 'removeOpeningHours':
      return (await openingHoursLocation(tx, change.openingHoursId)) ?? undefined;
    case 'removeClosedDay':
      return one('SELECT location_id FROM closed_days WHERE id = $1', change.closedDayId);
  }
}

/**
 * Changes counters, their hours per channel, or closed days. Existing appointments are never moved
 * or dropped by it: new hours or a closed day only change which times are offered from now on.
 * 'notFound' when the object does not exist or lies at a location the actor may not configure (a
 * closed day of all locations needs a grant for all of them); then nothing changes.
 */
export async function configureCounters(change: CounterChange, ctx: Context): Promise<SettingsError[] | 'notFound'> {
  const errors = settingsErrors(change);
  if (errors.length > 0) return errors;
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const locationId = await placeOf(tx, change);
    if (locationId === undefined) return 'notFound';
    if (!actorCan(ctx.actor, 'appointments.configure', { authorityId: ctx.authorityId, locationId })) return 'notFound';
    const id = await apply(tx, ctx.authorityId, change);
    if (id === null) return ['duplicate'];
    // This process shows the change at once; others within the layout cache's few seconds.
    forgetLocationLayout();
    await recordAudit(tx, ctx.authorityId, ctx.actor, {
      action: `appointments.settings.${change.op.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`,
      objectType: 'counter_settings',
      objectId: id,
    });
    return [];
  });
}
