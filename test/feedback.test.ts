import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { inviteToSurvey } from '../src/feedback/invite-to-survey.js';
import { surveyToken } from '../src/feedback/survey-token.js';
import { withTenant } from '../src/platform/database/index.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { Client, csrfIn } from './helpers/client.js';
import { runJobToEnd } from './helpers/jobs.js';

let app: TestApp;
let authorityId: string;
let serviceId: string;
let locationId: string;
const key = randomBytes(32);

before(async () => {
  app = await startTestApp();
  authorityId = (await app.db.owner.query<{ id: string }>("SELECT id FROM authorities WHERE slug = 'musterstadt'"))
    .rows[0]!.id;
  const ids = await withTenant(app.db.owner, authorityId, async (tx) => ({
    service: (await tx.query<{ id: string }>('SELECT id FROM services ORDER BY slug LIMIT 1')).rows[0]!.id,
    location: (await tx.query<{ id: string }>('SELECT id FROM locations ORDER BY slug LIMIT 1')).rows[0]!.id,
  }));
  serviceId = ids.service;
  locationId = ids.location;
});
after(() => app?.close());

const deps = () => ({ pool: app.db.pool, links: { base: 'https://willkommen.example' }, surveyKey: key });

/** A walk-in ticket served a minute ago, as the queue writes it. */
async function servedTicket(phoneToken = randomBytes(32).toString('base64url')): Promise<string> {
  return withTenant(app.db.owner, authorityId, async (tx) => {
    const seq = Math.floor(Math.random() * 9000) + 100;
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO queue_tickets (authority_id, location_id, service_id, office_day, seq, number, kind, locale, token_hash,
                                  status, arrived_at, ended_at)
       VALUES ($1, $2, $3, current_date, $4, 'W' || $4::int::text, 'walk_in', 'ar', $5, 'served', now() - interval '20 minutes', now() - interval '1 minute')
       RETURNING id`,
      [authorityId, locationId, serviceId, seq, createHash('sha256').update(phoneToken).digest()],
    );
    return rows[0]!.id;
  });
}

/** A case granted a minute ago (its history entry is what the job reads). */
async function grantedCase(email: string): Promise<string> {
  return withTenant(app.db.owner, authorityId, async (tx) => {
    const reference = `A-${randomBytes(2).toString('hex').toUpperCase()}-${randomBytes(2).toString('hex').toUpperCase()}`;
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO cases (authority_id, reference, service_id, locale, first_name, last_name, birth_date, email, answers,
                          state, continued_validity, expected_decision_on, status_token_hash)
       VALUES ($1, $2, $3, 'tr', 'Ayşe', 'Yılmaz', '1990-01-01', $4, '{}', 'granted', false, current_date, $5) RETURNING id`,
      [authorityId, reference, serviceId, email, randomBytes(32)],
    );
    const id = rows[0]!.id;
    await tx.query(
      `INSERT INTO case_history (authority_id, case_id, at, state, action) VALUES ($1, $2, now() - interval '1 minute', 'granted', 'grant')`,
      [authorityId, id],
    );
    return id;
  });
}

test('an answer row cannot be linked back: no invitation, token, person or time column, no foreign key but the authority', async () => {
  const { rows: columns } = await app.db.owner.query<{ name: string }>(
    `SELECT attname AS name FROM pg_attribute WHERE attrelid = 'survey_answers'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
  );
  assert.deepEqual(
    columns.map((c) => c.name),
    ['id', 'authority_id', 'service_id', 'location_id', 'channel', 'locale', 'month', 'scores', 'comment'],
  );
  const { rows: keys } = await app.db.owner.query<{ ref: string }>(
    `SELECT confrelid::regclass::text AS ref FROM pg_constraint WHERE conrelid = 'survey_answers'::regclass AND contype = 'f'`,
  );
  assert.deepEqual(
    keys.map((k) => k.ref),
    ['authorities'],
  );
  const { rows: pulse } = await app.db.owner.query<{ name: string }>(
    `SELECT attname AS name FROM pg_attribute WHERE attrelid = 'pulse_answers'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
  );
  assert.deepEqual(
    pulse.map((c) => c.name),
    ['id', 'round_id', 'authority_id', 'scores', 'comment'],
  );
  // The month is a month: a day or a time would narrow down who answered.
  await assert.rejects(
    withTenant(app.db.owner, authorityId, (tx) =>
      tx.query(
        `INSERT INTO survey_answers (authority_id, service_id, channel, locale, month, scores) VALUES ($1, $2, 'online', 'de', '2026-03-14', '{}')`,
        [authorityId, serviceId],
      ),
    ),
  );
});

test('the invitation job invites once per served ticket and decided case, and mails only where there is an address', async () => {
  const ticket = await servedTicket();
  const decided = await grantedCase('ayse@example.org');
  const first = await inviteToSurvey(deps());
  assert.equal(first, 2);
  assert.equal(await inviteToSurvey(deps()), 0, 'a second run invites nobody again');
  const { rows } = await withTenant(app.db.owner, authorityId, (tx) =>
    tx.query<{ source_kind: string; channel: string; locale: string }>(
      'SELECT source_kind, channel, locale FROM survey_invitations WHERE source_id = ANY($1) ORDER BY source_kind',
      [[ticket, decided]],
    ),
  );
  assert.deepEqual(rows, [
    { source_kind: 'case', channel: 'online', locale: 'tr' },
    { source_kind: 'ticket', channel: 'walk_in', locale: 'ar' },
  ]);
  const mails = await withTenant(app.db.owner, authorityId, (tx) =>
    tx.query<{ recipient: string; body: string }>(
      "SELECT recipient, text AS body FROM mail_outbox WHERE recipient = 'ayse@example.org'",
    ),
  );
  assert.equal(mails.rows.length, 1);
  assert.ok(mails.rows[0]!.body.includes(`https://willkommen.example/tr/survey/${surveyToken(key, 'case', decided)}`));
});

test('a survey is answered once in Arabic; bad input keeps what was typed; the answer carries only the facts', async () => {
  const ticket = await servedTicket();
  await inviteToSurvey(deps());
  const token = surveyToken(key, 'ticket', ticket);
  const client = new Client(app.base);
  const page = await client.get(`/ar/survey/${token}`);
  assert.equal(page.status, 200);
  assert.match(page.html, /dir="rtl"/);
  assert.match(page.html, /ما هو انطباعك العام/);

  const typed = 'انتظرت طويلاً. اتصلوا بي: 0171 234 56 78 أو ali@example.org';
  const bad = await client.post(`/ar/survey/${token}`, {
    _csrf: csrfIn(page.html),
    'q-overall': '4',
    'q-comment': typed,
  });
  assert.equal(bad.status, 400);
  assert.match(bad.html, /يرجى اختيار إجابة/);
  assert.ok(bad.html.includes('0171 234 56 78'), 'the text typed is shown again');
  assert.match(bad.html, /id="q-overall-4"[^>]*checked/);

  const full = {
    'q-overall': '4',
    'q-clarity': '5',
    'q-advice': '3',
    'q-waiting': '1',
    'q-friendliness': '5',
    'q-comment': typed,
  };
  const ok = await client.post(`/ar/survey/${token}`, { _csrf: csrfIn(bad.html), ...full });
  assert.equal(ok.status, 303);
  assert.equal(ok.location, '/ar/survey/thanks');
  const again = await client.post(`/ar/survey/${token}`, { _csrf: csrfIn(bad.html), ...full });
  assert.equal(again.status, 303, 'a second POST answers nothing new');
  assert.match((await client.get(`/ar/survey/${token}`)).html, /تمت الإجابة على هذا الاستبيان بالفعل/);

  const { rows } = await withTenant(app.db.owner, authorityId, (tx) =>
    tx.query<{ row: Record<string, unknown> }>(
      `SELECT to_jsonb(a) - 'id' - 'authority_id' AS row FROM survey_answers a WHERE location_id = $1 AND channel = 'walk_in'`,
      [locationId],
    ),
  );
  assert.equal(rows.length, 1);
  const month = new Date().toISOString().slice(0, 8);
  assert.deepEqual(
    { ...rows[0]!.row, month: String(rows[0]!.row.month).slice(0, 8) },
    {
      service_id: serviceId,
      location_id: locationId,
      channel: 'walk_in',
      locale: 'ar',
      month,
      scores: { overall: 4, clarity: 5, advice: 3, waiting: 1, friendliness: 5 },
      comment: 'انتظرت طويلاً. اتصلوا بي: [Telefon] أو [E-Mail]',
    },
  );
});

test('an unknown survey link is a 404 page, not an error', async () => {
  const client = new Client(app.base);
  assert.equal((await client.get(`/de/survey/${randomUUID().replace(/-/g, '')}`)).status, 404);
});

test("the served walk-in ticket's phone page links to its survey, which the job has opened", async () => {
  const phoneToken = randomBytes(32).toString('base64url');
  await servedTicket(phoneToken);
  await runJobToEnd(app, 'feedback-invitations');
  const client = new Client(app.base);
  const phone = await client.get(`/ar/queue/${phoneToken}`);
  assert.equal(phone.status, 200);
  const link = /href="(\/ar\/survey\/[A-Za-z0-9_-]{20,})"/.exec(phone.html)?.[1];
  assert.ok(link, 'the phone page shows the survey link');
  const survey = await client.get(link);
  assert.equal(survey.status, 200);
  assert.match(survey.html, /ما هو انطباعك العام/);
});
