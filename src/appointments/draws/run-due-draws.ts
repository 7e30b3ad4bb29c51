import { enqueueMail } from '../../platform/mail/outbox.js';
import { bookingFacts } from '../../catalog/booking-facts.js';
import { randomToken, tokenHash } from '../../platform/crypto.js';
import type { Tx } from '../../platform/database/index.js';
import type { Locale } from '../../platform/i18n/locales.js';
import { translator } from '../../platform/i18n/translator.js';
import type { AppointmentDeps } from '../appointments-deps.js';
import { appointmentView } from '../appointment-view.js';
import { bookingRules, searchSlots } from '../booking/booking-plan.js';
import { emailKey, newCheckInCode } from '../codes.js';
import { sendConfirmation } from '../confirmation/confirmation-mail.js';
import { runDraw } from './draw.js';
import { publishedEntries, roundById, type DrawRound } from './draw-rounds.js';
import { claimCounter } from '../booking/hold-slot.js';

/** Each counter's free slot is one unit of the draw, in time order (then counter), so slot 0 is the earliest. */
async function drawUnits(
  tx: Tx,
  authorityId: string,
  round: DrawRound,
): Promise<{ startsAt: Date; endsAt: Date; counterId: string }[]> {
  const service = (await bookingFacts(tx, 'de', { id: round.serviceId }))!;
  const rules = await bookingRules(tx, authorityId);
  const days = Math.round((Date.parse(round.slotsUntil) - Date.parse(round.slotsFrom)) / 86_400_000) + 1;
  const found = await searchSlots(tx, {
    authorityId,
    service,
    locationId: round.locationId,
    channel: 'online',
    firstDay: round.slotsFrom,
    days,
    notBefore: Date.now() + rules.leadMinutes * 60_000,
  });
  return found.flatMap((d) =>
    d.slots.flatMap((s) =>
      [...s.counterIds]
        .sort()
        .map((counterId) => ({ startsAt: new Date(s.startsAt), endsAt: new Date(s.endsAt), counterId })),
    ),
  );
}

interface Registrant {
  id: string;
  pseudonym: string;
  first_name: string;
  last_name: string;
  birth_date: string;
  email: string;
  locale: Locale;
  permit_expires_on: string | null;
  identity_key: Buffer;
}

async function book(
  tx: Tx,
  authorityId: string,
  round: DrawRound,
  unit: { startsAt: Date; endsAt: Date; counterId: string },
  r: Registrant,
): Promise<{ id: string; manageToken: string } | null> {
  await tx.query('SAVEPOINT win');
  const claimed = await claimCounter(tx, {
    authorityId,
    serviceId: round.serviceId,
    locationId: round.locationId,
    counterIds: [unit.counterId],
    channel: 'online',
    startsAt: unit.startsAt,
    endsAt: unit.endsAt,
    status: 'held',
    releasesAt: null,
    holdTokenHash: null,
  });
  if (!claimed) return null;
  const manageToken = randomToken();
  try {
    await tx.query(
      `UPDATE appointments SET status = 'booked', first_name = $2, last_name = $3, birth_date = $4, email = $5, locale = $6, permit_expires_on = $7,
              identity_key = $8, email_key = $11, manage_token_hash = $9, check_in_code = $10, confirmed_at = now() WHERE id = $1`,
      [
        claimed.id,
        r.first_name,
        r.last_name,
        r.birth_date,
        r.email,
        r.locale,
        r.permit_expires_on,
        r.identity_key,
        tokenHash(manageToken),
        newCheckInCode(),
        emailKey(r.email),
      ],
    );
  } catch (error) {
    // The person already holds an open appointment for this service: they keep that one.
    if ((error as { code?: string }).code !== '23505') throw error;
    await tx.query('ROLLBACK TO SAVEPOINT win');
    return null;
  }
  await tx.query('RELEASE SAVEPOINT win');
  return { id: claimed.id, manageToken };
}

/**
 * Draws one round whose registration has closed: reveals the seed, orders the registrations
 * (urgent first), books the winners into the free slots in order, puts the rest on the waitlist,
 * and tells everyone by e-mail.
 */
export async function drawRound(
  tx: Tx,
  authorityId: string,
  roundId: string,
  authorityName: string,
  deps: AppointmentDeps,
): Promise<{ winners: number; waitlisted: number }> {
  const round = (await roundById(tx, roundId))!;
  const { rows: sealed } = await tx.query<{ sealed_seed: string }>(
    'SELECT sealed_seed FROM draw_rounds WHERE id = $1 FOR UPDATE',
    [roundId],
  );
  const seed = deps.sealer.open(sealed[0]!.sealed_seed);
  const entries = await publishedEntries(tx, round);
  const units = await drawUnits(tx, authorityId, round);
  const result = runDraw(seed, entries, units.length);
  const { rows } = await tx.query<Registrant>(
    `SELECT id, pseudonym, first_name, last_name, birth_date, email, locale, permit_expires_on, identity_key
       FROM draw_registrations WHERE round_id = $1 AND confirmed_at IS NOT NULL`,
    [roundId],
  );
  const byPseudonym = new Map(rows.map((r) => [r.pseudonym, r]));
  let winners = 0;
  for (const [index, pseudonym] of result.order.entries()) {
    const registrant = byPseudonym.get(pseudonym)!;
    const unit = index < units.length ? units[index]! : null;
    const booked = unit ? await book(tx, authorityId, round, unit, registrant) : null;
    await tx.query(
      'UPDATE draw_registrations SET draw_position = $2, outcome = $3, appointment_id = $4 WHERE id = $1',
      [registrant.id, index + 1, booked ? 'won' : 'waitlisted', booked?.id ?? null],
    );
    if (booked) {
      winners++;
      await sendConfirmation(
        tx,
        authorityId,
        deps,
        (await appointmentView(tx, { id: booked.id }, registrant.locale))!,
        authorityName,
        booked.manageToken,
      );
    } else {
      const t = translator(registrant.locale);
      await enqueueMail(tx, authorityId, {
        to: registrant.email,
        subject: t.t('mail.drawWaitlist.subject'),
        text: t.t('mail.drawWaitlist.text', {
          pseudonym,
          position: index + 1 - units.length > 0 ? index + 1 - units.length : 1,
          link: `${deps.links.base}/${registrant.locale}/draws/${roundId}`,
        }),
      });
    }
  }
  await tx.query('UPDATE draw_rounds SET seed = $2, slot_count = $3, drawn_at = now() WHERE id = $1', [
    roundId,
    seed,
    units.length,
  ]);
  return { winners, waitlisted: result.order.length - winners };
}

/** Rounds whose registration has closed and that are not drawn yet. */
export async function dueRounds(tx: Tx): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    'SELECT id FROM draw_rounds WHERE closes_at <= now() AND drawn_at IS NULL ORDER BY closes_at FOR UPDATE SKIP LOCKED',
  );
  return rows.map((r) => r.id);
}
