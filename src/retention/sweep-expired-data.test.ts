import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/helpers/app.js';
import {
  dayAgo,
  daysAgo,
  placeOf,
  plantAppointment,
  plantCase,
  plantDraft,
  plantDrawRound,
  plantLink,
  plantMail,
  plantPermit,
  plantSession,
  plantStatusSignIn,
  plantTicket,
  rowsOf,
  type Place,
} from '../../test/helpers/aged-rows.js';
import { officeToday } from '../platform/clock/office-time.js';
import { erasePastAppointments } from '../appointments/erase-past-appointments.js';
import { erasePastDrawRegistrations } from '../appointments/draws/erase-past-draw-registrations.js';
import { publicDraw } from '../appointments/draws/draw-rounds.js';
import { listDay } from '../appointments/staff/list-day.js';
import { purgeCaseFiles } from '../cases/documents/purge-case-files.js';
import { purgeEndedStatusSignIns } from '../cases/status/purge-ended-status-sign-ins.js';
import { purgeExpiredDrafts } from '../cases/apply/purge-expired-drafts.js';
import { verifyAuditTrail } from '../audit/verify-audit.js';
import { casesClosedBefore, purgeClosedCases } from '../cases/purge-closed-cases.js';
import { purgeEndedAccess } from '../identity/purge-ended-access.js';
import { withTenant, type Tx } from '../platform/database/index.js';
import { purgeSentMail } from '../platform/mail/purge-sent-mail.js';
import { loadSeeds } from '../seeds.js';
import { erasePastTickets } from '../queue/erase-past-tickets.js';
import { purgeExpiredPermits } from '../renewals/purge-expired-permits.js';
import { retentionCutoffs, type Cutoffs } from './cutoffs.js';
import { RETENTION_JOB, sweepExpiredData, type SweepCounts } from './sweep-expired-data.js';

// The defaults: appointments 30 days, queue tickets 7, case documents 30, cases 365, permits 90.
let app: TestApp;
let here: Place;
let other: Place;

before(async () => {
  app = await startTestApp();
  await loadSeeds(app.db.owner, path.resolve(import.meta.dirname, '../../test/fixtures/other-authority'));
  here = await placeOf(app.db.owner, 'musterstadt');
  other = await placeOf(app.db.owner, 'beispielkreis');
});
after(async () => {
  await app?.close();
});

const cutoffs = (): Cutoffs => retentionCutoffs(app.config.retention, Date.now());
/** Runs a purge as the application role (its grants and row-level security), in this authority. */
const purgeHere = <T>(work: (tx: Tx, cut: Cutoffs) => Promise<T>): Promise<T> =>
  withTenant(app.db.pool, here.authorityId, (tx) => work(tx, cutoffs()));
const ids = async (place: Place, sql: string, values: unknown[]) =>
  (await rowsOf<{ id: string }>(app.db.owner, place, sql, values)).map((r) => r.id);

describe('each capability purges its own data', () => {
  test('applications: drafts past their expiry go with their files; live drafts and other authorities stay', async () => {
    const old = await plantDraft(app.db.owner, here, daysAgo(1));
    const young = await plantDraft(app.db.owner, here, daysAgo(-10));
    const foreign = await plantDraft(app.db.owner, other, daysAgo(1));
    const counts = await purgeHere((tx, cut) => purgeExpiredDrafts(tx, cut.now));
    assert.deepEqual(counts, { drafts: 1, files: 1 });
    assert.deepEqual(
      await ids(here, 'SELECT id FROM application_drafts WHERE id = ANY($1)', [[old.draftId, young.draftId]]),
      [young.draftId],
    );
    assert.deepEqual(
      await ids(here, 'SELECT id FROM application_files WHERE id = ANY($1)', [[old.fileId, young.fileId]]),
      [young.fileId],
    );
    assert.equal((await ids(other, 'SELECT id FROM application_files WHERE id = $1', [foreign.fileId])).length, 1);
  });

  test('appointments: personal data erased 30 days after the day, the facts kept; the day view says so', async () => {
    const old = await plantAppointment(app.db.owner, here, daysAgo(35));
    const young = await plantAppointment(app.db.owner, here, daysAgo(20));
    const foreign = await plantAppointment(app.db.owner, other, daysAgo(35));
    assert.equal(await purgeHere((tx, cut) => erasePastAppointments(tx, cut.appointmentsBefore, cut.now)), 1);
    const personal = `first_name, last_name, birth_date, email, permit_expires_on, identity_key, email_key, code_hash, manage_token_hash, check_in_code`;
    const [erased] = await rowsOf(
      app.db.owner,
      here,
      `SELECT ${personal}, erased_at IS NOT NULL AS erased, service_id, location_id, status, locale, reference
                                                          FROM appointments WHERE id = $1`,
      [old],
    );
    assert.deepEqual(Object.values(erased!).slice(0, 10), Array(10).fill(null));
    const { erased: isErased, service_id, location_id, status, locale, reference } = erased!;
    assert.deepEqual(
      { isErased, service_id, location_id, status, locale },
      { isErased: true, service_id: here.serviceId, location_id: here.locationId, status: 'served', locale: 'uk' },
    );
    assert.match(String(reference), /^T-/);
    for (const [place, id] of [
      [here, young],
      [other, foreign],
    ] as const) {
      const [kept] = await rowsOf(
        app.db.owner,
        place,
        'SELECT first_name, identity_key IS NOT NULL AS key, erased_at FROM appointments WHERE id = $1',
        [id],
      );
      assert.deepEqual(kept, { first_name: 'Olena', key: true, erased_at: null });
    }
    // The database holds erasure to all or nothing: no new name slipped in under the marker.
    await assert.rejects(
      rowsOf(app.db.owner, here, "UPDATE appointments SET first_name = 'Other', erased_at = now() WHERE id = $1", [
        young,
      ]),
      /cannot be changed|erased_means_erased/,
    );
    const day = officeToday(daysAgo(35).getTime());
    const view = await listDay(
      { locationSlug: here.locationSlug, day },
      {
        pool: app.db.pool,
        authorityId: here.authorityId,
        // The day view asks the policy (appointments.view): a team lead of the whole authority may look.
        actor: {
          kind: 'staff',
          userId: here.staffUserId,
          email: 'lead@musterstadt.example',
          authorityId: here.authorityId,
          roles: [{ role: 'team_lead', locationIds: null, serviceIds: null }],
          ip: '192.0.2.1',
        },
      },
    );
    const entry = view!.counters.flatMap((c) => c.entries).find((e) => e.id === old);
    assert.deepEqual({ name: entry?.name, birthDate: entry?.birthDate }, { name: null, birthDate: null });
  });

  test('draws: a round over for 30 days keeps pseudonyms, urgency and order (still verifiable), loses the people', async () => {
    const old = await plantDrawRound(app.db.owner, here, { closesAt: daysAgo(60), slotsUntil: dayAgo(40) });
    const young = await plantDrawRound(app.db.owner, here, { closesAt: daysAgo(20), slotsUntil: dayAgo(10) });
    const foreign = await plantDrawRound(app.db.owner, other, { closesAt: daysAgo(60), slotsUntil: dayAgo(40) });
    const published = await withTenant(app.db.pool, here.authorityId, (tx) => publicDraw(tx, old.roundId));
    assert.equal(published!.verified, true);
    assert.equal(published!.entries.filter((e) => e.urgent).length, 1);
    assert.equal(await purgeHere((tx, cut) => erasePastDrawRegistrations(tx, cut.drawRoundsBefore, cut.now)), 4);
    const afterwards = await withTenant(app.db.pool, here.authorityId, (tx) => publicDraw(tx, old.roundId));
    assert.deepEqual(
      { entries: afterwards!.entries, verified: afterwards!.verified },
      { entries: published!.entries, verified: true },
    );
    const rows = await rowsOf(
      app.db.owner,
      here,
      `SELECT id, first_name, email, birth_date, identity_key, permit_expires_on, draw_position IS NOT NULL AS placed, outcome
                                                     FROM draw_registrations WHERE round_id = $1 ORDER BY draw_position`,
      [old.roundId],
    );
    assert.deepEqual(rows.map((r) => r.id).sort(), [...old.confirmedIds].sort());
    for (const row of rows)
      assert.deepEqual(
        { ...row, id: null, outcome: null },
        {
          id: null,
          first_name: null,
          email: null,
          birth_date: null,
          identity_key: null,
          permit_expires_on: null,
          placed: true,
          outcome: null,
        },
      );
    assert.deepEqual(
      rows.map((r) => r.outcome),
      ['won', 'waitlisted', 'waitlisted'],
    );
    for (const [place, round] of [
      [here, young],
      [other, foreign],
    ] as const) {
      const kept = await rowsOf(app.db.owner, place, 'SELECT first_name FROM draw_registrations WHERE round_id = $1', [
        round.roundId,
      ]);
      assert.deepEqual(
        kept.map((r) => r.first_name),
        ['Reza', 'Reza', 'Reza', 'Reza'],
      );
    }
  });

  test('queue: tickets older than 7 days lose the phone link and the appointment link, keep their times', async () => {
    const appointment = await plantAppointment(app.db.owner, here, daysAgo(10));
    const old = await plantTicket(app.db.owner, here, dayAgo(10), appointment);
    const young = await plantTicket(app.db.owner, here, dayAgo(3));
    const foreign = await plantTicket(app.db.owner, other, dayAgo(10));
    assert.equal(await purgeHere((tx, cut) => erasePastTickets(tx, cut.queueDaysBefore, cut.now)), 1);
    const [erased] = await rowsOf(
      app.db.owner,
      here,
      `SELECT token_hash, appointment_id, kind, locale, status, due_at IS NOT NULL AS due,
                                                          extract(epoch FROM started_at - arrived_at)::int AS waited, erased_at IS NOT NULL AS erased FROM queue_tickets WHERE id = $1`,
      [old],
    );
    assert.deepEqual(erased, {
      token_hash: null,
      appointment_id: null,
      kind: 'appointment',
      locale: 'ar',
      status: 'served',
      due: true,
      waited: 420,
      erased: true,
    });
    for (const [place, id] of [
      [here, young],
      [other, foreign],
    ] as const) {
      const [kept] = await rowsOf(
        app.db.owner,
        place,
        'SELECT token_hash IS NOT NULL AS link, erased_at FROM queue_tickets WHERE id = $1',
        [id],
      );
      assert.deepEqual(kept, { link: true, erased_at: null });
    }
  });

  test('cases: documents go 30 days after closing, the whole case (history, notes, receipt) after 365', async () => {
    const ancient = await plantCase(app.db.owner, here, { receivedDaysAgo: 500, closedDaysAgo: 400 });
    const closedLately = await plantCase(app.db.owner, here, { receivedDaysAgo: 100, closedDaysAgo: 40 });
    const closedRecently = await plantCase(app.db.owner, here, { receivedDaysAgo: 60, closedDaysAgo: 10 });
    const stillOpen = await plantCase(app.db.owner, here, { receivedDaysAgo: 500, closedDaysAgo: null });
    const foreign = await plantCase(app.db.owner, other, { receivedDaysAgo: 500, closedDaysAgo: 400 });
    const { cases, files } = await purgeHere(async (tx, cut) => ({
      cases: await purgeClosedCases(tx, cut.casesClosedBefore),
      files: await purgeCaseFiles(tx, await casesClosedBefore(tx, cut.caseDocumentsClosedBefore)),
    }));
    assert.deepEqual({ cases, files }, { cases: 1, files: 1 });
    const all = [ancient, closedLately, closedRecently, stillOpen].map((c) => c.caseId);
    assert.deepEqual((await ids(here, 'SELECT id FROM cases WHERE id = ANY($1)', [all])).sort(), all.slice(1).sort());
    for (const table of ['case_history', 'case_notes', 'receipts', 'fiktionsbescheinigungen', 'application_files']) {
      const left = await rowsOf(app.db.owner, here, `SELECT 1 FROM ${table} WHERE case_id = $1`, [ancient.caseId]);
      assert.equal(left.length, 0, `${table} of the deleted case`);
    }
    const files2 = await ids(here, 'SELECT id FROM application_files WHERE case_id = ANY($1)', [all]);
    assert.deepEqual(files2.sort(), [closedRecently.fileId, stillOpen.fileId].sort());
    assert.equal(
      (await rowsOf(app.db.owner, here, 'SELECT 1 FROM receipts WHERE case_id = $1', [closedLately.caseId])).length,
      1,
    );
    assert.equal((await ids(other, 'SELECT id FROM application_files WHERE id = $1', [foreign.fileId])).length, 1);
  });

  test('renewals: register rows of permits expired more than 90 days ago are deleted', async () => {
    const old = await plantPermit(app.db.owner, here, dayAgo(95));
    const young = await plantPermit(app.db.owner, here, dayAgo(80));
    const future = await plantPermit(app.db.owner, here, dayAgo(-100));
    const foreign = await plantPermit(app.db.owner, other, dayAgo(95));
    assert.equal(await purgeHere((tx, cut) => purgeExpiredPermits(tx, cut.permitsExpiredBefore)), 1);
    assert.deepEqual(
      (await ids(here, 'SELECT id FROM issued_permits WHERE id = ANY($1)', [[old, young, future]])).sort(),
      [young, future].sort(),
    );
    assert.equal((await ids(other, 'SELECT id FROM issued_permits WHERE id = $1', [foreign])).length, 1);
  });

  test('identity: ended sessions and used or expired links are deleted, live ones stay', async () => {
    const ended = await plantSession(app.db.owner, here, daysAgo(1 / 24));
    const live = await plantSession(app.db.owner, here, daysAgo(-1 / 24));
    const foreign = await plantSession(app.db.owner, other, daysAgo(1 / 24));
    const used = await plantLink(app.db.owner, here, { expiresAt: daysAgo(-2), used: true });
    const expired = await plantLink(app.db.owner, here, { expiresAt: daysAgo(1), used: false });
    const open = await plantLink(app.db.owner, here, { expiresAt: daysAgo(-2), used: false });
    // Failed sign-ins of addresses without an account: quiet ones go, a count or lock that holds stays.
    await app.db.owner.query(
      `INSERT INTO staff_sign_in_misses (authority_id, address_hash, failed_logins, locked_until, last_failed_at) VALUES
         ($1, '\\x${'aa'.repeat(32)}', 2, NULL, now() - interval '1 hour'),
         ($1, '\\x${'bb'.repeat(32)}', 5, now() + interval '10 minutes', now() - interval '5 minutes')`,
      [here.authorityId],
    );
    const counts = await purgeHere((tx, cut) => purgeEndedAccess(tx, cut.now));
    const misses = await app.db.owner.query<{ n: string }>(
      "SELECT encode(address_hash, 'hex') AS n FROM staff_sign_in_misses WHERE authority_id = $1",
      [here.authorityId],
    );
    assert.deepEqual(
      misses.rows.map((r) => r.n),
      ['bb'.repeat(32)],
    );
    assert.deepEqual(counts, { sessions: 1, links: 2 });
    const sessions = await rowsOf<{ id_hash: Buffer }>(
      app.db.owner,
      here,
      'SELECT id_hash FROM staff_sessions WHERE id_hash = ANY($1)',
      [[ended, live]],
    );
    assert.deepEqual(
      sessions.map((r) => r.id_hash.toString('hex')),
      [live.toString('hex')],
    );
    const links = await rowsOf<{ token_hash: Buffer }>(
      app.db.owner,
      here,
      'SELECT token_hash FROM staff_tokens WHERE token_hash = ANY($1)',
      [[used, expired, open]],
    );
    assert.deepEqual(
      links.map((r) => r.token_hash.toString('hex')),
      [open.toString('hex')],
    );
    assert.equal(
      (await rowsOf(app.db.owner, other, 'SELECT 1 FROM staff_sessions WHERE id_hash = $1', [foreign])).length,
      1,
    );
  });

  test('status sign-in: codes out of their hour and ended sign-ins are deleted, recent ones stay', async () => {
    const hour = 3_600_000;
    const old = await plantStatusSignIn(app.db.owner, here, {
      createdAt: new Date(Date.now() - 2 * hour),
      endsAt: new Date(Date.now() - hour),
    });
    const recent = await plantStatusSignIn(app.db.owner, here, {
      createdAt: new Date(Date.now() - 30 * 60_000),
      endsAt: new Date(Date.now() + 10 * 60_000),
    });
    const foreign = await plantStatusSignIn(app.db.owner, other, {
      createdAt: new Date(Date.now() - 2 * hour),
      endsAt: new Date(Date.now() - hour),
    });
    assert.deepEqual(await purgeHere((tx, cut) => purgeEndedStatusSignIns(tx, cut.now)), { codes: 1, sessions: 1 });
    const left = async (place: Place, table: string, list: string[]) =>
      (await ids(place, `SELECT id FROM ${table} WHERE id = ANY($1)`, [list])).sort();
    // The recent code has run out (15 minutes) but still counts towards the address's codes per hour.
    assert.deepEqual(await left(here, 'status_codes', [old.codeId, recent.codeId]), [recent.codeId]);
    assert.deepEqual(await left(here, 'status_sessions', [old.sessionId, recent.sessionId]), [recent.sessionId]);
    assert.deepEqual(await left(other, 'status_codes', [foreign.codeId]), [foreign.codeId]);
  });

  test('mail outbox: bodies of mails sent a day ago go, rows after 14 days (failed ones too), queued mail stays', async () => {
    const recent = await plantMail(app.db.owner, here, { status: 'sent', sentAt: daysAgo(0) });
    const sent = await plantMail(app.db.owner, here, { status: 'sent', sentAt: daysAgo(3) });
    const old = await plantMail(app.db.owner, here, { status: 'sent', sentAt: daysAgo(20) });
    const failed = await plantMail(app.db.owner, here, { status: 'failed', createdAt: daysAgo(20) });
    const failing = await plantMail(app.db.owner, here, { status: 'failed', createdAt: daysAgo(3) });
    const queued = await plantMail(app.db.owner, here, { status: 'queued', createdAt: daysAgo(20) });
    const foreign = await plantMail(app.db.owner, other, { status: 'sent', sentAt: daysAgo(20) });
    const all = [recent, sent, old, failed, failing, queued];
    const counts = await purgeHere((tx, cut) =>
      purgeSentMail(tx, { bodiesSentBefore: cut.mailBodiesSentBefore, rowsBefore: cut.mailsBefore }),
    );
    assert.deepEqual(counts, { bodies: 1, mails: 2 });
    const rows = await rowsOf<{ id: string; body: boolean; files: number }>(
      app.db.owner,
      here,
      `SELECT id, text IS NOT NULL AND html IS NOT NULL AS body,
              (SELECT count(*)::int FROM mail_outbox_attachments a WHERE a.mail_id = m.id) AS files
         FROM mail_outbox m WHERE id = ANY($1)`,
      [all],
    );
    const state = Object.fromEntries(rows.map((r) => [r.id, { body: r.body, files: r.files }]));
    assert.deepEqual(state, {
      [recent]: { body: true, files: 1 },
      [sent]: { body: false, files: 0 },
      [failing]: { body: true, files: 1 },
      [queued]: { body: true, files: 1 },
    });
    assert.equal((await rowsOf(app.db.owner, other, 'SELECT 1 FROM mail_outbox WHERE id = $1', [foreign])).length, 1);
  });
});

/** One of each kind, aged past its period and within it. */
async function plantEverything(place: Place) {
  const oldAppointment = await plantAppointment(app.db.owner, place, daysAgo(35));
  return {
    drafts: [await plantDraft(app.db.owner, place, daysAgo(1)), await plantDraft(app.db.owner, place, daysAgo(-10))],
    appointments: [oldAppointment, await plantAppointment(app.db.owner, place, daysAgo(20))],
    rounds: [
      await plantDrawRound(app.db.owner, place, { closesAt: daysAgo(60), slotsUntil: dayAgo(40) }),
      await plantDrawRound(app.db.owner, place, { closesAt: daysAgo(20), slotsUntil: dayAgo(10) }),
    ],
    tickets: [
      await plantTicket(app.db.owner, place, dayAgo(35), oldAppointment),
      await plantTicket(app.db.owner, place, dayAgo(3)),
    ],
    cases: [
      await plantCase(app.db.owner, place, { receivedDaysAgo: 500, closedDaysAgo: 400 }),
      await plantCase(app.db.owner, place, { receivedDaysAgo: 100, closedDaysAgo: 40 }),
      await plantCase(app.db.owner, place, { receivedDaysAgo: 60, closedDaysAgo: 10 }),
    ],
    permits: [await plantPermit(app.db.owner, place, dayAgo(95)), await plantPermit(app.db.owner, place, dayAgo(80))],
    sessions: [
      await plantSession(app.db.owner, place, daysAgo(1)),
      await plantSession(app.db.owner, place, daysAgo(-1)),
    ],
    signIns: [await plantStatusSignIn(app.db.owner, place, { createdAt: daysAgo(1), endsAt: daysAgo(1) })],
    mails: [
      await plantMail(app.db.owner, place, { status: 'sent', sentAt: daysAgo(3) }),
      await plantMail(app.db.owner, place, { status: 'sent', sentAt: daysAgo(20) }),
    ],
    links: [
      await plantLink(app.db.owner, place, { expiresAt: daysAgo(1), used: false }),
      await plantLink(app.db.owner, place, { expiresAt: daysAgo(-2), used: true }),
      await plantLink(app.db.owner, place, { expiresAt: daysAgo(-2), used: false }),
    ],
  };
}

describe('the nightly sweep', () => {
  test('is scheduled at 03:30 office time', async () => {
    const { rows } = await app.db.owner.query('SELECT cron, timezone FROM pgboss.schedule WHERE name = $1', [
      RETENTION_JOB,
    ]);
    assert.deepEqual(rows, [{ cron: '30 3 * * *', timezone: 'Europe/Berlin' }]);
  });

  test('sweeps every authority: exactly the old rows, one audit entry each with the counts, the chain intact', async () => {
    await sweepExpiredData({ pool: app.db.pool, periods: app.config.retention });
    const planted = new Map([
      [here.authorityId, await plantEverything(here)],
      [other.authorityId, await plantEverything(other)],
    ]);
    const seqBefore = await auditSeqs();
    const swept = await sweepExpiredData({ pool: app.db.pool, periods: app.config.retention });
    const expected: SweepCounts = {
      drafts: 1,
      draftFiles: 1,
      caseDocuments: 1,
      cases: 1,
      appointments: 1,
      drawRegistrations: 4,
      queueTickets: 1,
      permits: 1,
      staffSessions: 1,
      staffLinks: 2,
      statusCodes: 1,
      statusSessions: 1,
      mailBodies: 1,
      mails: 1,
    };
    for (const place of [here, other]) {
      assert.deepEqual(swept.get(place.authorityId), expected);
      const rows = planted.get(place.authorityId)!;
      const kept = async (sql: string, list: readonly string[]) => (await ids(place, sql, [list])).sort();
      assert.deepEqual(
        await kept(
          'SELECT id FROM application_drafts WHERE id = ANY($1)',
          rows.drafts.map((d) => d.draftId),
        ),
        [rows.drafts[1]!.draftId],
      );
      assert.deepEqual(
        await kept('SELECT id FROM appointments WHERE id = ANY($1) AND erased_at IS NULL', rows.appointments),
        [rows.appointments[1]!],
      );
      assert.deepEqual(
        await kept('SELECT id FROM queue_tickets WHERE id = ANY($1) AND token_hash IS NOT NULL', rows.tickets),
        [rows.tickets[1]!],
      );
      assert.deepEqual(
        await kept(
          'SELECT round_id AS id FROM draw_registrations WHERE round_id = ANY($1) AND first_name IS NOT NULL',
          rows.rounds.map((r) => r.roundId),
        ),
        Array(4).fill(rows.rounds[1]!.roundId),
      );
      assert.deepEqual(
        await kept(
          'SELECT id FROM cases WHERE id = ANY($1)',
          rows.cases.map((c) => c.caseId),
        ),
        [rows.cases[1]!.caseId, rows.cases[2]!.caseId].sort(),
      );
      assert.deepEqual(
        await kept(
          'SELECT id FROM application_files WHERE id = ANY($1)',
          rows.cases.map((c) => c.fileId),
        ),
        [rows.cases[2]!.fileId],
      );
      assert.deepEqual(await kept('SELECT id FROM issued_permits WHERE id = ANY($1)', rows.permits), [
        rows.permits[1]!,
      ]);
      const entries = await rowsOf<{ seq: string; actor_label: string; details: Record<string, unknown> }>(
        app.db.owner,
        place,
        `SELECT seq, actor_label, details FROM audit_log WHERE authority_id = $1 AND action = 'retention.swept' AND seq > $2`,
        [place.authorityId, seqBefore.get(place.authorityId) ?? 0],
      );
      assert.equal(entries.length, 1);
      assert.deepEqual(entries[0]!.details, {
        ...expected,
        periods: {
          appointments: 30,
          queueTickets: 7,
          caseDocuments: 30,
          cases: 365,
          permits: 90,
          mailBodies: 1,
          mails: 14,
        },
      });
      assert.equal(entries[0]!.actor_label, 'system:retention');
    }
    const verification = await verifyAuditTrail(app.db.owner, {
      keys: app.audit.keys,
      checkpointFiles: [app.audit.checkpointFile],
    });
    for (const report of verification.chains)
      assert.deepEqual([...report.findings, ...report.anchor], [], `audit chain of ${report.authority}`);
  });

  test('a second sweep finds nothing more, and still records that it ran', async () => {
    const runs = async () =>
      (
        await app.db.owner.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM audit_log WHERE action = 'retention.swept'",
        )
      ).rows[0]!.n;
    const before = await runs();
    const swept = await sweepExpiredData({ pool: app.db.pool, periods: app.config.retention });
    for (const counts of swept.values())
      assert.ok(
        Object.values(counts).every((n) => n === 0),
        JSON.stringify(counts),
      );
    assert.equal(swept.size, 2);
    assert.equal(await runs(), before + 2);
  });
});

async function auditSeqs(): Promise<Map<string, number>> {
  const { rows } = await app.db.owner.query<{ authority_id: string; seq: string }>(
    'SELECT authority_id, max(seq) AS seq FROM audit_log GROUP BY authority_id',
  );
  return new Map(rows.map((r) => [r.authority_id, Number(r.seq)]));
}
