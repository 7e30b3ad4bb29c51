import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { addDays, isoWeekday, officeToday } from '../src/platform/clock/office-time.js';
import { languageName } from '../src/platform/i18n/language-names.js';
import { LOCALES } from '../src/platform/i18n/locales.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { csrfIn } from './helpers/client.js';
import { parseCsv } from './helpers/csv.js';
import { signedInStaff } from './helpers/staff.js';

let app: TestApp;
before(async () => {
  app = await startTestApp({ LOGIN_ATTEMPTS_PER_IP: '1000' });
});
after(async () => {
  await app?.close();
});

const owner = () => app.db.owner;
const one = async <T>(sql: string, params: unknown[] = []): Promise<T> =>
  (await owner().query(sql, params)).rows[0] as T;
const locationId = async (slug: string) =>
  (await one<{ id: string }>('SELECT id FROM locations WHERE slug = $1', [slug])).id;
/** Limits all of a member's grants to one location, as an admin would. */
const limitTo = async (userId: string, slug: string) =>
  owner().query('UPDATE staff_roles SET location_ids = ARRAY[$2::uuid] WHERE user_id = $1', [
    userId,
    await locationId(slug),
  ]);

/** Tuesdays (office calendar) of the last 13 weeks, before today. */
function pastTuesdays(): string[] {
  const today = officeToday(Date.now());
  const days: string[] = [];
  for (let back = 1; back <= 90; back++) {
    const day = addDays(today, -back);
    if (isoWeekday(day) === 2) days.push(day);
  }
  return days;
}

/** Served appointments at a location on a day, in a language (not taking counter time). */
async function seedAppointments(slug: string, day: string, locale: string, count: number, status = 'served') {
  const counter = await one<{ id: string; authority_id: string; location_id: string }>(
    `SELECT c.id, c.authority_id, c.location_id FROM counters c JOIN locations l ON l.id = c.location_id
      WHERE l.slug = $1 ORDER BY c.label LIMIT 1`,
    [slug],
  );
  const service = await one<{ id: string }>("SELECT id FROM services WHERE slug = 'residence-permit-extension'");
  for (let i = 0; i < count; i++) {
    const reference = `T-${randomBytes(2).toString('hex').toUpperCase()}-${randomBytes(2).toString('hex').toUpperCase()}`;
    await owner().query(
      `INSERT INTO appointments (authority_id, reference, service_id, location_id, counter_id, channel, starts_at, ends_at,
                                 status, occupies, first_name, last_name, birth_date, email, locale, identity_key)
       VALUES ($1, $2, $3, $4, $5, 'online', ($6::date + time '10:00') AT TIME ZONE 'Europe/Berlin',
               ($6::date + time '10:20') AT TIME ZONE 'Europe/Berlin', $8, false, 'Test', 'Person', '1990-01-01',
               'p@example.org', $7, $9)`,
      [
        counter.authority_id,
        reference,
        service.id,
        counter.location_id,
        counter.id,
        day,
        locale,
        status,
        randomBytes(16),
      ],
    );
  }
}

/** Walk-in tickets at a location on a day, in a language. */
async function seedTickets(slug: string, day: string, locale: string, count: number) {
  const location = await one<{ id: string; authority_id: string }>(
    'SELECT id, authority_id FROM locations WHERE slug = $1',
    [slug],
  );
  const service = await one<{ id: string }>("SELECT id FROM services WHERE slug = 'residence-permit-extension'");
  for (let i = 0; i < count; i++) {
    const seq = (
      await one<{ n: number }>(
        'SELECT count(*)::int + 1 AS n FROM queue_tickets WHERE location_id = $1 AND office_day = $2',
        [location.id, day],
      )
    ).n;
    await owner().query(
      `INSERT INTO queue_tickets (authority_id, location_id, service_id, office_day, seq, number, kind, locale, token_hash,
                                  status, ended_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'walk_in', $7, $8, 'served', now())`,
      [
        location.authority_id,
        location.id,
        service.id,
        day,
        seq,
        `W${String(seq).padStart(3, '0')}`,
        locale,
        randomBytes(32),
      ],
    );
  }
}

/** Leila Haddad (Arabic, Farsi) works at Mitte every weekday but Tuesday. */
const leilaOffOnTuesdays = () =>
  owner().query(
    `DELETE FROM counter_hours WHERE weekday = 2 AND counter_id IN (SELECT c.id FROM counters c
       JOIN staff_users u ON u.id = c.staff_user_id WHERE u.email = 'leila.haddad@musterstadt.example')`,
  );

describe('language coverage', () => {
  test('a seeded quarter gives the hand-computed Tuesday shares at Mitte and the Arabic gap, in page and CSV', async () => {
    await leilaOffOnTuesdays();
    // Per Tuesday: 4 appointments (3 German, 1 Arabic, 1 cancelled Arabic that does not count) + 1 German walk-in;
    // over the quarter's Tuesdays a share of 1/5 = 20 % Arabic.
    const tuesdays = pastTuesdays();
    for (const day of tuesdays) {
      await seedAppointments('mitte', day, 'de', 3);
      await seedAppointments('mitte', day, 'ar', 1);
      await seedAppointments('mitte', day, 'ar', 1, 'cancelled');
      await seedTickets('mitte', day, 'de', 1);
    }
    const { client } = await signedInStaff(app, 'lead.coverage@musterstadt.example', 'team_lead');
    const page = await client.get('/staff/reports/languages');
    assert.equal(page.status, 200);
    assert.match(
      page.html,
      /Arabisch: 20\s%\sder Anfragen am Dienstag \([^)]*Mitte\), niemand spricht Arabisch an diesem Tag\./u,
    );
    assert.match(page.html, /<svg class="report-chart"/);
    assert.match(page.html, /href="\/staff\/reports"/);

    const csv = await client.get('/staff/reports/languages.csv');
    assert.equal(csv.status, 200);
    const rows = parseCsv(csv.html, ';', { bomDropped: true });
    assert.deepEqual(rows[0], [
      'Standort',
      'Wochentag',
      'Sprache',
      'Anfragen',
      'Anteil',
      'Sprechende am Tag',
      'Davon dolmetschend',
      'Lücke',
      'Vorschlag',
    ]);
    const tuesday = rows.filter((r) => r[0]!.endsWith('Mitte') && r[1] === 'Dienstag');
    const n = tuesdays.length;
    assert.deepEqual(
      tuesday.map((r) => r.slice(2)),
      [
        // German: everyone at Mitte's counters on Tuesday (Olena, Mehmet, Jonas; Leila is off) speaks it.
        ['Deutsch', String(4 * n), '80', '3', '0', 'nein', ''],
        [
          'Arabisch',
          String(n),
          '20',
          '0',
          '0',
          'ja',
          'Vorschlag: Jemanden, der die Sprache spricht, an diesem Tag einsetzen.',
        ],
      ],
    );
  });

  test('the day view says an interpreter may be needed for a language nobody at the counters speaks that day', async () => {
    await leilaOffOnTuesdays();
    let tuesday = addDays(officeToday(Date.now()), 1);
    while (isoWeekday(tuesday) !== 2) tuesday = addDays(tuesday, 1);
    await seedAppointments('mitte', tuesday, 'ar', 1, 'booked');
    await seedAppointments('mitte', tuesday, 'tr', 1, 'booked');
    const { client } = await signedInStaff(app, 'lead.day@musterstadt.example', 'team_lead');
    const page = await client.get(`/staff/appointments?location=mitte&day=${tuesday}`);
    assert.equal(page.status, 200);
    const notices =
      page.html.match(/Dolmetschen nötig\? Heute spricht an keinem Schalter dieses Standorts jemand [^.]+\./gu) ?? [];
    assert.equal(notices.length, 1, 'one notice: Arabic, not Turkish (Mehmet Yılmaz is there)');
    assert.match(notices[0]!, /العربية|Arabisch/u);
  });
});

describe('competence register', () => {
  test('profile languages from the list with the interpreting mark; a training recorded and planned', async () => {
    const { client } = await signedInStaff(app, 'worker.profile@musterstadt.example', 'caseworker');
    const profile = await client.get('/staff/profile');
    assert.match(profile.html, /<select[^>]*id="language"/);
    const csrf = csrfIn(profile.html);
    const wrong = await client.post('/staff/profile/languages', { _csrf: csrf, language: 'xx', level: 'B2' });
    assert.equal(wrong.status, 400);
    assert.match(wrong.html, /Bitte wählen Sie eine Sprache aus der Liste\./);
    const saved = await client.post('/staff/profile/languages', {
      _csrf: csrf,
      language: 'ar',
      level: 'B2',
      interpreting: 'yes',
    });
    assert.equal(saved.status, 303);
    assert.match((await client.get('/staff/profile')).html, /Arabisch \(ar\) – B2 · kann dolmetschen/);

    const register = await client.get('/staff/competences');
    assert.equal(register.status, 200);
    assert.match(register.html, /Arabisch \(ar\) – B2 · kann dolmetschen/);
    const course = /<option value="([0-9a-f-]{36})"[^>]*>Interkulturelle Kompetenz<\/option>/.exec(register.html)?.[1];
    assert.ok(course, 'the seeded catalogue offers intercultural competence');
    const future = await client.post('/staff/competences/records', {
      _csrf: csrf,
      course,
      takenOn: addDays(officeToday(Date.now()), 3),
    });
    assert.equal(future.status, 400);
    assert.match(future.html, /nicht in der Zukunft/);
    assert.match(future.html, new RegExp(`value="${addDays(officeToday(Date.now()), 3)}"`), 'what was typed stays');
    const taken = addDays(officeToday(Date.now()), -30);
    for (let i = 0; i < 2; i++) {
      const ok = await client.post('/staff/competences/records', { _csrf: csrf, course, takenOn: taken });
      assert.equal(ok.status, 303, 'sent twice, still one record');
    }
    const planned = addDays(officeToday(Date.now()), 60);
    const lawCourse = /<option value="([0-9a-f-]{36})"[^>]*>Rechtliche Neuerungen/.exec(register.html)?.[1];
    assert.equal(
      (await client.post('/staff/competences/plans', { _csrf: csrf, course: lawCourse ?? '', plannedOn: planned }))
        .status,
      303,
    );
    const after = await client.get('/staff/competences');
    assert.equal(after.html.split(`<span>${taken}</span>`).length - 1, 1);
    assert.match(after.html, /Aktuell bis/);
    assert.match(after.html, new RegExp(`<span>${planned}</span>`));
  });

  test('a lead limited to Nord sees Nord staff, and is refused Mitte staff by URL and by POST', async () => {
    const mitte = await signedInStaff(app, 'worker.mitte@musterstadt.example', 'caseworker');
    await limitTo(mitte.id, 'mitte');
    const nord = await signedInStaff(app, 'worker.nord@musterstadt.example', 'caseworker');
    await limitTo(nord.id, 'nord');
    // The guard reads the grants on every request: limiting them after sign-in applies at once.
    const { client, id: leadId } = await signedInStaff(app, 'lead.nord@musterstadt.example', 'team_lead');
    await limitTo(leadId, 'nord');

    const team = await client.get('/staff/competences/team');
    assert.equal(team.status, 200);
    assert.match(team.html, new RegExp(`/staff/competences/staff/${nord.id}`));
    assert.doesNotMatch(team.html, new RegExp(mitte.id));

    assert.equal((await client.get(`/staff/competences/staff/${nord.id}`)).status, 200);
    assert.equal((await client.get(`/staff/competences/staff/${mitte.id}`)).status, 403);
    assert.equal((await client.get('/staff/competences/staff/not-an-id')).status, 403);

    const csrf = csrfIn(team.html);
    const course = (await one<{ id: string }>("SELECT id FROM training_courses WHERE key = 'anti_discrimination'")).id;
    const plannedOn = addDays(officeToday(Date.now()), 20);
    const refused = await client.post(`/staff/competences/staff/${mitte.id}/plans`, { _csrf: csrf, course, plannedOn });
    assert.equal(refused.status, 403);
    const allowed = await client.post(`/staff/competences/staff/${nord.id}/plans`, { _csrf: csrf, course, plannedOn });
    assert.equal(allowed.status, 303);
    const plans = await owner().query('SELECT user_id FROM training_plans WHERE course_id = $1', [course]);
    assert.deepEqual(
      plans.rows.map((r) => r.user_id),
      [nord.id],
    );
  });
});

describe('training planning', () => {
  test('the team lead sees who is due, the share trained and the plan per quarter; the CSV reads back', async () => {
    const worker = await signedInStaff(app, 'worker.trained@musterstadt.example', 'caseworker');
    const course = await one<{ id: string }>("SELECT id FROM training_courses WHERE key = 'intercultural'");
    await owner().query(
      `INSERT INTO training_records (authority_id, user_id, course_id, taken_on)
       SELECT authority_id, id, $2, current_date - 10 FROM staff_users WHERE id = $1`,
      [worker.id, course.id],
    );
    const planned = addDays(officeToday(Date.now()), 40);
    const { client } = await signedInStaff(app, 'lead.trainings@musterstadt.example', 'team_lead');
    const page = await client.get('/staff/trainings');
    assert.equal(page.status, 200);
    const csrf = csrfIn(page.html);
    const law = await one<{ id: string }>("SELECT id FROM training_courses WHERE key = 'legal_updates'");
    const plan = await client.post(`/staff/competences/staff/${worker.id}/plans`, {
      _csrf: csrf,
      course: law.id,
      plannedOn: planned,
    });
    assert.equal(plan.status, 303);

    const csv = await client.get('/staff/trainings.csv');
    assert.equal(csv.status, 200);
    const rows = parseCsv(csv.html, ';', { bomDropped: true });
    assert.deepEqual(rows[0], ['Art', 'Mitarbeiterin/Mitarbeiter', 'Fortbildung', 'Wert', 'Prozent']);
    const team = Number(
      (
        await one<{ n: number }>(
          `SELECT count(*)::int AS n FROM staff_users u WHERE status <> 'deactivated'
          AND EXISTS (SELECT 1 FROM staff_roles r WHERE r.user_id = u.id AND r.role <> 'partner')`,
        )
      ).n,
    );
    // Trained: everyone with a record of the course (all recent; other tests of this file record some too).
    const trained = (
      await one<{ n: number }>('SELECT count(DISTINCT user_id)::int AS n FROM training_records WHERE course_id = $1', [
        course.id,
      ])
    ).n;
    assert.ok(trained >= 1);
    const share = rows.find((r) => r[0] === 'Anteil geschult' && r[2] === 'Interkulturelle Kompetenz')!;
    assert.deepEqual(share.slice(3), [
      `${trained}/${team}`,
      String(Math.round((trained / team) * 10000) / 100).replace('.', ','),
    ]);
    assert.ok(rows.some((r) => r[0] === 'fällig' && r[1] === 'Test' && r[2] === 'Antidiskriminierung'));
    assert.ok(
      rows.some((r) => r[0] === 'geplant' && r[2] === 'Rechtliche Neuerungen (Aufenthaltsrecht)' && r[3] === planned),
    );

    const after = await client.get('/staff/trainings');
    const quarter = `${planned.slice(0, 4)}-Q${Math.ceil(Number(planned.slice(5, 7)) / 3)}`;
    assert.match(after.html, new RegExp(`<h3[^>]*>${quarter}</h3>`));
  });

  test('the catalogue is edited with trainings.manage; a bad refresh period keeps what was typed', async () => {
    const { client } = await signedInStaff(app, 'lead.catalogue@musterstadt.example', 'team_lead');
    const page = await client.get('/staff/trainings');
    const csrf = csrfIn(page.html);
    const bad = await client.post('/staff/trainings/courses', {
      _csrf: csrf,
      nameDe: 'Deeskalation',
      nameEn: 'De-escalation',
      refreshMonths: '0',
    });
    assert.equal(bad.status, 400);
    assert.match(bad.html, /Bitte geben Sie eine Zahl von 1 bis 120 an/);
    assert.match(bad.html, /value="Deeskalation"/);
    for (let i = 0; i < 2; i++) {
      const ok = await client.post('/staff/trainings/courses', {
        _csrf: csrf,
        nameDe: 'Deeskalation',
        nameEn: 'De-escalation',
        refreshMonths: '24',
      });
      assert.equal(ok.status, 303);
    }
    const rows = await owner().query("SELECT refresh_months FROM training_courses WHERE name_de = 'Deeskalation'");
    assert.deepEqual(rows.rows, [{ refresh_months: 24 }]);
    const worker = await signedInStaff(app, 'worker.catalogue@musterstadt.example', 'caseworker');
    const refused = await worker.client.post('/staff/trainings/courses', {
      _csrf: csrfIn((await worker.client.get('/staff/competences')).html),
      nameDe: 'X',
      nameEn: 'X',
      refreshMonths: '',
    });
    assert.equal(refused.status, 403);
  });
});

describe('public service page', () => {
  test('says which languages are spoken at each location, in every locale, and follows a profile change', async () => {
    for (const locale of LOCALES) {
      const response = await fetch(`${app.base}/${locale}/services/residence-permit-extension`);
      assert.equal(response.status, 200);
      const html = await response.text();
      for (const code of ['de', 'ar', 'uk', 'fa'])
        assert.ok(html.includes(languageName(code, locale)), `${locale}: ${languageName(code, locale)}`);
    }
    // A member of staff at Nord's first counter adds Italian: the cached page is cleared.
    const before = await (await fetch(`${app.base}/de/services/residence-permit-extension`)).text();
    assert.ok(!before.includes('Italienisch'));
    const worker = await signedInStaff(app, 'worker.italian@musterstadt.example', 'caseworker');
    await owner().query(
      `UPDATE counters SET staff_user_id = $1 WHERE id = (SELECT c.id FROM counters c JOIN locations l ON l.id = c.location_id
         WHERE l.slug = 'nord' ORDER BY c.label LIMIT 1)`,
      [worker.id],
    );
    const saved = await worker.client.submit('/staff/profile', '/staff/profile/languages', {
      language: 'it',
      level: 'C1',
    });
    assert.equal(saved.status, 303);
    const afterChange = await (await fetch(`${app.base}/de/services/residence-permit-extension`)).text();
    assert.match(afterChange, /Italienisch/);
  });
});
