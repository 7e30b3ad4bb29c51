import { enqueueMail } from '../../platform/mail/outbox.js';
import { randomToken, tokenHash } from '../../platform/crypto.js';
import type { Tx } from '../../platform/database/index.js';
import type { Locale } from '../../platform/i18n/locales.js';
import { translator } from '../../platform/i18n/translator.js';
import type { AppointmentDeps } from '../appointments-deps.js';
import { bookingRules } from '../booking/booking-plan.js';
import { emailKey } from '../codes.js';
import { claimCounter } from '../booking/hold-slot.js';
import { formatSlot } from '../slot-format.js';
import type { Channel } from '../booking/slots.js';

interface FreedTime {
  readonly serviceId: string;
  readonly locationId: string;
  readonly counterId: string;
  readonly channel: Channel;
  readonly startsAt: Date;
  readonly endsAt: Date;
}

/**
 * Offers a freed time of a service allocated by draw to the next person on the waitlist of the
 * latest drawn round (in draw order). The offer holds the time for `offer_hours`; when it lapses or
 * is declined, the next person gets it. With nobody waiting, the time follows the normal cool-down.
 */
export async function offerToNext(
  tx: Tx,
  time: FreedTime,
  authorityId: string,
  deps: AppointmentDeps,
): Promise<boolean> {
  if (time.startsAt.getTime() <= Date.now()) return false;
  const { rows } = await tx.query<{
    id: string;
    first_name: string;
    last_name: string;
    birth_date: string;
    email: string;
    locale: Locale;
    permit_expires_on: string | null;
    identity_key: Buffer;
  }>(
    `SELECT r.id, r.first_name, r.last_name, r.birth_date, r.email, r.locale, r.permit_expires_on, r.identity_key
       FROM draw_registrations r JOIN draw_rounds d ON d.id = r.round_id
      WHERE d.service_id = $1 AND d.location_id = $2 AND d.drawn_at IS NOT NULL AND r.outcome = 'waitlisted' AND r.erased_at IS NULL
      ORDER BY d.drawn_at DESC, r.draw_position LIMIT 1 FOR UPDATE OF r SKIP LOCKED`,
    [time.serviceId, time.locationId],
  );
  const next = rows[0];
  if (!next) return false;
  const rules = await bookingRules(tx, authorityId);
  const expiresAt = new Date(Math.min(Date.now() + rules.offerHours * 3_600_000, time.startsAt.getTime() - 3_600_000));
  const claimed = await claimCounter(tx, {
    authorityId,
    serviceId: time.serviceId,
    locationId: time.locationId,
    counterIds: [time.counterId],
    channel: time.channel,
    startsAt: time.startsAt,
    endsAt: time.endsAt,
    status: 'offered',
    releasesAt: expiresAt,
    holdTokenHash: null,
  });
  if (!claimed) return false;
  const token = randomToken();
  await tx.query(
    `UPDATE appointments SET first_name = $2, last_name = $3, birth_date = $4, email = $5, locale = $6, permit_expires_on = $7,
            identity_key = $8, email_key = $10, manage_token_hash = $9 WHERE id = $1`,
    [
      claimed.id,
      next.first_name,
      next.last_name,
      next.birth_date,
      next.email,
      next.locale,
      next.permit_expires_on,
      next.identity_key,
      tokenHash(token),
      emailKey(next.email),
    ],
  );
  await tx.query(`UPDATE draw_registrations SET outcome = 'offered', appointment_id = $2 WHERE id = $1`, [
    next.id,
    claimed.id,
  ]);
  const t = translator(next.locale);
  const { date, time: clock } = formatSlot(next.locale, time.startsAt);
  const until = formatSlot(next.locale, expiresAt);
  await enqueueMail(tx, authorityId, {
    to: next.email,
    subject: t.t('mail.offer.subject', { date }),
    text: t.t('mail.offer.text', {
      date,
      time: clock,
      until: `${until.date} ${until.time}`,
      link: `${deps.links.base}/${next.locale}/appointments/offer/${token}`,
    }),
  });
  return true;
}

/** A booked appointment was cancelled: its time goes to the waitlist at once, not into the cool-down. */
export async function offerFreedSlot(
  tx: Tx,
  cancelledId: string,
  authorityId: string,
  deps: AppointmentDeps,
): Promise<void> {
  const { rows } = await tx.query<{
    service_id: string;
    location_id: string;
    counter_id: string;
    channel: Channel;
    starts_at: Date;
    ends_at: Date;
  }>('SELECT service_id, location_id, counter_id, channel, starts_at, ends_at FROM appointments WHERE id = $1', [
    cancelledId,
  ]);
  const row = rows[0]!;
  await tx.query('SAVEPOINT offer');
  await tx.query('UPDATE appointments SET occupies = false WHERE id = $1', [cancelledId]);
  const offered = await offerToNext(
    tx,
    {
      serviceId: row.service_id,
      locationId: row.location_id,
      counterId: row.counter_id,
      channel: row.channel,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
    },
    authorityId,
    deps,
  );
  // Nobody waiting: the cancelled row keeps the time through its cool-down after all.
  if (!offered) await tx.query('ROLLBACK TO SAVEPOINT offer');
  else await tx.query('RELEASE SAVEPOINT offer');
}
