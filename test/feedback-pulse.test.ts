import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { withTenant } from '../src/platform/database/index.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { csrfIn, type Client } from './helpers/client.js';
import { signedInStaff } from './helpers/staff.js';

let app: TestApp;
let lead: Client;
let staff: Client[];

before(async () => {
  app = await startTestApp();
  lead = (await signedInStaff(app, 'lead.pulse@musterstadt.example', 'team_lead')).client;
  staff = [];
  for (let i = 1; i <= 5; i += 1) {
    staff.push((await signedInStaff(app, `cw${i}.pulse@musterstadt.example`, 'caseworker')).client);
  }
});
after(() => app?.close());

async function answer(client: Client, workload: number) {
  const overview = await client.get('/staff/pulse');
  const link = /href="(\/staff\/pulse\/[A-Za-z0-9_-]{20,})"/.exec(overview.html)?.[1];
  assert.ok(link, "the pulse page offers this quarter's pulse");
  const form = await client.get(link);
  const values = {
    'q-workload': String(workload),
    'q-team': '4',
    'q-tools': '2',
    'q-training': '3',
    'q-comment': 'Mehr Schulung, Tel. 030 1234567',
  };
  const sent = await client.post(link, { _csrf: csrfIn(form.html), ...values });
  assert.equal(sent.status, 303);
  const twice = await client.post(link, { _csrf: csrfIn(form.html), ...values });
  assert.equal(twice.status, 303, 'a second POST is answered like the first and stores nothing');
}

test('a caseworker cannot open a pulse round', async () => {
  const page = await staff[0]!.get('/staff/pulse');
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.html, /action="\/staff\/pulse\/rounds"/);
  assert.equal((await staff[0]!.post('/staff/pulse/rounds', { _csrf: csrfIn(page.html) })).status, 403);
});

test('a pulse group of 4 shows no results; the fifth answer shows them, never per person', async () => {
  const page = await lead.get('/staff/pulse');
  const opened = await lead.post('/staff/pulse/rounds', { _csrf: csrfIn(page.html) });
  assert.equal(opened.status, 303);
  for (const [i, client] of staff.slice(0, 4).entries()) await answer(client, i + 1);
  const four = await lead.get('/staff/pulse');
  assert.match(four.html, /Weniger als 5 Antworten – keine Ergebnisse/);
  assert.doesNotMatch(four.html, /Mehr Schulung/);

  await answer(staff[4]!, 5);
  const five = await lead.get('/staff/pulse');
  // Workload 1 … 5 → mean 3; team 4; tools 2; training 3.
  assert.match(five.html, /<td>5<\/td><td>3,00<\/td><td>4,00<\/td><td>2,00<\/td><td>3,00<\/td>/);
  assert.match(five.html, /Mehr Schulung, Tel\. \[Telefon\]/);

  const { rows } = await withTenant(
    app.db.owner,
    (await app.db.owner.query("SELECT id FROM authorities WHERE slug = 'musterstadt'")).rows[0].id,
    (tx) =>
      tx.query<{ n: number; invited: number; answered: number }>(
        `SELECT (SELECT count(*) FROM pulse_answers)::int AS n, (SELECT count(*) FROM pulse_invitations)::int AS invited,
              (SELECT count(*) FROM pulse_invitations WHERE answered)::int AS answered`,
      ),
  );
  assert.deepEqual(rows[0], { n: 5, invited: 6, answered: 5 });
  // The caseworkers see the pulse, not its figures.
  assert.doesNotMatch((await staff[0]!.get('/staff/pulse')).html, /3,00/);
});

test('the questionnaire: a caseworker can neither open nor change it; a team lead switches a question off and edits texts', async () => {
  const caseworker = staff[0]!;
  assert.equal((await caseworker.get('/staff/surveys')).status, 403);
  const dashboard = await caseworker.get('/staff/pulse');
  assert.equal(
    (await caseworker.post('/staff/surveys/waiting', { _csrf: csrfIn(dashboard.html), active: '1' })).status,
    403,
  );

  const page = await lead.get('/staff/surveys');
  assert.equal(page.status, 200);
  const texts = {
    'text-de': 'Wie zufrieden waren Sie mit der Wartezeit?',
    'text-en': 'How satisfied were you with the waiting time?',
    'text-tr': 'Bekleme süresinden ne kadar memnun kaldınız?',
    'text-uk': 'Наскільки ви були задоволені часом очікування?',
    'text-ar': 'ما مدى رضاك عن وقت الانتظار؟',
    'text-ru': 'Насколько вы были довольны временем ожидания?',
    'text-fa': '',
  };
  const refused = await lead.post('/staff/surveys/waiting', { _csrf: csrfIn(page.html), ...texts });
  assert.equal(refused.status, 400);
  assert.match(refused.html, /Bitte geben Sie einen Text auf فارسی ein/);
  assert.ok(refused.html.includes('Wie zufrieden waren Sie mit der Wartezeit?'), 'what was typed stays');

  const saved = await lead.post('/staff/surveys/waiting', {
    _csrf: csrfIn(page.html),
    ...texts,
    'text-fa': 'از زمان انتظار چقدر راضی بودید؟',
  });
  assert.equal(saved.status, 303);
  // Switched off (no "active"): the survey no longer asks it.
  const authorityId = (await app.db.owner.query("SELECT id FROM authorities WHERE slug = 'musterstadt'")).rows[0].id;
  const { rows } = await withTenant(app.db.owner, authorityId, (tx) =>
    tx.query<{ active: boolean; text: string }>(
      "SELECT q.active, t.text FROM survey_questions q JOIN survey_question_texts t ON t.question_id = q.id AND t.locale = 'de' WHERE q.key = 'waiting'",
    ),
  );
  assert.deepEqual(rows, [{ active: false, text: 'Wie zufrieden waren Sie mit der Wartezeit?' }]);
});
