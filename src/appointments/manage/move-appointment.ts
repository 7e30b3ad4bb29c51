import { bookingFacts } from '../../catalog/booking-facts.js';
import type { Context } from '../../platform/context.js';
import { tokenHash } from '../../platform/crypto.js';
import { withTenant } from '../../platform/database/index.js';
import type { Locale } from '../../platform/i18n/locales.js';
import type { AppointmentDeps } from '../appointments-deps.js';
import { appointmentView } from '../appointment-view.js';
import { bookingRules } from '../booking/booking-plan.js';
import { cancelBooked } from './cancel-appointment.js';
import { newCheckInCode } from '../codes.js';
import { sendConfirmation } from '../confirmation/confirmation-mail.js';
import { claimCounter, freeCountersAt, releaseLapsed } from '../booking/hold-slot.js';

export type MoveResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'unknown' | 'notMovable' | 'past' | 'notOffered' | 'taken' };

/**
 * Moves a booked appointment to another free time of the same service, keeping the person and the
 * link: the old time is cancelled (with its cool-down) and the new one booked in one transaction,
 * so that when the new time is gone the old appointment stays as it was.
 */
export async function moveAppointment(
  {
    manageToken,
    locationId,
    startsAt,
    authorityName,
  }: { manageToken: string; locationId: string; startsAt: Date; authorityName: string },
  ctx: Context,
  deps: AppointmentDeps,
): Promise<MoveResult> {
  const hash = tokenHash(manageToken);
  return withTenant<MoveResult>(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query<{ id: string; service_id: string; movable: boolean; locale: Locale }>(
      `SELECT id, service_id, status = 'booked' AND starts_at > now() AS movable, locale FROM appointments WHERE manage_token_hash = $1 FOR UPDATE`,
      [hash],
    );
    const old = rows[0];
    if (!old) return { ok: false, reason: 'unknown' };
    if (!old.movable) return { ok: false, reason: 'notMovable' };
    const service = (await bookingFacts(tx, 'de', { id: old.service_id }))!;
    if (!service.locationIds.includes(locationId)) return { ok: false, reason: 'notOffered' };
    const rules = await bookingRules(tx, ctx.authorityId);
    const endsAt = new Date(startsAt.getTime() + service.durationMinutes * 60_000);
    await releaseLapsed(tx, locationId, startsAt, endsAt);
    await cancelBooked(tx, old.id, ctx.authorityId, deps);
    const counters = await freeCountersAt(
      tx,
      ctx.authorityId,
      service,
      locationId,
      'online',
      startsAt,
      Date.now() + rules.leadMinutes * 60_000,
    );
    if (typeof counters === 'string') throw new MoveRefused(counters);
    const claimed = await claimCounter(tx, {
      authorityId: ctx.authorityId,
      serviceId: service.id,
      locationId,
      counterIds: counters,
      channel: 'online',
      startsAt,
      endsAt,
      status: 'held',
      releasesAt: null,
      holdTokenHash: null,
    });
    if (!claimed) throw new MoveRefused('taken');
    // The link moves with the person: the old row gives it up first (it is unique).
    await tx.query('UPDATE appointments SET manage_token_hash = NULL WHERE id = $1', [old.id]);
    await tx.query(
      `UPDATE appointments n SET status = 'booked', first_name = o.first_name, last_name = o.last_name, birth_date = o.birth_date, email = o.email,
              locale = o.locale, permit_expires_on = o.permit_expires_on, identity_key = o.identity_key, email_key = o.email_key,
              manage_token_hash = $3, check_in_code = $4, confirmed_at = now()
         FROM appointments o WHERE n.id = $1 AND o.id = $2`,
      [claimed.id, old.id, hash, newCheckInCode()],
    );
    await sendConfirmation(
      tx,
      ctx.authorityId,
      deps,
      (await appointmentView(tx, { id: claimed.id }, old.locale))!,
      authorityName,
      manageToken,
      'moved',
    );
    return { ok: true } as const;
  }).catch((error: unknown): MoveResult => {
    if (error instanceof MoveRefused) return { ok: false, reason: error.reason };
    throw error;
  });
}

/** Unwinds the transaction (the old appointment is kept) and says why. */
class MoveRefused extends Error {
  constructor(readonly reason: 'past' | 'notOffered' | 'taken') {
    super(reason);
  }
}
