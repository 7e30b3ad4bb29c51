import type { Context } from '../../platform/context.js';
import { randomToken, tokenHash } from '../../platform/crypto.js';
import { withTenant, type Tx } from '../../platform/database/index.js';
import type { AppointmentDeps } from '../appointments-deps.js';
import { appointmentView, type AppointmentView } from '../appointment-view.js';
import { newCheckInCode } from '../codes.js';
import { sendConfirmation } from '../confirmation/confirmation-mail.js';
import { offerToNext } from './offer-freed-slot.js';
import type { Channel } from '../booking/slots.js';

export type OfferAnswer =
  | { readonly ok: true; readonly accepted: boolean }
  | { readonly ok: false; readonly reason: 'unknown' | 'lapsed' };

interface OfferRow {
  id: string;
  service_id: string;
  location_id: string;
  counter_id: string;
  channel: Channel;
  starts_at: Date;
  ends_at: Date;
  live: boolean;
  status: string;
}

/** Ends an offer that was declined or ran out, and offers the time to the next person waiting. */
export async function passOfferOn(
  tx: Tx,
  offer: OfferRow,
  outcome: 'lapsed',
  authorityId: string,
  deps: AppointmentDeps,
): Promise<void> {
  await tx.query(
    `UPDATE appointments SET status = 'expired', occupies = false, manage_token_hash = NULL WHERE id = $1`,
    [offer.id],
  );
  await tx.query('UPDATE draw_registrations SET outcome = $2 WHERE appointment_id = $1', [offer.id, outcome]);
  await offerToNext(
    tx,
    {
      serviceId: offer.service_id,
      locationId: offer.location_id,
      counterId: offer.counter_id,
      channel: offer.channel,
      startsAt: offer.starts_at,
      endsAt: offer.ends_at,
    },
    authorityId,
    deps,
  );
}

export async function findOffer({ token }: { token: string }, ctx: Context): Promise<AppointmentView | null> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const view = await appointmentView(tx, { manageTokenHash: tokenHash(token) }, 'de');
    return view && view.status === 'offered' ? appointmentView(tx, { id: view.id }, view.locale ?? 'de') : view;
  });
}

/** The person answers an offer from the waitlist: accepted, it becomes their booked appointment. */
export async function answerOffer(
  { token, accept, authorityName }: { token: string; accept: boolean; authorityName: string },
  ctx: Context,
  deps: AppointmentDeps,
): Promise<OfferAnswer> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query<OfferRow>(
      `SELECT id, service_id, location_id, counter_id, channel, starts_at, ends_at, status, occupies AND releases_at > now() AS live
         FROM appointments WHERE manage_token_hash = $1 FOR UPDATE`,
      [tokenHash(token)],
    );
    const offer = rows[0];
    if (offer?.status !== 'offered') return { ok: false, reason: 'unknown' };
    if (!offer.live) {
      await passOfferOn(tx, offer, 'lapsed', ctx.authorityId, deps);
      return { ok: false, reason: 'lapsed' };
    }
    if (!accept) {
      await passOfferOn(tx, offer, 'lapsed', ctx.authorityId, deps);
      return { ok: true, accepted: false };
    }
    const manageToken = randomToken();
    await tx.query(
      `UPDATE appointments SET status = 'booked', releases_at = NULL, confirmed_at = now(), check_in_code = $2, manage_token_hash = $3 WHERE id = $1`,
      [offer.id, newCheckInCode(), tokenHash(manageToken)],
    );
    await tx.query(`UPDATE draw_registrations SET outcome = 'won' WHERE appointment_id = $1`, [offer.id]);
    const view = (await appointmentView(tx, { id: offer.id }, 'de'))!;
    await sendConfirmation(
      tx,
      ctx.authorityId,
      deps,
      (await appointmentView(tx, { id: offer.id }, view.locale ?? 'de'))!,
      authorityName,
      manageToken,
    );
    return { ok: true, accepted: true };
  });
}

/** The sweep: offers whose time ran out pass to the next person. */
export async function passLapsedOffers(tx: Tx, authorityId: string, deps: AppointmentDeps): Promise<number> {
  const { rows } = await tx.query<OfferRow>(
    `SELECT id, service_id, location_id, counter_id, channel, starts_at, ends_at, status, false AS live
       FROM appointments WHERE status = 'offered' AND occupies AND releases_at <= now() FOR UPDATE SKIP LOCKED`,
  );
  for (const offer of rows) await passOfferOn(tx, offer, 'lapsed', authorityId, deps);
  return rows.length;
}
