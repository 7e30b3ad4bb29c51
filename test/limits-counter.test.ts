import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { addDays, officeToday } from '../src/platform/clock/office-time.js';
import { withTenant } from '../src/platform/database/index.js';
import { insertTicket } from '../src/queue/tickets.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { type Client, csrfIn } from './helpers/client.js';
import { signedInStaff } from './helpers/staff.js';

/*
 * A caseworker and a team lead limited to location A (Mitte) and service X (settlement permit) try
 * every staff route of appointments, the queue and renewals on objects of location B (Nord) or
 * service Y (residence permit): each answers 404 or 403, changes no row and writes no audit entry.
 * The same requests on A/X objects succeed, and every list shows A/X only. The routes come from the
 * app's route table, so a new route without a row here fails the first test.
 */

let app: TestApp;
let caseworker: Client;
let lead: Client;
let fullLead: Client;
/** A second limited team lead: enrolling a kiosk signs the enrolling browser out of the staff area. */
let kioskLead: Client;
const ids: Record<string, string> = {};
const numbers: Record<string, string> = {};
const today = officeToday(Date.now());

let references = 0;
const q = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  (await app.db.owner.query<T>(sql, params)).rows;
const one = async (sql: string, params: unknown[] = []) => (await q<{ id: string }>(sql, params))[0]!.id;

/** Names only objects of B or Y carry: no refused answer and no list may show them. */
const SECRETS = ['Yusuf Ypsilon', 'Berta Beispiel', 'Kiosk Nord'];

async function appointment(
  key: string,
  o: { location: string; counter: string; service: string; minutes: number; name?: string; code?: string },
): Promise<void> {
  const [first, last] = o.name?.split(' ') ?? [null, null];
  references += 1;
  ids[key] = await one(
    `INSERT INTO appointments (authority_id, reference, service_id, location_id, counter_id, channel, starts_at, ends_at, status, occupies,
                               first_name, last_name, birth_date, identity_key, check_in_code, booked_by, releases_at)
     VALUES ($1, $2, $3, $4, $5, 'staff', date_trunc('minute', now()) + make_interval(mins => $6),
             date_trunc('minute', now()) + make_interval(mins => $6 + 30), $7, true, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
    [
      ids.authority,
      `T-LIMT-${String(references).padStart(4, '0')}`,
      o.service,
      o.location,
      o.counter,
      o.minutes,
      o.name ? 'booked' : 'held',
      first,
      last,
      o.name ? '1990-01-01' : null,
      o.name ? randomBytes(8) : null,
      o.code ?? null,
      o.name ? null : ids.caseworkerId,
      o.name ? null : new Date(Date.now() + 3_600_000),
    ],
  );
}

async function ticket(key: string, location: string, service: string, calledTo?: string): Promise<void> {
  const issued = await withTenant(app.db.owner, ids.authority!, (tx) =>
    insertTicket(tx, {
      authorityId: ids.authority!,
      locationId: location,
      serviceId: service,
      officeDay: today,
      kind: 'walk_in',
      locale: 'de',
      appointmentId: null,
      dueAt: null,
      kioskId: null,
    }),
  );
  ids[key] = issued!.id;
  numbers[key] = issued!.number;
  if (calledTo)
    await q(`UPDATE queue_tickets SET status = 'called', counter_id = $2, called_at = now(), calls = 1 WHERE id = $1`, [
      issued!.id,
      calledTo,
    ]);
}

before(async () => {
  app = await startTestApp({ LOGIN_ATTEMPTS_PER_IP: '1000', RATE_LIMIT_PER_MINUTE: '1000000' });
  ids.authority = await one("SELECT id FROM authorities WHERE slug = 'musterstadt'");
  ids.A = await one("SELECT id FROM locations WHERE slug = 'mitte'");
  ids.B = await one("SELECT id FROM locations WHERE slug = 'nord'");
  ids.X = await one("SELECT id FROM services WHERE slug = 'settlement-permit'");
  ids.Y = await one("SELECT id FROM services WHERE slug = 'residence-permit'");
  // Y allocated by draw too, so that opening a draw of Y reaches the policy (not the "no draw service" error).
  await q("UPDATE services SET allocation = 'draw' WHERE id = $1", [ids.Y]);
  for (const [key, location, label] of [
    ['A1', 'A', 'Schalter 1'],
    ['A2', 'A', 'Schalter 2'],
    ['A3', 'A', 'Schalter 3'],
    ['A4', 'A', 'Schalter 4'],
    ['B1', 'B', 'Schalter 1'],
    ['B2', 'B', 'Schalter 2'],
  ] as const)
    ids[key] = await one('SELECT id FROM counters WHERE location_id = $1 AND label = $2', [ids[location], label]);

  const limited = await signedInStaff(app, 'cw.mitte@musterstadt.example', 'caseworker');
  const limitedLead = await signedInStaff(app, 'tl.mitte@musterstadt.example', 'team_lead');
  const limitedKioskLead = await signedInStaff(app, 'tl2.mitte@musterstadt.example', 'team_lead');
  kioskLead = limitedKioskLead.client;
  caseworker = limited.client;
  lead = limitedLead.client;
  fullLead = (await signedInStaff(app, 'tl.all@musterstadt.example', 'team_lead')).client;
  ids.caseworkerId = limited.id;
  await q(
    'UPDATE staff_roles SET location_ids = $2::uuid[], service_ids = $3::uuid[] WHERE user_id = ANY($1::uuid[])',
    [[limited.id, limitedLead.id, limitedKioskLead.id], [ids.A], [ids.X]],
  );

  await appointment('apptAX', {
    location: ids.A!,
    counter: ids.A1!,
    service: ids.X!,
    minutes: 1,
    name: 'Anna Xaver',
    code: 'AXAX2345',
  });
  await appointment('apptAY', {
    location: ids.A!,
    counter: ids.A2!,
    service: ids.Y!,
    minutes: 1,
    name: 'Yusuf Ypsilon',
    code: 'AYAY2345',
  });
  await appointment('apptBX', {
    location: ids.B!,
    counter: ids.B1!,
    service: ids.X!,
    minutes: 1,
    name: 'Berta Beispiel',
    code: 'BXBX2345',
  });
  await appointment('heldAX', { location: ids.A!, counter: ids.A1!, service: ids.X!, minutes: 60 });
  await appointment('heldAY', { location: ids.A!, counter: ids.A2!, service: ids.Y!, minutes: 60 });
  await appointment('heldBX', { location: ids.B!, counter: ids.B1!, service: ids.X!, minutes: 60 });

  // Waiting: Y arrived before X, so a "call next" that saw Y would call it first.
  await ticket('waitAY', ids.A!, ids.Y!);
  await ticket('waitAX', ids.A!, ids.X!);
  await ticket('waitBX', ids.B!, ids.X!);
  await ticket('calledAX', ids.A!, ids.X!, ids.A2);
  await ticket('calledAY', ids.A!, ids.Y!, ids.A3);
  await ticket('calledBX', ids.B!, ids.X!, ids.B2);

  for (const [key, location, label] of [
    ['kioskA', 'A', 'Kiosk Mitte'],
    ['kioskB', 'B', 'Kiosk Nord'],
  ] as const)
    ids[key] = await one(
      'INSERT INTO kiosk_devices (authority_id, location_id, label, token_hash) VALUES ($1, $2, $3, $4) RETURNING id',
      [ids.authority, ids[location], label, randomBytes(32)],
    );
  for (const [key, location, days] of [
    ['closedA', ids.A, 50],
    ['closedB', ids.B, 51],
    ['closedAll', null, 52],
  ] as const)
    ids[key] = await one(
      `INSERT INTO closed_days (authority_id, location_id, day, reason) VALUES ($1, $2, $3, 'Test') RETURNING id::text AS id`,
      [ids.authority, location, addDays(today, days)],
    );
  for (const [key, location] of [
    ['hoursA', ids.A],
    ['hoursB', ids.B],
  ] as const) {
    ids[key] = await one(
      'SELECT h.id::text AS id FROM counter_hours h JOIN counters c ON c.id = h.counter_id WHERE c.location_id = $1 ORDER BY h.id LIMIT 1',
      [location],
    );
  }
  ids.openingA = await one('SELECT id::text AS id FROM opening_hours WHERE location_id = $1 ORDER BY id LIMIT 1', [
    ids.A,
  ]);
  ids.openingB = await one('SELECT id::text AS id FROM opening_hours WHERE location_id = $1 ORDER BY id LIMIT 1', [
    ids.B,
  ]);
  ids.import = await one(
    `INSERT INTO permit_imports (authority_id, file_name, source, total_rows, status, finished_at) VALUES ($1, 'alt.csv', NULL, 0, 'done', now()) RETURNING id`,
    [ids.authority],
  );
});
after(async () => {
  await app?.close();
});

type Who = 'caseworker' | 'lead' | 'fullLead' | 'kioskLead';
type Form = Record<string, string | string[]>;
interface Attempt {
  readonly path: string;
  readonly form?: () => Form;
  /** A multipart form (the register upload); the CSRF token is added. */
  readonly multipart?: () => FormData;
}
interface Allowed extends Attempt {
  readonly status: number;
  readonly by?: Who;
  readonly check?: (html: string, location: string | null) => Promise<void> | void;
}
interface Row {
  readonly who: Who;
  /** Requests on objects of location B or service Y. */
  readonly refused: readonly Attempt[];
  /** The same kind of request on objects of A/X. */
  readonly allowed: Allowed;
}

const person = (): Form => ({
  firstName: 'Xenia',
  lastName: 'Anrufer',
  birthDate: '1985-03-03',
  email: '',
  locale: 'de',
  permitExpiresOn: '',
});
const SETTINGS = '/staff/appointments/settings';
const csvFile = () =>
  new Blob(
    [
      `Vorname;Nachname;Geburtsdatum;E-Mail;Sprache;Titel;Gueltig_bis\r\nIda;Import;1980-01-01;ida@example.org;de;AE;${addDays(today, 300)}\r\n`,
    ],
    { type: 'text/csv' },
  );
const upload = () => {
  const form = new FormData();
  form.append('file', csvFile(), 'register.csv');
  return form;
};
let heldStartsAt = '';
const hasNoSecrets = (html: string) => {
  for (const secret of SECRETS) assert.ok(!html.includes(secret), `shows ${secret}`);
};
const status = async (table: string, id: string) =>
  (await q<{ status: string }>(`SELECT status FROM ${table} WHERE id = $1`, [id]))[0]!.status;

/** Every staff route of appointments, queue and renewals, in the order they are tried. */
const ROUTES: Readonly<Record<string, Row>> = {
  'GET /staff/appointments': {
    who: 'caseworker',
    refused: [{ path: `/staff/appointments?location=nord&day=${today}` }],
    allowed: {
      path: `/staff/appointments?location=mitte&day=${today}`,
      status: 200,
      check: (html) => {
        assert.match(html, /Anna Xaver/);
        assert.ok(!html.includes('Servicepunkt Nord'), 'Nord cannot be picked');
        hasNoSecrets(html);
      },
    },
  },
  'POST /staff/appointments/:id/attendance': {
    who: 'caseworker',
    refused: ['apptAY', 'apptBX'].map((key) => ({
      path: `/staff/appointments/:${key}/attendance`,
      form: () => ({ step: 'arrived', back: '/staff/appointments?' }),
    })),
    allowed: {
      path: '/staff/appointments/:apptAX/attendance',
      form: () => ({ step: 'arrived', back: '/staff/appointments?' }),
      status: 303,
      check: async (_html, location) => {
        assert.match(location!, /notice=recorded/);
        assert.equal(await status('appointments', ids.apptAX!), 'arrived');
      },
    },
  },
  'GET /staff/check-in': {
    who: 'caseworker',
    refused: [{ path: '/staff/check-in?code=AYAY-2345' }, { path: '/staff/check-in?code=BXBX-2345' }],
    allowed: { path: '/staff/check-in?code=AXAX-2345', status: 200, check: (html) => assert.match(html, /AXAX-2345/) },
  },
  'GET /staff/check-in/:code': {
    who: 'caseworker',
    refused: [{ path: '/staff/check-in/AYAY2345' }, { path: '/staff/check-in/BXBX2345' }],
    allowed: { path: '/staff/check-in/AXAX2345', status: 200, check: (html) => assert.match(html, /AXAX2345/) },
  },
  'GET /staff/appointments/book': {
    who: 'caseworker',
    refused: [{ path: '/staff/appointments/book?location=nord&service=settlement-permit&channel=staff' }],
    allowed: {
      path: '/staff/appointments/book?location=mitte&service=settlement-permit&channel=staff',
      status: 200,
      check: (html) => {
        heldStartsAt = /name="startsAt" value="([^"]+)"/.exec(html)?.[1] ?? '';
        assert.ok(heldStartsAt, 'free staff times for X at A');
        assert.ok(!html.includes('Servicepunkt Nord'), 'Nord cannot be picked');
        assert.doesNotMatch(html, /value="residence-permit"/, 'Y cannot be picked');
      },
    },
  },
  'POST /staff/appointments/book': {
    who: 'caseworker',
    refused: [
      {
        path: '/staff/appointments/book?location=nord&service=settlement-permit&channel=staff',
        form: () => ({ startsAt: heldStartsAt }),
      },
      {
        path: '/staff/appointments/book?location=mitte&service=residence-permit&channel=staff',
        form: () => ({ startsAt: heldStartsAt }),
      },
    ],
    allowed: {
      path: '/staff/appointments/book?location=mitte&service=settlement-permit&channel=staff',
      form: () => ({ startsAt: heldStartsAt }),
      status: 303,
      check: (_html, location) => assert.match(location!, /^\/staff\/appointments\/book\/[0-9a-f-]{36}$/),
    },
  },
  'GET /staff/appointments/book/:id': {
    who: 'caseworker',
    refused: ['heldAY', 'heldBX'].map((key) => ({ path: `/staff/appointments/book/:${key}` })),
    allowed: { path: '/staff/appointments/book/:heldAX', status: 200 },
  },
  'POST /staff/appointments/book/:id': {
    who: 'caseworker',
    refused: ['heldAY', 'heldBX'].map((key) => ({ path: `/staff/appointments/book/:${key}`, form: person })),
    allowed: {
      path: '/staff/appointments/book/:heldAX',
      form: person,
      status: 200,
      check: async (html) => {
        assert.match(html, /T-LIMT-0004/);
        assert.equal(await status('appointments', ids.heldAX!), 'booked');
      },
    },
  },
  'GET /staff/queue': {
    who: 'caseworker',
    refused: [{ path: '/staff/queue?location=nord' }],
    allowed: {
      path: '/staff/queue?location=mitte',
      status: 200,
      check: (html) => {
        assert.ok(html.includes(numbers.waitAX!) && html.includes(numbers.calledAX!), 'the X tickets are listed');
        for (const key of ['waitAY', 'calledAY'])
          assert.ok(!new RegExp(`\\b${numbers[key]}\\b`).test(html), `${key} is not listed`);
        assert.ok(!html.includes('Servicepunkt Nord'), 'Nord cannot be picked');
      },
    },
  },
  'POST /staff/queue/call-next': {
    who: 'caseworker',
    refused: [{ path: '/staff/queue/call-next', form: () => ({ counterId: ids.B1!, back: '/staff/queue?' }) }],
    allowed: {
      path: '/staff/queue/call-next',
      form: () => ({ counterId: ids.A1!, back: '/staff/queue?' }),
      status: 303,
      // The Y ticket waited longer; the caseworker is given the X one.
      check: (_html, location) => assert.match(location!, new RegExp(`notice=called&number=${numbers.waitAX}`)),
    },
  },
  'POST /staff/queue/tickets/:id/:step': {
    who: 'caseworker',
    refused: ['calledAY', 'calledBX', 'waitBX'].map((key) => ({
      path: `/staff/queue/tickets/:${key}/served`,
      form: () => ({ back: '/staff/queue?' }),
    })),
    allowed: {
      path: '/staff/queue/tickets/:calledAX/served',
      form: () => ({ back: '/staff/queue?' }),
      status: 303,
      check: async (_html, location) => {
        assert.match(location!, /notice=done/);
        assert.equal(await status('queue_tickets', ids.calledAX!), 'served');
      },
    },
  },
  'GET /staff/queue/kiosks': {
    who: 'lead',
    refused: [],
    allowed: {
      path: '/staff/queue/kiosks',
      status: 200,
      check: (html) => {
        assert.match(html, /Kiosk Mitte/);
        assert.ok(!html.includes(ids.B!), 'Nord cannot be picked');
        hasNoSecrets(html);
      },
    },
  },
  'POST /staff/queue/kiosks': {
    who: 'lead',
    refused: [{ path: '/staff/queue/kiosks', form: () => ({ locationId: ids.B!, label: 'Neu Nord' }) }],
    allowed: {
      by: 'kioskLead',
      path: '/staff/queue/kiosks',
      form: () => ({ locationId: ids.A!, label: 'Neu Mitte' }),
      status: 303,
      check: (_html, location) => assert.equal(location, '/kiosk/mitte'),
    },
  },
  'POST /staff/queue/kiosks/:id/revoke': {
    who: 'lead',
    refused: [{ path: '/staff/queue/kiosks/:kioskB/revoke', form: () => ({}) }],
    allowed: {
      path: '/staff/queue/kiosks/:kioskA/revoke',
      form: () => ({}),
      status: 200,
      check: async () => {
        const [row] = await q<{ revoked: boolean }>(
          'SELECT revoked_at IS NOT NULL AS revoked FROM kiosk_devices WHERE id = $1',
          [ids.kioskA],
        );
        assert.equal(row!.revoked, true);
      },
    },
  },
  'GET /staff/appointments/settings': {
    who: 'lead',
    refused: [{ path: `${SETTINGS}?location=nord` }],
    allowed: {
      path: `${SETTINGS}?location=mitte`,
      status: 200,
      check: (html) => {
        assert.ok(!html.includes('Servicepunkt Nord'), 'Nord cannot be picked');
        assert.doesNotMatch(html, /<option value="all"/, 'no closing of all locations');
        const draws = /name="serviceId">(.*?)<\/select>/s.exec(html)?.[1] ?? '';
        assert.ok(draws.includes(ids.X!) && !draws.includes(ids.Y!), 'draws only of X');
      },
    },
  },
  'POST /staff/appointments/settings/counters': {
    who: 'lead',
    refused: [{ path: `${SETTINGS}/counters?location=nord`, form: () => ({ label: 'Schalter 9' }) }],
    allowed: { path: `${SETTINGS}/counters?location=mitte`, form: () => ({ label: 'Schalter 9' }), status: 303 },
  },
  'POST /staff/appointments/settings/counters/:id': {
    who: 'lead',
    // The query names A; the counter is B's.
    refused: ['nord', 'mitte'].map((location) => ({
      path: `${SETTINGS}/counters/:B1?location=${location}`,
      form: () => ({ label: 'Umbenannt', active: 'yes', serviceIds: [ids.X!] }),
    })),
    allowed: {
      path: `${SETTINGS}/counters/:A4?location=mitte`,
      form: () => ({ label: 'Schalter 4', active: 'yes', serviceIds: [ids.X!] }),
      status: 303,
    },
  },
  'POST /staff/appointments/settings/counters/:id/hours': {
    who: 'lead',
    refused: [
      {
        path: `${SETTINGS}/counters/:B1/hours?location=mitte`,
        form: () => ({ weekdays: ['6'], opens: '09:00', closes: '10:00', channel: 'online' }),
      },
    ],
    allowed: {
      path: `${SETTINGS}/counters/:A4/hours?location=mitte`,
      form: () => ({ weekdays: ['6'], opens: '09:00', closes: '10:00', channel: 'online' }),
      status: 303,
    },
  },
  'POST /staff/appointments/settings/hours/:id/remove': {
    who: 'lead',
    refused: [{ path: `${SETTINGS}/hours/:hoursB/remove?location=mitte`, form: () => ({}) }],
    allowed: { path: `${SETTINGS}/hours/:hoursA/remove?location=mitte`, form: () => ({}), status: 303 },
  },
  'POST /staff/appointments/settings/opening-hours': {
    who: 'lead',
    refused: [
      {
        path: `${SETTINGS}/opening-hours?location=nord`,
        form: () => ({ weekdays: ['7'], opens: '09:00', closes: '10:00' }),
      },
    ],
    allowed: {
      path: `${SETTINGS}/opening-hours?location=mitte`,
      form: () => ({ weekdays: ['7'], opens: '09:00', closes: '10:00' }),
      status: 303,
    },
  },
  'POST /staff/appointments/settings/opening-hours/:id/remove': {
    who: 'lead',
    refused: [{ path: `${SETTINGS}/opening-hours/:openingB/remove?location=mitte`, form: () => ({}) }],
    allowed: { path: `${SETTINGS}/opening-hours/:openingA/remove?location=mitte`, form: () => ({}), status: 303 },
  },
  'POST /staff/appointments/settings/closed-days': {
    who: 'lead',
    refused: [
      {
        path: `${SETTINGS}/closed-days?location=nord`,
        form: () => ({ scope: 'location', day: addDays(today, 60), reason: 'Nord zu' }),
      },
      // All locations: only a grant for all of them reaches that.
      {
        path: `${SETTINGS}/closed-days?location=mitte`,
        form: () => ({ scope: 'all', day: addDays(today, 61), reason: 'Alle zu' }),
      },
    ],
    allowed: {
      path: `${SETTINGS}/closed-days?location=mitte`,
      form: () => ({ scope: 'location', day: addDays(today, 62), reason: 'Mitte zu' }),
      status: 303,
    },
  },
  'POST /staff/appointments/settings/closed-days/:id/remove': {
    who: 'lead',
    refused: ['closedB', 'closedAll'].map((key) => ({
      path: `${SETTINGS}/closed-days/:${key}/remove?location=mitte`,
      form: () => ({}),
    })),
    allowed: { path: `${SETTINGS}/closed-days/:closedA/remove?location=mitte`, form: () => ({}), status: 303 },
  },
  'POST /staff/appointments/settings/draws': {
    who: 'lead',
    refused: [
      { path: `${SETTINGS}/draws?location=nord`, form: () => draw(ids.X!) },
      { path: `${SETTINGS}/draws?location=mitte`, form: () => draw(ids.Y!) },
    ],
    allowed: { path: `${SETTINGS}/draws?location=mitte`, form: () => draw(ids.X!), status: 303 },
  },
  'GET /staff/renewals': {
    who: 'lead',
    refused: [{ path: '/staff/renewals' }],
    allowed: { path: '/staff/renewals', status: 200, by: 'fullLead' },
  },
  'POST /staff/renewals/imports': {
    who: 'lead',
    refused: [{ path: '/staff/renewals/imports', multipart: upload }],
    allowed: {
      path: '/staff/renewals/imports',
      multipart: upload,
      status: 303,
      by: 'fullLead',
      // The import job runs on its own; the next rows compare the tables, so wait until it has ended.
      check: async (_html, location) => {
        const id = /imports\/([0-9a-f-]{36})$/.exec(location ?? '')?.[1];
        assert.ok(id, `redirected to ${location}`);
        const deadline = Date.now() + 20_000;
        let state = await status('permit_imports', id);
        while (!['done', 'failed'].includes(state) && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          state = await status('permit_imports', id);
        }
        assert.equal(state, 'done');
      },
    },
  },
  'GET /staff/renewals/imports/:id': {
    who: 'lead',
    refused: [{ path: '/staff/renewals/imports/:import' }],
    allowed: { path: '/staff/renewals/imports/:import', status: 200, by: 'fullLead' },
  },
  'GET /staff/renewals/imports/:id/progress.json': {
    who: 'lead',
    refused: [{ path: '/staff/renewals/imports/:import/progress.json' }],
    allowed: { path: '/staff/renewals/imports/:import/progress.json', status: 200, by: 'fullLead' },
  },
  'POST /staff/renewals/settings': {
    who: 'lead',
    refused: [{ path: '/staff/renewals/settings', form: () => ({ weeksBefore: '5' }) }],
    allowed: { path: '/staff/renewals/settings', form: () => ({ weeksBefore: '5' }), status: 303, by: 'fullLead' },
  },
};

function draw(serviceId: string): Form {
  return { serviceId, days: '7', slotsFrom: addDays(today, 30), slotsUntil: addDays(today, 40) };
}

const SCOPED = /^\/staff\/(appointments|check-in|queue|renewals)(\/|$)/;

/** The tables a refused request must leave alone, each as one fingerprint (the audit trail among them). */
const TABLES = [
  'appointments',
  'queue_tickets',
  'queue_events',
  'queue_days',
  'kiosk_devices',
  'counters',
  'counter_hours',
  'counter_services',
  'opening_hours',
  'closed_days',
  'draw_rounds',
  'permit_imports',
  'issued_permits',
  'renewal_settings',
  'audit_log',
];

async function fingerprints(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of TABLES)
    out[table] = (
      await q<{ h: string }>(`SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM ${table} t`)
    )[0]!.h;
  return out;
}

/** `:name` in a path stands for the fixture's id. */
const resolve = (path: string) => path.replace(/:([A-Za-z0-9]+)/g, (_, key: string) => ids[key] ?? `:${key}`);

async function send(who: Who, method: string, attempt: Attempt) {
  const client = { caseworker, lead, fullLead, kioskLead }[who];
  const path = resolve(attempt.path);
  if (method === 'GET') return client.get(path);
  const csrf = csrfIn((await client.get('/staff/profile')).html);
  if (attempt.multipart) {
    const form = attempt.multipart();
    form.append('_csrf', csrf);
    return client.postMultipart(path, form);
  }
  return client.post(path, { ...(attempt.form?.() ?? {}), _csrf: csrf });
}

test('the table covers every staff route of appointments, the queue and renewals', () => {
  const registered = app.app.routeTable
    .filter((r) => SCOPED.test(r.url))
    .map((r) => `${r.method} ${r.url}`)
    .sort();
  assert.ok(registered.length > 20);
  assert.deepEqual(Object.keys(ROUTES).sort(), registered);
});

test('limited to A/X: on objects of B or Y every route answers 404 or 403, changes nothing and audits nothing; on A/X it works', async () => {
  for (const [route, row] of Object.entries(ROUTES)) {
    const method = route.split(' ')[0]!;
    for (const attempt of row.refused) {
      const before = await fingerprints();
      const answer = await send(row.who, method, attempt);
      const label = `${route} as ${row.who}: ${resolve(attempt.path)}`;
      assert.ok([403, 404].includes(answer.status), `${label} answered ${answer.status}`);
      hasNoSecrets(answer.html);
      assert.deepEqual(await fingerprints(), before, `${label} changed something`);
    }
    const allowed = await send(row.allowed.by ?? row.who, method, row.allowed);
    assert.equal(allowed.status, row.allowed.status, `${route} on A/X: ${allowed.html.slice(0, 300)}`);
    await row.allowed.check?.(allowed.html, allowed.location);
  }
  // What the refused requests would have recorded as done is not in the trail; the allowed ones are.
  const actions = (await q<{ action: string }>('SELECT action FROM audit_log')).map((a) => a.action);
  assert.ok(actions.includes('appointment.arrived') && actions.includes('kiosk.revoked'));
  const objects = (await q<{ object_id: string | null }>('SELECT object_id FROM audit_log')).map((a) => a.object_id);
  for (const key of ['apptAY', 'apptBX', 'heldAY', 'heldBX', 'kioskB', 'closedB', 'closedAll', 'hoursB', 'openingB'])
    assert.ok(!objects.includes(ids[key]!), `${key} appears in the audit trail`);
});

test('lists: without a location the limited caseworker sees A; the nav offers no register to a limited team lead', async () => {
  const day = await caseworker.get('/staff/appointments');
  assert.equal(day.status, 200);
  assert.match(day.html, /Anna Xaver/);
  hasNoSecrets(day.html);
  const queue = await caseworker.get('/staff/queue');
  assert.equal(queue.status, 200);
  assert.ok(queue.html.includes(numbers.waitAX!), 'Mitte is shown');
  assert.ok(!new RegExp(`\\b${numbers.waitAY}\\b`).test(queue.html), 'the Y ticket is not');
  // A service of Y asked for by query string shows no times.
  const bookY = await caseworker.get('/staff/appointments/book?location=mitte&service=residence-permit&channel=staff');
  assert.equal(bookY.status, 200);
  assert.doesNotMatch(bookY.html, /name="startsAt"/);
  assert.doesNotMatch((await lead.get('/staff')).html, /href="\/staff\/renewals"/);
  assert.match((await fullLead.get('/staff')).html, /href="\/staff\/renewals"/);
});
