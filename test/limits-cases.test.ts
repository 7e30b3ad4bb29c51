import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CASE_ACTION_TYPES } from '../src/cases/case-state.js';
import { addDays, officeToday } from '../src/platform/clock/office-time.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { applyOnline, multipartForm, pdfBytes } from './helpers/applications.js';
import { Client, csrfIn } from './helpers/client.js';
import { startMailbox, type Mailbox } from './helpers/mailbox.js';
import { signedInStaff } from './helpers/staff.js';

/**
 * Role limits hold for cases: a caseworker limited to location A and service X ("address change")
 * reaches no case of service Y (a residence permit), by no route of the cases capability, and sees
 * only X's cases in the inbox. Cases have no location (applied for online, to the authority): the
 * limit to a location does not narrow them (cases/case-policy.ts). The table of requests below is
 * checked against the routes the app registered, so a new route of cases must be added to it.
 */

let app: TestApp;
let mailbox: Mailbox;
let ids: { authority: string; x: string; y: string; locationA: string };
/** Unlimited, to prepare cases. */
let colleague: Client;
/** Limited to location A and service X. */
let limited: { client: Client; id: string };
let caseX: Fixture;
let caseY: Fixture;

interface Fixture {
  readonly id: string;
  readonly reference: string;
  readonly fileId: string;
  readonly certificateId: string;
}
interface Probe {
  readonly path: string;
  /** Absent: a GET. */
  readonly form?: Record<string, string | string[]>;
}

const REASONS = 'Die Voraussetzungen für die Verlängerung liegen nach den Unterlagen nicht vor.';
const today = () => officeToday(Date.now());

/** What each staff route of cases is asked, on one case: a valid request, the kind an allowed member of staff sends. */
const PROBES: Readonly<Record<string, (k: Fixture, certificateNumber: string) => Probe[]>> = {
  'GET /staff/cases/:id': (k) => [{ path: `/staff/cases/${k.id}` }],
  'GET /staff/cases/:id/files/:fileId': (k) => [{ path: `/staff/cases/${k.id}/files/${k.fileId}` }],
  'GET /staff/cases/:id/fiktionsbescheinigungen/:fileId': (k) => [
    { path: `/staff/cases/${k.id}/fiktionsbescheinigungen/${k.certificateId}` },
  ],
  'POST /staff/cases/:id/assign': (k) => [{ path: `/staff/cases/${k.id}/assign`, form: { toMe: 'yes' } }],
  'POST /staff/cases/:id/notes': (k) => [
    { path: `/staff/cases/${k.id}/notes`, form: { body: 'Reisepass im Original gesehen.' } },
  ],
  'POST /staff/cases/:id/fiktionsbescheinigungen': (k, number) => [
    {
      path: `/staff/cases/${k.id}/fiktionsbescheinigungen`,
      form: { formNumber: number, validUntil: addDays(today(), 60) },
    },
  ],
  // Every step of the state machine (the first is the one the positive control takes from "received").
  'POST /staff/cases/:id/actions/:action': (k) =>
    ['start_review', ...CASE_ACTION_TYPES.filter((type) => type !== 'start_review')].map((type) => ({
      path: `/staff/cases/${k.id}/actions/${type}`,
      form: { heardOn: today(), reasons: REASONS, counsellingInfoGiven: 'yes' },
    })),
  // Last: it moves the case to "incomplete" (the positive control's case is in review by then).
  'POST /staff/cases/:id/requests': (k) => [
    {
      path: `/staff/cases/${k.id}/requests`,
      form: { documents: ['passport'], template: 'missing', dueOn: addDays(today(), 14) },
    },
  ],
};
/** The routes of cases that name no case: the lists. */
const LISTS = ['GET /staff/cases'];

before(async () => {
  mailbox = await startMailbox();
  app = await startTestApp({
    SMTP_URL: mailbox.url,
    LOGIN_ATTEMPTS_PER_IP: '1000',
    RATE_LIMIT_PER_MINUTE: '1000000',
  });
  const one = async (sql: string) => (await app.db.owner.query<{ id: string }>(sql)).rows[0]!.id;
  ids = {
    authority: await one("SELECT id FROM authorities WHERE slug = 'musterstadt'"),
    x: await one("SELECT id FROM services WHERE slug = 'address-change'"),
    y: await one("SELECT id FROM services WHERE slug = 'residence-permit-extension'"),
    locationA: await one("SELECT id FROM locations WHERE slug = 'mitte'"),
  };
  colleague = (await signedInStaff(app, 'kollege@musterstadt.example', 'caseworker')).client;
  limited = await signedInStaff(app, 'adressen@musterstadt.example', 'caseworker');
  await limit(limited.id, 'caseworker', [ids.locationA], [ids.x]);
  caseX = await prepared(await applyForAddressChange('Samir', 'samir@example.org'), 'X0000001');
  const y = await applyOnline(app, mailbox, {
    firstName: 'Olena',
    lastName: 'Koval',
    birthDate: '1990-04-12',
    email: 'olena@example.org',
    locale: 'uk',
  });
  caseY = await prepared({ id: y.caseId, reference: y.reference }, 'Y0000001');
  // Y waits for a decision, heard: granting, proposing a refusal, hearing again would all be valid steps.
  for (const [step, fields] of [
    ['start_review', {}],
    ['mark_ready', {}],
    ['record_hearing', { heardOn: today() }],
  ] as const)
    assert.equal(await act(colleague, caseY.id, step, fields), 'done', step);
});
after(async () => {
  await app?.close();
  await mailbox?.close();
});

/** Sets a member of staff's grant as an admin would (roles are read at every request). */
async function limit(userId: string, role: string, locationIds: string[] | null, serviceIds: string[] | null) {
  await app.db.owner.query(
    'UPDATE staff_roles SET location_ids = $3, service_ids = $4 WHERE user_id = $1 AND role = $2',
    [userId, role, locationIds, serviceIds],
  );
}

async function applyForAddressChange(name: string, email: string): Promise<{ id: string; reference: string }> {
  const browser = new Client(app.base);
  const page = await browser.get('/de/apply/address-change');
  const sent = await browser.postMultipart(
    '/de/apply/address-change',
    multipartForm(
      {
        _csrf: csrfIn(page.html),
        firstName: name,
        lastName: `${name}-Nasser`,
        birthDate: '1988-07-01',
        email,
        locale: 'ar',
        'q:moved-on': addDays(today(), -10),
        'q:new-address': 'Lindenweg 5\n31134 Musterstadt',
        'q:family-moved': 'no',
        action: 'submit',
      },
      [
        { field: 'passport', name: 'pass.pdf', bytes: await pdfBytes(1), type: 'application/pdf' },
        { field: 'registration-certificate', name: 'meldung.pdf', bytes: await pdfBytes(1), type: 'application/pdf' },
      ],
    ),
  );
  assert.equal(sent.status, 201, sent.html.slice(0, 300));
  const reference = /(A-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(sent.html)![1]!;
  const { rows } = await app.db.owner.query<{ id: string }>('SELECT id FROM cases WHERE reference = $1', [reference]);
  assert.ok(rows[0], 'the case exists once the answer is sent');
  return { id: rows[0].id, reference };
}

/** A case with a file and a Fiktionsbescheinigung recorded by the unlimited colleague. */
async function prepared({ id, reference }: { id: string; reference: string }, number: string): Promise<Fixture> {
  const page = await colleague.get(`/staff/cases/${id}`);
  const issued = await colleague.post(`/staff/cases/${id}/fiktionsbescheinigungen`, {
    _csrf: csrfIn(page.html),
    formNumber: number,
    validUntil: addDays(today(), 30),
  });
  assert.match(issued.location ?? '', /notice=done/);
  const one = async (sql: string) => (await app.db.owner.query<{ id: string }>(sql, [id])).rows[0]!.id;
  return {
    id,
    reference,
    fileId: await one('SELECT id FROM application_files WHERE case_id = $1 ORDER BY uploaded_at LIMIT 1'),
    certificateId: await one('SELECT id FROM fiktionsbescheinigungen WHERE case_id = $1'),
  };
}

async function act(client: Client, caseId: string, action: string, fields: Record<string, string> = {}) {
  const page = await client.get(`/staff/cases/${caseId}`);
  assert.equal(page.status, 200);
  const done = await client.post(`/staff/cases/${caseId}/actions/${action}`, { _csrf: csrfIn(page.html), ...fields });
  assert.equal(done.status, 303, `${action}: ${done.status}`);
  return new URL(done.location!, app.base).searchParams.get('notice');
}

/** The case's row and everything hanging from it, to compare before and after. */
async function snapshot(caseId: string): Promise<unknown> {
  const { rows } = await app.db.owner.query(
    `SELECT to_jsonb(c) AS row,
            (SELECT count(*) FROM case_history h WHERE h.case_id = c.id) AS history,
            (SELECT count(*) FROM case_notes n WHERE n.case_id = c.id) AS notes,
            (SELECT count(*) FROM document_requests r WHERE r.case_id = c.id) AS requests,
            (SELECT count(*) FROM fiktionsbescheinigungen f WHERE f.case_id = c.id) AS certificates,
            (SELECT count(*) FROM application_files a WHERE a.case_id = c.id) AS files
       FROM cases c WHERE c.id = $1`,
    [caseId],
  );
  return rows[0];
}

async function auditOf(caseId: string, actorId: string): Promise<string[]> {
  const { rows } = await app.db.owner.query<{ action: string }>(
    'SELECT action FROM audit_log WHERE object_id = $1 AND actor_id = $2 ORDER BY seq',
    [caseId, actorId],
  );
  return rows.map((r) => r.action);
}

async function send(client: Client, probe: Probe, csrf: string) {
  return probe.form ? client.post(probe.path, { _csrf: csrf, ...probe.form }) : client.get(probe.path);
}

function caseRoutes(): string[] {
  return app.app.routeTable
    .filter((r) => r.url === '/staff/cases' || r.url.startsWith('/staff/cases/'))
    .map((r) => `${r.method} ${r.url}`)
    .sort();
}

test('the table of requests covers every route of cases the app registered', () => {
  assert.deepEqual(caseRoutes(), [...Object.keys(PROBES), ...LISTS].sort());
  for (const route of app.app.routeTable.filter((r) => r.url.startsWith('/staff/cases')))
    assert.equal(route.staff, route.method === 'GET' ? 'cases.view' : 'cases.work', route.url);
});

test('limited to service X: every route on a case of service Y answers 404, changes nothing and records nothing as done', async () => {
  const csrf = csrfIn((await limited.client.get(`/staff/cases/${caseX.id}`)).html);
  const before = await snapshot(caseY.id);
  let probes = 0;
  for (const [route, probesOf] of Object.entries(PROBES)) {
    for (const probe of probesOf(caseY, 'Y0000002')) {
      const answer = await send(limited.client, probe, csrf);
      assert.ok([403, 404].includes(answer.status), `${route} ${probe.path}: ${answer.status}`);
      assert.doesNotMatch(answer.html, /Olena|Koval|%PDF/, `${route}: nothing of the case is shown`);
      probes += 1;
    }
  }
  assert.deepEqual(await snapshot(caseY.id), before, 'the case and what hangs from it are unchanged');
  // Every attempt is in the trail as refused, and nothing as done.
  const trail = await auditOf(caseY.id, limited.id);
  assert.equal(trail.length, probes);
  assert.deepEqual(new Set(trail), new Set(['case.access_refused']));
});

test('limited to service X: the same requests on a case of service X succeed (the positive control)', async () => {
  const csrf = csrfIn((await limited.client.get(`/staff/cases/${caseX.id}`)).html);
  for (const [route, probesOf] of Object.entries(PROBES)) {
    const probe = probesOf(caseX, 'X0000002')[0]!;
    const answer = await send(limited.client, probe, csrf);
    if (probe.form) {
      assert.equal(answer.status, 303, `${route}: ${answer.status}`);
      assert.match(answer.location ?? '', /notice=done/, `${route}: ${answer.location}`);
    } else {
      assert.equal(answer.status, 200, `${route}: ${answer.status}`);
    }
  }
  const { rows } = await app.db.owner.query<{ state: string; assigned_to: string }>(
    'SELECT state, assigned_to FROM cases WHERE id = $1',
    [caseX.id],
  );
  assert.deepEqual(rows[0], { state: 'incomplete', assigned_to: limited.id });
  assert.ok(!(await auditOf(caseX.id, limited.id)).includes('case.access_refused'));
});

test('limited to service X: the inbox shows the cases of X only, and offers only X to filter by', async () => {
  const inbox = await limited.client.get('/staff/cases');
  assert.equal(inbox.status, 200);
  assert.match(inbox.html, new RegExp(caseX.reference));
  assert.doesNotMatch(inbox.html, new RegExp(caseY.reference));
  assert.doesNotMatch((await limited.client.get(`/staff/cases?service=${ids.y}`)).html, new RegExp(caseY.reference));
  const options = [...inbox.html.matchAll(/<option value="([0-9a-f-]{36})"/g)].map((m) => m[1]);
  assert.deepEqual(options, [ids.x]);
  // Unlimited, the colleague sees both.
  const all = (await colleague.get('/staff/cases')).html;
  assert.match(all, new RegExp(caseX.reference));
  assert.match(all, new RegExp(caseY.reference));
});

test('a case has no location: a grant limited to a location alone reaches every case; one limited to a service of no case, none', async () => {
  const elsewhere = await signedInStaff(app, 'nord@musterstadt.example', 'caseworker');
  await limit(elsewhere.id, 'caseworker', [ids.locationA], null);
  assert.equal((await elsewhere.client.get(`/staff/cases/${caseY.id}`)).status, 200);
  const other = (await app.db.owner.query<{ id: string }>("SELECT id FROM services WHERE slug = 'eu-blue-card'"))
    .rows[0]!.id;
  await limit(elsewhere.id, 'caseworker', null, [other]);
  assert.equal((await elsewhere.client.get(`/staff/cases/${caseY.id}`)).status, 404);
  const inbox = (await elsewhere.client.get('/staff/cases')).html;
  assert.doesNotMatch(inbox, new RegExp(`${caseX.reference}|${caseY.reference}`));
});

test('authority admins neither read nor work cases: 403 on every route of cases, and no link to them', async () => {
  const admin = await signedInStaff(app, 'verwaltung@musterstadt.example', 'authority_admin');
  const home = await admin.client.get('/staff');
  assert.equal(home.status, 200);
  assert.doesNotMatch(home.html, /href="\/staff\/cases"/);
  const csrf = csrfIn(home.html);
  const before = await snapshot(caseY.id);
  assert.equal((await admin.client.get('/staff/cases')).status, 403);
  for (const [route, probesOf] of Object.entries(PROBES))
    for (const probe of probesOf(caseY, 'Y0000003'))
      assert.equal((await send(admin.client, probe, csrf)).status, 403, `${route} ${probe.path}`);
  assert.deepEqual(await snapshot(caseY.id), before);
  assert.deepEqual(await auditOf(caseY.id, admin.id), []);
});

test('a team lead approves a refusal proposed by a caseworker; a lead limited to another service cannot', async () => {
  const lead = await signedInStaff(app, 'leitung@musterstadt.example', 'team_lead');
  const page = await colleague.get(`/staff/cases/${caseY.id}`);
  assert.match(page.html, /actions\/propose_refusal/);
  assert.doesNotMatch(page.html, /actions\/approve_refusal/, 'a caseworker is not offered the approval');
  assert.equal(
    await act(colleague, caseY.id, 'propose_refusal', { reasons: REASONS, counsellingInfoGiven: 'yes' }),
    'done',
  );
  assert.equal(await act(colleague, caseY.id, 'approve_refusal'), 'same_person');
  await limit(lead.id, 'team_lead', null, [ids.x]);
  assert.equal((await lead.client.get(`/staff/cases/${caseY.id}`)).status, 404);
  await limit(lead.id, 'team_lead', null, null);
  const shown = await lead.client.get(`/staff/cases/${caseY.id}`);
  assert.match(shown.html, /actions\/approve_refusal/, 'the lead is offered the approval');
  assert.equal(await act(lead.client, caseY.id, 'approve_refusal'), 'done');
  const { rows } = await app.db.owner.query<{ state: string; record: { refusalApproval: { by: unknown } } }>(
    'SELECT state, record FROM cases WHERE id = $1',
    [caseY.id],
  );
  assert.equal(rows[0]!.state, 'refused');
  assert.deepEqual(rows[0]!.record.refusalApproval.by, { userId: lead.id }, 'the record keeps who, not what they may');
});

test('a record stored with the roles of its day still opens, and its refusal is approved by a second person only', async () => {
  const proposer = (
    await app.db.owner.query<{ id: string }>("SELECT id FROM staff_users WHERE email = 'kollege@musterstadt.example'")
  ).rows[0]!.id;
  const k = await applyForAddressChange('Rana', 'rana@example.org');
  for (const step of ['start_review', 'mark_ready']) assert.equal(await act(colleague, k.id, step), 'done');
  // As rows written before the policy decided: each signature's actor with the roles they held.
  const legacy = {
    state: 'ready_for_decision',
    version: 4,
    hearing: { by: { userId: proposer, roles: ['caseworker'] }, heardOn: today(), version: 3 },
    refusalProposal: {
      by: { userId: proposer, roles: ['caseworker'] },
      reasons: REASONS,
      counsellingInfoGiven: true,
      version: 4,
    },
    refusalApproval: null,
    grant: null,
  };
  await app.db.owner.query('UPDATE cases SET record = $2 WHERE id = $1', [k.id, legacy]);
  assert.equal(await act(colleague, k.id, 'approve_refusal'), 'same_person');
  const lead = (await signedInStaff(app, 'leitung2@musterstadt.example', 'team_lead')).client;
  assert.equal(await act(lead, k.id, 'approve_refusal'), 'done');
  const { rows } = await app.db.owner.query<{ state: string }>('SELECT state FROM cases WHERE id = $1', [k.id]);
  assert.equal(rows[0]!.state, 'refused');
});
