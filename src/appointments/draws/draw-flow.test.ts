import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/helpers/app.js';
import { Client, csrfIn } from '../../../test/helpers/client.js';
import { startMailbox, type Mailbox } from '../../../test/helpers/mailbox.js';
import { withTenant } from '../../platform/database/index.js';
import { bookForCaller } from '../staff/book-for-caller.js';
import { cancelBooked } from '../manage/cancel-appointment.js';
import { verifyDraw } from './draw.js';
import { holdSlot } from '../booking/hold-slot.js';
import { addDays } from '../../platform/clock/office-time.js';
import { officeToday } from '../../platform/clock/office-time.js';
import { SWEEP_JOB } from '../jobs.js';

let app: TestApp;
let mailbox: Mailbox;
let roundId: string;

before(async () => {
  mailbox = await startMailbox();
  app = await startTestApp({ SMTP_URL: mailbox.url, BOOKING_HOLDS_PER_IP_HOUR: '1000' });
});
after(async () => {
  await app?.close();
  await mailbox?.close();
});

const soon = addDays(officeToday(Date.now()), 21);
const PEOPLE = [
  {
    firstName: 'Amina',
    lastName: 'Rahimi',
    birthDate: '1985-02-01',
    email: 'amina@example.org',
    permitExpiresOn: soon,
  },
  {
    firstName: 'Bohdan',
    lastName: 'Melnyk',
    birthDate: '1979-07-12',
    email: 'bohdan@example.org',
    permitExpiresOn: '',
  },
  { firstName: 'Can', lastName: 'Demir', birthDate: '1992-11-30', email: 'can@example.org', permitExpiresOn: '' },
];

async function register(
  person: (typeof PEOPLE)[number],
  email = person.email,
): Promise<{ pseudonym: string; merged: boolean }> {
  const client = new Client(app.base);
  const page = await client.get(`/de/draws/${roundId}`);
  const sent = await client.post(`/de/draws/${roundId}/register`, {
    _csrf: csrfIn(page.html),
    ...person,
    email,
    locale: 'de',
  });
  assert.equal(sent.status, 303, sent.html.slice(0, 300));
  const mail = await mailbox.waitFor(
    (m) => m.to.includes(email) && /Verlosung: \d{6}/.test(m.subject) && !used.has(m.subject),
  );
  used.add(mail.subject);
  const code = /(\d{6})/.exec(mail.subject)![1]!;
  const codePage = await client.get(sent.location!);
  const confirmed = await client.post(sent.location!, { _csrf: csrfIn(codePage.html), code });
  assert.equal(confirmed.status, 303);
  const url = new URL(confirmed.location!, app.base);
  return { pseudonym: url.searchParams.get('registered')!, merged: url.searchParams.get('merged') === '1' };
}
const used = new Set<string>();

/** The round's mails are queued in the draw's transaction and leave after its commit: once one arrived, the round is drawn. */
async function drawn(id: string): Promise<void> {
  const {
    rows: [r],
  } = await app.db.owner.query<{ drawn: boolean }>(
    'SELECT drawn_at IS NOT NULL AS drawn FROM draw_rounds WHERE id = $1',
    [id],
  );
  assert.ok(r!.drawn, 'the round is drawn');
}

test('a draw: registrations confirmed by code, duplicates merged, the urgent drawn first, verifiable, the waitlist offered a freed slot', async () => {
  const overview = await new Client(app.base).get('/de/appointments/settlement-permit');
  assert.equal(overview.status, 200);
  roundId = /\/de\/draws\/([0-9a-f-]{36})/.exec(overview.html)![1]!;
  const draw = await new Client(app.base).get(`/de/draws/${roundId}`);
  const commitment = /[0-9a-f]{64}/.exec(draw.html)![0];

  const amina = await register(PEOPLE[0]!);
  const bohdan = await register(PEOPLE[1]!);
  const can = await register(PEOPLE[2]!);
  const again = await register({ ...PEOPLE[0]!, firstName: 'AMINA' }, 'Amina.R@example.org');
  assert.deepEqual(again, { pseudonym: amina.pseudonym, merged: true }, 'the same person is counted once');

  // No slot in the window (a Sunday): everyone goes to the waitlist, in draw order, the urgent first.
  let sunday = addDays(officeToday(Date.now()), 14);
  while (new Date(`${sunday}T12:00:00Z`).getUTCDay() !== 0) sunday = addDays(sunday, 1);
  await app.db.owner.query(
    `UPDATE draw_rounds SET closes_at = now() - interval '1 second', slots_from = $2, slots_until = $2 WHERE id = $1`,
    [roundId, sunday],
  );
  await app.jobs.runNow(SWEEP_JOB);
  const waitlisted = await mailbox.waitFor(
    (m) => m.to.includes('amina@example.org') && /Warteliste/.test(m.subject),
    15_000,
  );
  assert.match(waitlisted.text, /Platz 1 der Warteliste/);
  await drawn(roundId);

  const api = (await fetch(`${app.base}/api/v1/draws/${roundId}`).then((r) => r.json())) as {
    commitment: string;
    seed: string;
    entries: { pseudonym: string; urgent: boolean }[];
    order: string[];
    winners: [];
    verified: boolean;
  };
  assert.equal(api.commitment, commitment, 'the commitment published before is the one kept');
  assert.equal(api.verified, true);
  assert.equal(api.order[0], amina.pseudonym, 'urgent first');
  assert.deepEqual(new Set(api.order), new Set([amina.pseudonym, bohdan.pseudonym, can.pseudonym]));
  assert.deepEqual(
    verifyDraw(api.seed, api.commitment, api.entries, 0, { order: api.order, winners: [], waitlist: api.order }),
    { ok: true },
  );
  const publicPage = await new Client(app.base).get(`/de/draws/${roundId}`);
  assert.match(publicPage.html, /Nachgeprüft/);
  assert.doesNotMatch(publicPage.html, /Rahimi|Melnyk|Demir/, 'the public list carries no names');

  // A staff-booked appointment for the service is cancelled: its time goes to the first on the waitlist.
  const {
    rows: [staff],
  } = await app.db.owner.query<{ id: string; authority_id: string }>(
    `SELECT id, authority_id FROM staff_users LIMIT 1`,
  );
  const ctx = {
    pool: app.db.pool,
    authorityId: staff!.authority_id,
    actor: {
      kind: 'staff' as const,
      userId: staff!.id,
      email: 'x@example.org',
      authorityId: staff!.authority_id,
      // Booking for a caller asks the policy: a caseworker of the whole authority.
      roles: [{ role: 'caseworker' as const, locationIds: null, serviceIds: null }],
      ip: '127.0.0.1',
    },
  };
  let held: Awaited<ReturnType<typeof holdSlot>> = { ok: false, reason: 'taken' };
  for (let day = 0; day < 14 && !held.ok; day++) {
    for (const hour of ['07:00', '07:45', '08:30', '09:15', '12:30', '13:15', '14:00']) {
      const startsAt = new Date(`${addDays(officeToday(Date.now()), day + 2)}T${hour}:00Z`);
      held = await holdSlot(
        { serviceSlug: 'settlement-permit', locationSlug: 'mitte', startsAt, channel: 'staff' },
        ctx,
      );
      if (held.ok) break;
    }
  }
  assert.ok(held.ok, 'a staff slot for the draw service exists');
  const booked = await bookForCaller(
    {
      appointmentId: held.appointmentId,
      input: {
        firstName: 'Dora',
        lastName: 'Lee',
        birthDate: '1970-01-01',
        email: '',
        locale: 'de',
        permitExpiresOn: '',
      },
      authorityName: 'Test',
    },
    ctx,
    appDeps(),
  );
  assert.ok(booked.ok);
  await withTenant(app.db.pool, ctx.authorityId, (tx) =>
    cancelBooked(tx, held.ok ? held.appointmentId : '', ctx.authorityId, appDeps()),
  );
  const offer = await mailbox.waitFor((m) => m.to.includes('amina@example.org') && /frei geworden/.test(m.subject));
  const link = /(\/de\/appointments\/offer\/[\w-]+)/.exec(offer.text)![1]!;
  const client = new Client(app.base);
  const offerPage = await client.get(link);
  assert.equal(offerPage.status, 200);
  const accepted = await client.post(`${link}/accept`, { _csrf: csrfIn(offerPage.html) });
  assert.equal(accepted.status, 200);
  await mailbox.waitFor((m) => m.to.includes('amina@example.org') && m.attachments.length === 2);
  const {
    rows: [outcome],
  } = await app.db.owner.query<{ outcome: string }>(`SELECT outcome FROM draw_registrations WHERE pseudonym = $1`, [
    amina.pseudonym,
  ]);
  assert.equal(outcome!.outcome, 'won');
});

const appDeps = () => app.appointments;

test('winners of a draw are booked into the free slots in draw order and get their confirmation', async () => {
  const {
    rows: [round],
  } = await app.db.owner.query<{ id: string; authority_id: string }>(
    `SELECT r.id, r.authority_id FROM draw_rounds r JOIN locations l ON l.id = r.location_id WHERE l.slug = 'nord' AND r.drawn_at IS NULL`,
  );
  roundId = round!.id;
  const first = await register({
    firstName: 'Ece',
    lastName: 'Kaya',
    birthDate: '1990-01-01',
    email: 'ece@example.org',
    permitExpiresOn: '',
  });
  const second = await register({
    firstName: 'Farid',
    lastName: 'Azizi',
    birthDate: '1991-02-02',
    email: 'farid@example.org',
    permitExpiresOn: soon,
  });
  await app.db.owner.query(`UPDATE draw_rounds SET closes_at = now() - interval '1 second' WHERE id = $1`, [roundId]);
  await app.jobs.runNow(SWEEP_JOB);
  for (const email of ['ece@example.org', 'farid@example.org']) {
    const mail = await mailbox.waitFor((m) => m.to.includes(email) && m.attachments.length === 2, 15_000);
    assert.match(mail.subject, /Termin bestätigt/);
  }
  await drawn(roundId);
  const { rows } = await app.db.owner.query<{
    pseudonym: string;
    draw_position: number;
    outcome: string;
    starts_at: Date;
  }>(
    `SELECT r.pseudonym, r.draw_position, r.outcome, a.starts_at FROM draw_registrations r JOIN appointments a ON a.id = r.appointment_id
      WHERE r.round_id = $1 ORDER BY r.draw_position`,
    [roundId],
  );
  assert.deepEqual(
    rows.map((r) => [r.pseudonym, r.outcome]),
    [
      [second.pseudonym, 'won'],
      [first.pseudonym, 'won'],
    ],
    'the urgent first',
  );
  assert.ok(rows[0]!.starts_at <= rows[1]!.starts_at, 'the first drawn gets the earliest slot');
  const api = (await fetch(`${app.base}/api/v1/draws/${roundId}`).then((r) => r.json())) as {
    verified: boolean;
    winners: unknown[];
  };
  assert.equal(api.verified, true);
  assert.equal(api.winners.length, 2);
});
