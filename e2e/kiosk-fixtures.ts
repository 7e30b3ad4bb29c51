import assert from 'node:assert/strict';
import type { BrowserContext } from 'playwright-core';
import { KIOSK_COOKIE } from '../src/queue/routes.js';
import type { TestApp } from '../test/helpers/app.js';
import { signedInStaff } from '../test/helpers/staff.js';

/** A team lead enrols the entrance tablet at Mitte; the browser context becomes that tablet. Returns the location's id. */
export async function enrolKioskAtMitte(app: TestApp, context: BrowserContext): Promise<string> {
  const lead = (await signedInStaff(app, 'leitung@musterstadt.example', 'team_lead')).client;
  const location = (await app.db.owner.query<{ id: string }>("SELECT id FROM locations WHERE slug = 'mitte'")).rows[0]!
    .id;
  const enrolled = await lead.submit('/staff/queue/kiosks', '/staff/queue/kiosks', {
    locationId: location,
    label: 'Tablet Eingang',
  });
  assert.equal(enrolled.status, 303);
  const { hostname } = new URL(app.base);
  await context.addCookies([
    {
      name: KIOSK_COOKIE,
      value: lead.cookie(KIOSK_COOKIE)!,
      domain: hostname,
      path: '/kiosk',
      httpOnly: true,
      sameSite: 'Lax',
    },
  ]);
  return location;
}

/** A booked extension appointment at the location, starting this minute, with its check-in code. */
export async function appointmentDueNow(
  app: TestApp,
  locationId: string,
  person: {
    reference: string;
    firstName: string;
    lastName: string;
    birthDate: string;
    email: string;
    locale: string;
    identityKey: string;
    checkInCode: string;
  },
): Promise<void> {
  const {
    rows: [svc],
  } = await app.db.owner.query<{ id: string; counter: string; authority_id: string }>(
    `SELECT s.id, c.id AS counter, s.authority_id FROM services s JOIN counter_services cs ON cs.service_id = s.id JOIN counters c ON c.id = cs.counter_id
      WHERE s.slug = 'residence-permit-extension' AND c.location_id = $1 ORDER BY c.label LIMIT 1`,
    [locationId],
  );
  await app.db.owner.query(
    `INSERT INTO appointments (authority_id, reference, service_id, location_id, counter_id, channel, starts_at, ends_at, status, occupies,
                               first_name, last_name, birth_date, email, locale, identity_key, check_in_code)
     VALUES ($1, $5, $2, $3, $4, 'online', date_trunc('minute', now()), date_trunc('minute', now()) + interval '30 minutes',
             'booked', true, $6, $7, $8, $9, $10, $11, $12)`,
    [
      svc!.authority_id,
      svc!.id,
      locationId,
      svc!.counter,
      person.reference,
      person.firstName,
      person.lastName,
      person.birthDate,
      person.email,
      person.locale,
      Buffer.from(person.identityKey, 'hex'),
      person.checkInCode,
    ],
  );
}
