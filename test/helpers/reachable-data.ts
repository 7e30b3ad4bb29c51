import { randomBytes } from 'node:crypto';
import { officeToday } from '../../src/platform/clock/office-time.js';
import { randomToken, tokenHash } from '../../src/platform/crypto.js';
import { daysAgo, dayAgo, placeOf, plantAppointment, plantDrawRound, plantTicket } from './aged-rows.js';
import type { TestApp } from './app.js';
import { applyOnline } from './applications.js';
import { Client, csrfIn } from './client.js';
import type { Mailbox } from './mailbox.js';
import { plantPartner, plantReferral } from './referrals.js';

/**
 * Rows of every kind a route looks up, with the secrets that reach them (link tokens, cookies), so
 * that requests get past "not found" into the handlers. Links found by crawling start from here:
 * a token only ever travels by e-mail or cookie, so no page links to it.
 */
export interface ReachableData {
  /** Paths to start crawling from: pages that only a mail, a cookie or a printed code lead to. */
  readonly startPaths: readonly string[];
  /** Pages that are the answer to a form (the status page after the date of birth), with the fields sent. */
  readonly formPages: readonly { readonly path: string; readonly fields: Readonly<Record<string, string>> }[];
  /** Pages staff reach only by filling in a GET form with a real choice (a staffing scenario). */
  readonly staffStartPaths: readonly string[];
  /** Ids that must not be the target of a destructive request (the test's own sessions and kiosk). */
  readonly keep: readonly string[];
  /** Cookies of the anonymous visitor: an enrolled kiosk, a status sign-in, a booking hold. */
  readonly visitorCookies: Readonly<Record<string, string>>;
}

export async function plantReachableData(app: TestApp, mailbox: Mailbox): Promise<ReachableData> {
  const owner = app.db.owner;
  const place = await placeOf(owner, 'musterstadt');
  const q = async <T = Record<string, unknown>>(sql: string, values: unknown[] = []): Promise<T> =>
    (await owner.query(sql, values)).rows[0] as T;

  const applied = await applyOnline(app, mailbox, {
    firstName: 'Amina',
    lastName: 'Haddad',
    birthDate: '1985-05-05',
    email: 'amina.hostile@example.org',
    locale: 'de',
  });
  const receipt = await q<{ short_code: string }>('SELECT short_code FROM receipts WHERE case_id = $1', [
    applied.caseId,
  ]);
  await owner.query(
    `INSERT INTO fiktionsbescheinigungen (authority_id, case_id, form_number, fiction, valid_until)
     VALUES ($1, $2, 'F123456789', '81_4', current_date + 90)`,
    [place.authorityId, applied.caseId],
  );

  // An open request for documents, so that the status pages show their upload forms.
  await owner.query(
    `INSERT INTO document_requests (authority_id, case_id, document_slugs, template, due_on)
     VALUES ($1, $2, ARRAY['passport'], 'unreadable', current_date + 14)`,
    [place.authorityId, applied.caseId],
  );

  // Another authority's published toolkit module, for "take a shared module" (toolkit/).
  const other = await q<{ id: string }>(
    `INSERT INTO authorities (slug, state_code, email, phone) VALUES ('hostile-other', 'NI', 'info@andere.example', '+49 511 1234') RETURNING id`,
  );
  const shared = await q<{ id: string }>(
    `INSERT INTO toolkit_modules (authority_id, slug, area, published) VALUES ($1, 'geteilte-praxis', 'networking', true)
     RETURNING id`,
    [other.id],
  );
  await owner.query(
    `INSERT INTO toolkit_module_versions (module_id, authority_id, version, title, goal, author_name)
     VALUES ($1, $2, 1, 'Geteilte Praxis', 'Ein Ziel', 'Andere Behörde')`,
    [shared.id, other.id],
  );

  // A booked appointment reached by its manage link and check-in code.
  const manage = randomToken();
  const appointmentId = await plantAppointment(owner, place, daysAgo(-3));
  const { check_in_code: checkInCode } = await q<{ check_in_code: string }>(
    `UPDATE appointments SET status = 'booked', occupies = false, finished_at = NULL, manage_token_hash = $2
      WHERE id = $1 RETURNING check_in_code`,
    [appointmentId, tokenHash(manage)],
  );

  // A freed time offered to the next on a draw's waitlist, answered by its offer link.
  const offer = randomToken();
  const offeredId = await plantAppointment(owner, place, daysAgo(-5));
  await owner.query(
    `UPDATE appointments SET status = 'offered', occupies = true, finished_at = NULL, releases_at = now() + interval '1 day',
            manage_token_hash = $2 WHERE id = $1`,
    [offeredId, tokenHash(offer)],
  );

  // A waiting walk-in ticket reached by its phone link.
  const ticket = randomToken();
  const ticketId = await plantTicket(owner, place, officeToday(Date.now()));
  await owner.query(
    `UPDATE queue_tickets SET status = 'waiting', counter_id = NULL, called_at = NULL, started_at = NULL, ended_at = NULL,
            token_hash = $2 WHERE id = $1`,
    [ticketId, tokenHash(ticket)],
  );

  // An enrolled kiosk at the location, and a draw round with registrations.
  const kiosk = randomToken();
  const { id: kioskId } = await q<{ id: string }>(
    `INSERT INTO kiosk_devices (authority_id, location_id, label, token_hash) VALUES ($1, $2, 'Eingang', $3) RETURNING id`,
    [place.authorityId, place.locationId, tokenHash(kiosk)],
  );
  await owner.query(
    `INSERT INTO kiosk_devices (authority_id, location_id, label, token_hash) VALUES ($1, $2, 'Zweites Tablet', $3)`,
    [place.authorityId, place.locationId, randomBytes(32)],
  );
  const round = await plantDrawRound(owner, place, { closesAt: daysAgo(1), slotsUntil: dayAgo(-30) });

  // Staff links: an invitation of a member of staff not yet active, the first admin's setup, and a
  // password reset of an active member of staff whose account is locked after failed sign-ins.
  // The invitation's holder may accept it during a test; another invited account is the admin's to resend.
  const invitation = randomToken();
  const setup = randomToken();
  const reset = randomToken();
  const { id: lockedId } = await q<{ id: string }>(
    `INSERT INTO staff_users (authority_id, email, display_name, status, password_hash, failed_logins, locked_until)
     VALUES ($1, 'gesperrt@musterstadt.example', 'Gesperrt', 'active', 'x', 5, now() + interval '1 day') RETURNING id`,
    [place.authorityId],
  );
  await owner.query(
    `INSERT INTO staff_users (authority_id, email, display_name, status) VALUES ($1, 'noch-eingeladen@musterstadt.example', 'Noch eingeladen', 'invited')`,
    [place.authorityId],
  );
  await owner.query(
    `INSERT INTO staff_tokens (token_hash, authority_id, purpose, user_id, expires_at) VALUES ($1, $2, 'password_reset', $3, now() + interval '1 hour')`,
    [tokenHash(reset), place.authorityId, lockedId],
  );
  // A mail that could not be sent, for the admin to send again.
  await owner.query(
    `INSERT INTO mail_outbox (authority_id, recipient, subject, text, status, last_error)
     VALUES ($1, 'person@example.org', 'Ihr Termin', 'Text', 'failed', 'mailbox unavailable')`,
    [place.authorityId],
  );
  const { id: invitedId } = await q<{ id: string }>(
    `INSERT INTO staff_users (authority_id, email, display_name, status) VALUES ($1, 'eingeladen@musterstadt.example', 'Eingeladen', 'invited') RETURNING id`,
    [place.authorityId],
  );
  await owner.query(
    `INSERT INTO staff_users (authority_id, email, display_name, status) VALUES ($1, 'ehemalig@musterstadt.example', 'Ehemalig', 'deactivated')`,
    [place.authorityId],
  );
  await owner.query(
    `INSERT INTO staff_tokens (token_hash, authority_id, purpose, user_id, expires_at) VALUES
       ($1, $3, 'invitation', $4, now() + interval '2 days'), ($2, $3, 'first_admin', NULL, now() + interval '2 days')`,
    [tokenHash(invitation), tokenHash(setup), place.authorityId, invitedId],
  );

  // Settings rows the staff pages link to: a closed day, a finished import of the permit register.
  await owner.query(
    `INSERT INTO closed_days (authority_id, location_id, day, reason) VALUES ($1, $2, $3, 'Betriebsausflug')`,
    [place.authorityId, place.locationId, dayAgo(-40)],
  );
  const { id: importId } = await q<{ id: string }>(
    `INSERT INTO permit_imports (authority_id, file_name, status, total_rows, finished_at)
     VALUES ($1, 'register.csv', 'done', 0, now()) RETURNING id`,
    [place.authorityId],
  );

  // A referral to a partner with a valid consent: the person's page by its link, the office's and the
  // partner's pages (the partner actor is bound to this organisation: hostile-input.test.ts).
  const referralToken = randomToken();
  const partner = await plantPartner(owner, place.authorityId, { slug: 'hostile-partner', name: 'Jobcenter' });
  const now = Date.now();
  await plantReferral(
    owner,
    place.authorityId,
    partner,
    [{ givenAt: new Date(now - 3_600_000), expiresAt: new Date(now + 30 * 86_400_000), endedAt: null }],
    referralToken,
  );
  // One not consented to yet, for the office's form that records a consent at the counter.
  await plantReferral(owner, place.authorityId, partner, []);

  // The visitor: signed in to the status pages (by the case's address) and holding a slot.
  const status = randomToken();
  await owner.query(
    `INSERT INTO status_sessions (authority_id, token_hash, email, expires_at) VALUES ($1, $2, 'amina.hostile@example.org', now() + interval '1 day')`,
    [place.authorityId, tokenHash(status)],
  );
  const visitor = new Client(app.base);
  const week = await visitor.get('/de/appointments/residence-permit-extension/mitte');
  const startsAt = /name="startsAt" value="([^"]+)"/.exec(week.html)?.[1];
  const held = startsAt
    ? await visitor.post('/de/appointments/residence-permit-extension/mitte/hold', {
        _csrf: csrfIn(week.html),
        startsAt,
      })
    : undefined;
  const booking = held?.location ?? '/de/appointments/residence-permit-extension/mitte';
  // A customer-survey invitation (its link travels by mail or the ticket's phone page) and a pulse link.
  const survey = randomToken();
  await owner.query(
    `INSERT INTO survey_invitations (authority_id, source_kind, source_id, token_hash, service_id, location_id, channel, locale, event_at)
     VALUES ($1, 'ticket', gen_random_uuid(), $2, $3, $4, 'walk_in', 'de', now())`,
    [place.authorityId, tokenHash(survey), place.serviceId, place.locationId],
  );
  const locationSlug = place.locationSlug;

  return {
    startPaths: [
      '/',
      '/de/',
      '/de/services',
      '/de/guide',
      '/de/status',
      '/de/status/mine',
      '/de/verify',
      `/de/verify/${receipt.short_code}`,
      applied.statusPath,
      `/de/appointments/manage/${manage}`,
      `/de/appointments/manage/${manage}/move`,
      `/de/appointments/offer/${offer}`,
      `/de/queue/${ticket}`,
      `/de/referrals/${referralToken}`,
      `/kiosk/${locationSlug}`,
      `/kiosk/${locationSlug}/de`,
      `/kiosk/${locationSlug}/de/appointment`,
      `/display/${locationSlug}`,
      `/de/draws/${round.roundId}`,
      `/de/draws/confirm/${round.unconfirmedId}`,
      `/api/v1/draws/${round.roundId}`,
      '/api/v1/services',
      '/api/v1/services/residence-permit-extension',
      `/de/appointments/offer/${offer}/accept`,
      `/de/appointments/offer/${offer}/decline`,
      `/de/draws/${round.roundId}/register`,
      `/display/${locationSlug}/events`,
      `/de/queue/${ticket}/events`,
      `${applied.statusPath}/documents`,
      `${applied.statusPath}/receipt`,
      `/de/status/mine/${applied.reference}`,
      `/staff/queue/tickets/${ticketId}/start`,
      `/staff/renewals/imports/${importId}`,
      `/staff/renewals/imports/${importId}/progress.json`,
      booking,
      booking.replace('/booking/', '/confirm/'),
      '/staff',
      '/staff/login',
      `/staff/invitation/${invitation}`,
      `/staff/setup/${setup}`,
      `/staff/password/reset/${reset}`,
      `/staff/check-in?code=${checkInCode}`,
      `/staff/check-in/${checkInCode}`,
      `/staff/appointments/${appointmentId}/attendance`,
      `/de/survey/${survey}`,
      `/staff/pulse/${randomToken()}`,
    ],
    formPages: [{ path: applied.statusPath, fields: { birthDate: '1985-05-05' } }],
    staffStartPaths: [`/staff/reports/staffing?scenarioService=${place.serviceId}&scenarioPercent=20`],
    keep: [kioskId, invitedId],
    visitorCookies: {
      ...Object.fromEntries(
        visitor.cookieHeader
          .split('; ')
          .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
      ),
      wk_kiosk: kiosk,
      wk_status: status,
    },
  };
}
