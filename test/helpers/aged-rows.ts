import { randomBytes, randomInt } from 'node:crypto';
import type pg from 'pg';
import { officeToday } from '../../src/platform/clock/office-time.js';
import { addDays, type Day } from '../../src/platform/clock/office-time.js';
import { commitSeed, newSeed, runDraw } from '../../src/appointments/draws/draw.js';
import { withTenant } from '../../src/platform/database/index.js';

/**
 * Rows of every kind the retention sweep looks at, written directly as the database owner with
 * their timestamps set in the past (under the authority's tenant setting, so it also works where
 * the owner is not a superuser). Each row is full of personal data, so that erasure shows.
 */

const DAY_MS = 86_400_000;
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const daysAgo = (n: number): Date => new Date(Date.now() - n * DAY_MS);
export const dayAgo = (n: number): Day => addDays(officeToday(Date.now()), -n);
const code = (n: number) => Array.from({ length: n }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
const unique = () => randomBytes(4).toString('hex');

export interface Place {
  readonly authorityId: string;
  readonly serviceId: string;
  readonly locationId: string;
  readonly locationSlug: string;
  readonly counterId: string;
  readonly staffUserId: string;
}

type Owner = pg.Pool;

function as<T>(owner: Owner, place: Pick<Place, 'authorityId'>, work: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  return withTenant(owner, place.authorityId, work);
}

async function one<T = string>(tx: pg.PoolClient, sql: string, values: unknown[]): Promise<T> {
  const { rows } = await tx.query(sql, values);
  return Object.values(rows[0] as object)[0] as T;
}

/** A service, location, counter and member of staff of the authority (counter and staff added when it has none). */
export async function placeOf(owner: Owner, slug: string): Promise<Place> {
  const {
    rows: [authority],
  } = await owner.query<{ id: string }>('SELECT id FROM authorities WHERE slug = $1', [slug]);
  return as(owner, { authorityId: authority!.id }, async (tx) => {
    // The test's owner may be a superuser, whom row-level security does not limit: say whose rows.
    const {
      rows: [location],
    } = await tx.query<{ id: string; slug: string }>(
      'SELECT id, slug FROM locations WHERE authority_id = $1 ORDER BY slug LIMIT 1',
      [authority!.id],
    );
    const serviceId = await one<string>(tx, 'SELECT id FROM services WHERE authority_id = $1 ORDER BY slug LIMIT 1', [
      authority!.id,
    ]);
    const counterId =
      (await tx.query<{ id: string }>('SELECT id FROM counters WHERE location_id = $1 LIMIT 1', [location!.id])).rows[0]
        ?.id ??
      (await one<string>(
        tx,
        'INSERT INTO counters (authority_id, location_id, label) VALUES ($1, $2, $3) RETURNING id',
        [authority!.id, location!.id, 'Retention 1'],
      ));
    const staffUserId =
      (await tx.query<{ id: string }>('SELECT id FROM staff_users WHERE authority_id = $1 LIMIT 1', [authority!.id]))
        .rows[0]?.id ??
      (await one<string>(
        tx,
        `INSERT INTO staff_users (authority_id, email, display_name, status, password_hash)
                        VALUES ($1, $2, 'Staff', 'active', 'x') RETURNING id`,
        [authority!.id, `staff-${unique()}@example.org`],
      ));
    return {
      authorityId: authority!.id,
      serviceId,
      locationId: location!.id,
      locationSlug: location!.slug,
      counterId,
      staffUserId,
    };
  });
}

export async function plantDraft(
  owner: Owner,
  place: Place,
  expiresAt: Date,
): Promise<{ draftId: string; fileId: string }> {
  return as(owner, place, async (tx) => {
    const draftId = await one(
      tx,
      `INSERT INTO application_drafts (authority_id, service_id, locale, token_hash, answers, expires_at)
                                   VALUES ($1, $2, 'tr', $3, $4, $5) RETURNING id`,
      [
        place.authorityId,
        place.serviceId,
        randomBytes(32),
        { firstName: 'Ayşe', lastName: 'Demir', email: 'ayse@example.org' },
        expiresAt,
      ],
    );
    const fileId = await one(
      tx,
      `INSERT INTO application_files (authority_id, draft_id, document_slug, file_name, media_type, byte_size, sealed)
                                  VALUES ($1, $2, 'passport', 'pass.pdf', 'application/pdf', 3, '\\x000102') RETURNING id`,
      [place.authorityId, draftId],
    );
    return { draftId, fileId };
  });
}

export async function plantAppointment(owner: Owner, place: Place, startsAt: Date): Promise<string> {
  return as(owner, place, (tx) =>
    one(
      tx,
      `INSERT INTO appointments (authority_id, reference, service_id, location_id, counter_id, channel, starts_at, ends_at, status, occupies,
                               first_name, last_name, birth_date, email, locale, permit_expires_on, identity_key, email_key,
                               code_hash, manage_token_hash, check_in_code, confirmed_at, finished_at)
     VALUES ($1, $2, $3, $4, $5, 'online', $6, $6::timestamptz + interval '20 minutes', 'served', false,
             'Olena', 'Koval', '1990-02-03', 'olena@example.org', 'uk', '2030-01-01', $7, $8, $9, $10, $11, $6, $6)
     RETURNING id`,
      [
        place.authorityId,
        `T-${code(4)}-${code(4)}`,
        place.serviceId,
        place.locationId,
        place.counterId,
        startsAt,
        randomBytes(32),
        `olena-${unique()}@example.org`,
        randomBytes(32),
        randomBytes(32),
        code(8),
      ],
    ),
  );
}

export interface PlantedRound {
  readonly roundId: string;
  readonly confirmedIds: readonly string[];
  readonly unconfirmedId: string;
}

/**
 * A drawn round: three confirmed registrations (the first urgent: its permit expires ten days after
 * the close), drawn for one slot with a real committed seed, and one registration never confirmed.
 */
export async function plantDrawRound(
  owner: Owner,
  place: Place,
  { closesAt, slotsUntil }: { closesAt: Date; slotsUntil: Day },
): Promise<PlantedRound> {
  const seed = newSeed();
  const pseudonyms = [`R-${code(6)}`, `R-${code(6)}`, `R-${code(6)}`];
  const result = runDraw(
    seed,
    pseudonyms.map((pseudonym, i) => ({ pseudonym, urgent: i === 0 })),
    1,
  );
  return as(owner, place, async (tx) => {
    const roundId = await one(
      tx,
      `INSERT INTO draw_rounds (authority_id, service_id, location_id, opens_at, closes_at, slots_from, slots_until, seed_hash, sealed_seed,
                                seed, slot_count, drawn_at)
       VALUES ($1, $2, $3, $4::timestamptz - interval '7 days', $4, $5::date - 3, $5, $6, 'sealed', $7, 1, $4) RETURNING id`,
      [place.authorityId, place.serviceId, place.locationId, closesAt, slotsUntil, commitSeed(seed), seed],
    );
    const register = (pseudonym: string, confirmed: boolean, urgent: boolean) =>
      one(
        tx,
        `INSERT INTO draw_registrations (authority_id, round_id, pseudonym, first_name, last_name, birth_date, email, locale, permit_expires_on,
                                       identity_key, email_key, code_hash, manage_token_hash, confirmed_at, draw_position, outcome)
       VALUES ($1, $2, $3, 'Reza', 'Ahmadi', '1988-08-08', 'reza@example.org', 'fa',
               CASE WHEN $4 THEN ($5::timestamptz AT TIME ZONE 'Europe/Berlin')::date + 10 END,
               $6, $7, $8, $9, CASE WHEN $10 THEN $5::timestamptz - interval '1 day' END, $11, $12) RETURNING id`,
        [
          place.authorityId,
          roundId,
          pseudonym,
          urgent,
          closesAt,
          randomBytes(32),
          `reza-${unique()}@example.org`,
          randomBytes(32),
          randomBytes(32),
          confirmed,
          confirmed ? result.order.indexOf(pseudonym) + 1 : null,
          confirmed ? (result.winners.some((w) => w.pseudonym === pseudonym) ? 'won' : 'waitlisted') : null,
        ],
      );
    const confirmedIds = [];
    for (const [i, pseudonym] of pseudonyms.entries()) confirmedIds.push(await register(pseudonym, true, i === 0));
    const unconfirmedId = await register(`R-${code(6)}`, false, false);
    return { roundId, confirmedIds, unconfirmedId };
  });
}

let ticketSeq = 9000;

/** A served ticket of an office day; of kind appointment when an appointment is given. */
export async function plantTicket(
  owner: Owner,
  place: Place,
  officeDay: Day,
  appointmentId: string | null = null,
): Promise<string> {
  ticketSeq += 1;
  const seq = ticketSeq;
  return as(owner, place, (tx) =>
    one(
      tx,
      `INSERT INTO queue_tickets (authority_id, location_id, service_id, office_day, seq, number, kind, appointment_id, locale, token_hash,
                                status, counter_id, due_at, arrived_at, called_at, started_at, ended_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'ar', $9, 'served', $10,
             CASE WHEN $8::uuid IS NULL THEN NULL ELSE ($4::date + time '09:00') AT TIME ZONE 'Europe/Berlin' END,
             ($4::date + time '08:55') AT TIME ZONE 'Europe/Berlin', ($4::date + time '09:01') AT TIME ZONE 'Europe/Berlin',
             ($4::date + time '09:02') AT TIME ZONE 'Europe/Berlin', ($4::date + time '09:20') AT TIME ZONE 'Europe/Berlin')
     RETURNING id`,
      [
        place.authorityId,
        place.locationId,
        place.serviceId,
        officeDay,
        seq,
        `${appointmentId ? 'T' : 'W'}${seq}`,
        appointmentId ? 'appointment' : 'walk_in',
        appointmentId,
        randomBytes(32),
        place.counterId,
      ],
    ),
  );
}

/**
 * A case received `receivedDaysAgo` days ago with one uploaded file, a receipt, a note and a
 * Fiktionsbescheinigung record; closed `closedDaysAgo` days ago (its last history entry), or open.
 */
export async function plantCase(
  owner: Owner,
  place: Place,
  { receivedDaysAgo, closedDaysAgo }: { receivedDaysAgo: number; closedDaysAgo: number | null },
): Promise<{ caseId: string; fileId: string }> {
  return as(owner, place, async (tx) => {
    const caseId = await one(
      tx,
      `INSERT INTO cases (authority_id, reference, service_id, locale, first_name, last_name, birth_date, email, answers, state, received_at,
                          continued_validity, expected_decision_on, status_token_hash)
       VALUES ($1, $2, $3, 'en', 'Amina', 'Haddad', '1985-05-05', 'amina@example.org', '{}', $4, $5, true, ($5::timestamptz)::date + 30, $6) RETURNING id`,
      [
        place.authorityId,
        `A-${code(4)}-${code(4)}`,
        place.serviceId,
        closedDaysAgo === null ? 'in_review' : 'closed',
        daysAgo(receivedDaysAgo),
        randomBytes(32),
      ],
    );
    await tx.query(
      `INSERT INTO case_history (authority_id, case_id, at, state, action) VALUES ($1, $2, $3, 'received', 'submitted')`,
      [place.authorityId, caseId, daysAgo(receivedDaysAgo)],
    );
    if (closedDaysAgo !== null) {
      await tx.query(
        `INSERT INTO case_history (authority_id, case_id, at, state, action) VALUES ($1, $2, $3, 'closed', 'handed_over')`,
        [place.authorityId, caseId, daysAgo(closedDaysAgo)],
      );
    }
    const fileId = await one(
      tx,
      `INSERT INTO application_files (authority_id, case_id, document_slug, file_name, media_type, byte_size, sealed)
                                  VALUES ($1, $2, 'passport', 'pass.pdf', 'application/pdf', 3, '\\x000102') RETURNING id`,
      [place.authorityId, caseId],
    );
    await tx.query('INSERT INTO receipts (short_code, authority_id, case_id, token) VALUES ($1, $2, $3, $4)', [
      `${code(5)}-${code(5)}`,
      place.authorityId,
      caseId,
      'signed',
    ]);
    await tx.query(`INSERT INTO case_notes (authority_id, case_id, body) VALUES ($1, $2, 'Called the applicant.')`, [
      place.authorityId,
      caseId,
    ]);
    await tx.query(
      `INSERT INTO fiktionsbescheinigungen (authority_id, case_id, form_number, fiction, valid_until) VALUES ($1, $2, $3, '81_4', $4)`,
      [place.authorityId, caseId, code(10), dayAgo(receivedDaysAgo - 90)],
    );
    return { caseId, fileId };
  });
}

export async function plantPermit(owner: Owner, place: Place, expiresOn: Day): Promise<string> {
  return as(owner, place, (tx) =>
    one(
      tx,
      `INSERT INTO issued_permits (authority_id, first_name, last_name, birth_date, email, expires_on)
     VALUES ($1, 'Jonas', 'Müller', '1970-07-07', $2, $3) RETURNING id`,
      [place.authorityId, `jonas-${unique()}@example.org`, expiresOn],
    ),
  );
}

/** A staff session ending at `expiresAt`; returns its id hash. */
export async function plantSession(owner: Owner, place: Place, expiresAt: Date): Promise<Buffer> {
  const idHash = randomBytes(32);
  await as(owner, place, (tx) =>
    tx.query(
      `INSERT INTO staff_sessions (id_hash, user_id, authority_id, stage, csrf_secret, created_at, last_seen_at, expires_at, ip)
     VALUES ($1, $2, $3, 'full', 'secret', $4::timestamptz - interval '10 hours', $4::timestamptz - interval '10 hours', $4, '192.0.2.7')`,
      [idHash, place.staffUserId, place.authorityId, expiresAt],
    ),
  );
  return idHash;
}

/** A status sign-in code made at `createdAt` (15 minutes to live) and a status sign-in ending at `endsAt`. */
export async function plantStatusSignIn(
  owner: Owner,
  place: Place,
  { createdAt, endsAt }: { createdAt: Date; endsAt: Date },
): Promise<{ codeId: string; sessionId: string }> {
  return as(owner, place, async (tx) => ({
    codeId: await one(
      tx,
      `INSERT INTO status_codes (authority_id, address_hash, code_hash, created_at, expires_at)
                           VALUES ($1, $2, $3, $4, $4::timestamptz + interval '15 minutes') RETURNING id`,
      [place.authorityId, randomBytes(32), randomBytes(32), createdAt],
    ),
    sessionId: await one(
      tx,
      `INSERT INTO status_sessions (authority_id, token_hash, email, created_at, expires_at)
                              VALUES ($1, $2, $3, $4::timestamptz - interval '30 minutes', $4) RETURNING id`,
      [place.authorityId, randomBytes(32), `${unique()}@example.org`, endsAt],
    ),
  }));
}

/** An invitation link expiring at `expiresAt`, used or not; returns its token hash. */
export async function plantLink(
  owner: Owner,
  place: Place,
  { expiresAt, used }: { expiresAt: Date; used: boolean },
): Promise<Buffer> {
  const tokenHash = randomBytes(32);
  await as(owner, place, (tx) =>
    tx.query(
      `INSERT INTO staff_tokens (token_hash, authority_id, purpose, user_id, expires_at, used_at)
     VALUES ($1, $2, 'invitation', $3, $4, CASE WHEN $5 THEN now() END)`,
      [tokenHash, place.authorityId, place.staffUserId, expiresAt, used],
    ),
  );
  return tokenHash;
}

/** One query as the owner, under the authority's tenant setting. */
export async function rowsOf<T extends pg.QueryResultRow = Record<string, unknown>>(
  owner: Owner,
  place: Place,
  sql: string,
  values: unknown[] = [],
): Promise<T[]> {
  return as(owner, place, async (tx) => (await tx.query<T>(sql, values)).rows);
}

/**
 * A mail in the outbox with one attachment: sent at `sentAt`, or failed or queued since `createdAt`.
 * A queued one is due only far ahead, so the running worker leaves it alone.
 */
export async function plantMail(
  owner: Owner,
  place: Place,
  mail: { status: 'sent'; sentAt: Date } | { status: 'failed' | 'queued'; createdAt: Date },
): Promise<string> {
  const createdAt = mail.status === 'sent' ? mail.sentAt : mail.createdAt;
  return as(owner, place, async (tx) => {
    const id = await one(
      tx,
      `INSERT INTO mail_outbox (authority_id, recipient, subject, text, html, status, attempts, created_at, sent_at, next_attempt_at)
       VALUES ($1, $2, 'Betreff', 'Ihr Code: 123456', '<p>Ihr Code</p>', $3, 1, $4, $5, now() + interval '30 days') RETURNING id`,
      [
        place.authorityId,
        `person-${unique()}@example.org`,
        mail.status,
        createdAt,
        mail.status === 'sent' ? mail.sentAt : null,
      ],
    );
    await tx.query(
      `INSERT INTO mail_outbox_attachments (mail_id, authority_id, position, filename, content_type, content)
       VALUES ($1, $2, 0, 'termin.pdf', 'application/pdf', '\\x25504446')`,
      [id, place.authorityId],
    );
    return id;
  });
}
