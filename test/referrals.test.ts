import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { placeOf, plantCase } from './helpers/aged-rows.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { Client, csrfIn } from './helpers/client.js';
import { type Mailbox, startMailbox } from './helpers/mailbox.js';
import { type PlantedPartner, plantPartner } from './helpers/referrals.js';
import { signedInStaff } from './helpers/staff.js';

/**
 * Referrals through HTTP: a caseworker refers from a case, the person consents by the mail's link
 * in Russian and gets the receipt, the partner sees exactly the consented fields and answers, the
 * caseworker and the person see the answer, the person withdraws and the partner's next request
 * finds nothing. Another partner, and a caseworker limited to another service, reach nothing.
 */

let app: TestApp;
let mailbox: Mailbox;
let authority: string;
let jobcenter: PlantedPartner;
let other: PlantedPartner;
let caseId: string;
let caseworker: Client;

async function partnerUser(email: string, partner: PlantedPartner): Promise<Client> {
  const { client, id } = await signedInStaff(app, email, 'partner');
  await app.db.owner.query('UPDATE staff_roles SET partner_id = $1 WHERE user_id = $2', [partner.partnerId, id]);
  return client;
}

before(async () => {
  mailbox = await startMailbox();
  app = await startTestApp({ SMTP_URL: mailbox.url, LOGIN_ATTEMPTS_PER_IP: '1000' });
  const place = await placeOf(app.db.owner, 'musterstadt');
  authority = place.authorityId;
  jobcenter = await plantPartner(app.db.owner, authority, {
    slug: 'jobcenter',
    name: 'Jobcenter Musterstadt',
    email: 'team@jobcenter.example',
  });
  other = await plantPartner(app.db.owner, authority, { slug: 'beratung', name: 'Migrationsberatung' });
  ({ caseId } = await plantCase(app.db.owner, place, { receivedDaysAgo: 3, closedDaysAgo: null }));
  await app.db.owner.query("UPDATE cases SET locale = 'ru', email = 'olga@example.org' WHERE id = $1", [caseId]);
  caseworker = (await signedInStaff(app, 'sachbearbeitung@example.org', 'caseworker')).client;
});

after(async () => {
  await app?.close();
  await mailbox?.close();
});

let referralId: string;
let consentLink: string;

test('a caseworker refers from a case: only the ticked fields, the person asked in Russian; a double click creates nothing new', async () => {
  const casePage = await caseworker.get(`/staff/cases/${caseId}`);
  assert.match(casePage.html, new RegExp(`/staff/referrals\\?case=${caseId}`), 'the case links its referrals');
  const form = `/staff/referrals/new?case=${caseId}&partner=${jobcenter.partnerId}`;
  const page = await caseworker.get(form);
  assert.equal(page.status, 200);
  assert.match(page.html, /Beratung zur Arbeitssuche/);
  const fields = {
    case: caseId,
    partner: jobcenter.partnerId,
    categories: ['name', 'birth_date'],
    message: 'Bitte beraten',
  };
  const invalid = await caseworker.post('/staff/referrals', { ...fields, _csrf: csrfIn(page.html) });
  assert.equal(invalid.status, 400, 'no purpose chosen');
  assert.match(invalid.html, /Bitte wählen Sie einen Zweck/);
  assert.match(invalid.html, /Bitte beraten/, 'what was typed stays');
  const created = await caseworker.post('/staff/referrals', {
    ...fields,
    offer: jobcenter.offerId,
    _csrf: csrfIn(page.html),
  });
  assert.equal(created.status, 303);
  referralId = /\/staff\/referrals\/([0-9a-f-]{36})/.exec(created.location!)![1]!;
  const again = await caseworker.post('/staff/referrals', {
    ...fields,
    offer: jobcenter.offerId,
    _csrf: csrfIn(page.html),
  });
  assert.equal(again.location, created.location, 'the same referral');
  const copy = await app.db.owner.query<{ fields: Record<string, string> }>(
    'SELECT fields FROM referral_data WHERE referral_id = $1',
    [referralId],
  );
  assert.deepEqual(copy.rows[0]!.fields, { name: 'Amina Haddad', birth_date: '1985-05-05' });
  const mail = await mailbox.waitFor((m) => m.to.includes('olga@example.org') && /Jobcenter/.test(m.subject));
  assert.match(mail.subject, /Ваше согласие/);
  assert.match(mail.text, /Дата рождения/);
  assert.doesNotMatch(mail.text, /Адрес электронной почты/, 'the e-mail address was not ticked');
  consentLink = /\/ru\/referrals\/[A-Za-z0-9_-]+/.exec(mail.text)![0];
});

test('before consent the partner sees nothing; after it exactly the consented fields, and its read is audited', async () => {
  const partner = await partnerUser('team@jobcenter.example', jobcenter);
  assert.doesNotMatch((await partner.get('/staff/partner')).html, new RegExp(referralId));
  assert.equal((await partner.get(`/staff/partner/referrals/${referralId}`)).status, 404);

  const person = new Client(app.base);
  const page = await person.get(consentLink);
  assert.equal(page.status, 200);
  assert.match(page.html, /Я даю согласие/);
  assert.match(page.html, /lang="ru"/);
  const consented = await person.post(`${consentLink}/consent`, { _csrf: csrfIn(page.html) });
  assert.equal(consented.status, 303);
  const receipt = await mailbox.waitFor((m) => m.to.includes('olga@example.org') && /Подтверждение/.test(m.subject));
  assert.match(receipt.text, /GDPR Art\. 6\(1\)\(a\)/);
  assert.match(receipt.text, /Jobcenter Musterstadt/);

  assert.match((await partner.get('/staff/partner')).html, new RegExp(referralId));
  const opened = await partner.get(`/staff/partner/referrals/${referralId}`);
  assert.equal(opened.status, 200);
  assert.match(opened.html, /Amina Haddad/);
  assert.match(opened.html, /1985-05-05/);
  assert.doesNotMatch(opened.html, /olga@example\.org/, 'not consented, not shown');
  const audit = await app.db.owner.query(
    "SELECT 1 FROM audit_log WHERE action = 'referral.viewed' AND object_id = $1",
    [referralId],
  );
  assert.ok(audit.rowCount! >= 1);
});

test('another partner can open or answer the referral neither by URL nor by POST', async () => {
  const stranger = await partnerUser('team@beratung.example', other);
  assert.equal((await stranger.get(`/staff/partner/referrals/${referralId}`)).status, 404);
  assert.doesNotMatch((await stranger.get('/staff/partner')).html, new RegExp(referralId));
  const list = await stranger.get('/staff/partner');
  const posted = await stranger.post(`/staff/partner/referrals/${referralId}/answers`, {
    kind: 'done',
    _csrf: csrfIn(list.html),
  });
  assert.equal(posted.status, 404);
  const answers = await app.db.owner.query('SELECT 1 FROM referral_answers WHERE referral_id = $1', [referralId]);
  assert.equal(answers.rowCount, 0);
});

test('the partner answers; the caseworker and the person see the answer', async () => {
  const partner = await partnerUser('beratung2@jobcenter.example', jobcenter);
  const page = await partner.get(`/staff/partner/referrals/${referralId}`);
  const declined = await partner.post(`/staff/partner/referrals/${referralId}/answers`, {
    kind: 'declined',
    body: '',
    _csrf: csrfIn(page.html),
  });
  assert.equal(declined.status, 400);
  assert.match(declined.html, /Grund der Ablehnung/);
  const when = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  const proposed = await partner.post(`/staff/partner/referrals/${referralId}/answers`, {
    kind: 'appointment',
    appointmentAt: `${when}T10:00`,
    body: 'Bitte Lebenslauf mitbringen',
    _csrf: csrfIn(page.html),
  });
  assert.equal(proposed.status, 303);
  const view = await caseworker.get(`/staff/referrals/${referralId}`);
  assert.equal(view.status, 200);
  assert.match(view.html, /Terminvorschlag/);
  assert.match(view.html, /Bitte Lebenslauf mitbringen/);
  const person = await new Client(app.base).get(consentLink);
  assert.match(person.html, /Предложена встреча/);
  assert.match(person.html, /Что видел Jobcenter Musterstadt/);
  assert.match(person.html, /Дата рождения/, 'the access report lists what was shown');
});

test('withdrawal is immediate: the next request finds nothing, the list is empty, the partner is told', async () => {
  const partner = await partnerUser('dritte@jobcenter.example', jobcenter);
  assert.equal((await partner.get(`/staff/partner/referrals/${referralId}`)).status, 200);
  const person = new Client(app.base);
  const page = await person.get(consentLink);
  assert.match(page.html, /Отозвать согласие/);
  const withdrawn = await person.post(`${consentLink}/withdraw`, { _csrf: csrfIn(page.html) });
  assert.equal(withdrawn.status, 303);
  assert.equal((await partner.get(`/staff/partner/referrals/${referralId}`)).status, 404);
  const list = await partner.get('/staff/partner');
  assert.doesNotMatch(list.html, new RegExp(referralId));
  assert.match(list.html, /Keine Überweisungen mit gültiger Einwilligung/);
  const answer = await partner.post(`/staff/partner/referrals/${referralId}/answers`, {
    kind: 'done',
    _csrf: csrfIn(list.html),
  });
  assert.equal(answer.status, 404);
  const notice = await mailbox.waitFor((m) => m.to.includes('team@jobcenter.example'));
  assert.match(notice.subject, /Einwilligung widerrufen/);
  assert.doesNotMatch(notice.text, /Amina|Haddad|1985/, 'no personal data in the notice');
  const after = await person.get(consentLink);
  assert.match(after.html, /Отозвано/);
  assert.match(after.html, /Дата рождения/, 'what the partner was shown stays listed');
  // The consent record itself is unchanged; its end is a row of its own.
  const ends = await app.db.owner.query(
    'SELECT e.method FROM referral_consent_ends e JOIN referral_consents c ON c.id = e.consent_id WHERE c.referral_id = $1',
    [referralId],
  );
  assert.deepEqual(ends.rows, [{ method: 'mail_link' }]);
});

test('a consent taken in person at the counter is recorded with who took it, and withdrawn there too', async () => {
  const page = await caseworker.get(`/staff/referrals/${referralId}`);
  const consent = await caseworker.post(`/staff/referrals/${referralId}/consent`, { _csrf: csrfIn(page.html) });
  assert.equal(consent.status, 303);
  const { rows } = await app.db.owner.query<{ method: string; recorded: boolean }>(
    'SELECT method, recorded_by IS NOT NULL AS recorded FROM referral_consents WHERE referral_id = $1 ORDER BY given_at DESC LIMIT 1',
    [referralId],
  );
  assert.deepEqual(rows[0], { method: 'in_person', recorded: true });
  const again = await caseworker.get(`/staff/referrals/${referralId}`);
  assert.match(again.html, /Widerruf der Person aufnehmen/);
  const withdraw = await caseworker.post(`/staff/referrals/${referralId}/withdraw`, { _csrf: csrfIn(again.html) });
  assert.equal(withdraw.status, 303);
});

test('a caseworker limited to another service cannot refer from a case they cannot open', async () => {
  const { client, id } = await signedInStaff(app, 'andere@example.org', 'caseworker');
  const { rows } = await app.db.owner.query<{ id: string }>(
    'SELECT id FROM services WHERE authority_id = $1 AND id <> (SELECT service_id FROM cases WHERE id = $2) LIMIT 1',
    [authority, caseId],
  );
  await app.db.owner.query('UPDATE staff_roles SET service_ids = $1 WHERE user_id = $2', [[rows[0]!.id], id]);
  assert.equal((await client.get(`/staff/referrals/new?case=${caseId}`)).status, 404);
  assert.equal((await client.get(`/staff/referrals/${referralId}`)).status, 404);
  const list = await client.get('/staff/referrals');
  assert.doesNotMatch(list.html, new RegExp(referralId));
  const posted = await client.post('/staff/referrals', {
    case: caseId,
    partner: jobcenter.partnerId,
    offer: jobcenter.offerId,
    categories: 'name',
    _csrf: csrfIn(list.html),
  });
  assert.equal(posted.status, 404);
});

test('network figures: per partner and purpose, as a table, a chart and CSV, for those who plan the office', async () => {
  const lead = (await signedInStaff(app, 'leitung@example.org', 'team_lead')).client;
  const page = await lead.get('/staff/reports/network');
  assert.equal(page.status, 200);
  assert.match(page.html, /Jobcenter Musterstadt/);
  assert.match(page.html, /Beratung zur Arbeitssuche/);
  assert.match(page.html, /<svg/);
  assert.match(page.html, /href="\/staff\/reports"/);
  const csv = await fetch(`${app.base}/staff/reports/network.csv`, { headers: { cookie: lead.cookieHeader } });
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
  const text = await csv.text();
  // One referral, consented twice (link, counter), answered once, withdrawn.
  assert.match(text, /Jobcenter Musterstadt;Beratung zur Arbeitssuche;1;1;[0-9,]+;0;0;0;1/);
  assert.notEqual((await caseworker.get('/staff/reports/network')).status, 200, 'caseworkers do not see the figures');
});

test("the admin's invitation binds a partner account to one organisation, and asks for it", async () => {
  const admin = (await signedInStaff(app, 'admin2@example.org', 'authority_admin')).client;
  const page = await admin.get('/staff/admin/staff');
  assert.match(page.html, /Jobcenter Musterstadt/);
  const fields = { displayName: 'Partnerin', email: 'neu@jobcenter.example', roles: 'partner' };
  const missing = await admin.post('/staff/admin/staff/invite', { ...fields, _csrf: csrfIn(page.html) });
  assert.equal(missing.status, 400);
  assert.match(missing.html, /Bitte wählen Sie die Partnerorganisation/);
  const invited = await admin.post('/staff/admin/staff/invite', {
    ...fields,
    partner: jobcenter.partnerId,
    _csrf: csrfIn(page.html),
  });
  assert.equal(invited.status, 303);
  const { rows } = await app.db.owner.query(
    `SELECT r.partner_id FROM staff_roles r JOIN staff_users u ON u.id = r.user_id WHERE u.email = 'neu@jobcenter.example'`,
  );
  assert.deepEqual(rows, [{ partner_id: jobcenter.partnerId }]);
});
