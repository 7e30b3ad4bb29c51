import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { withTenant } from '../src/platform/database/index.js';
import { loadSeeds } from '../src/seeds.js';
import {
  daysAgo,
  dayAgo,
  placeOf,
  plantAppointment,
  plantCase,
  plantDraft,
  plantDrawRound,
  plantLink,
  plantPermit,
  plantSession,
  plantStatusSignIn,
  plantTicket,
} from './helpers/aged-rows.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { plantPartner, plantReferral } from './helpers/referrals.js';
import {
  columnsOf,
  copyRow,
  privileges,
  rowCount,
  someRow,
  tablesWithAuthority,
  tablesWithoutAuthority,
  type TenantTable,
} from './helpers/tenant-rows.js';

/**
 * Tenancy from the database catalogue: every table with an `authority_id` column, found by asking
 * PostgreSQL, not listed here, has row-level security enabled and forced with the one tenant
 * policy, and through the application's role no row of another authority can be seen or written.
 * Both authorities are given rows in every table (by the planting helpers, then by copying).
 */

let app: TestApp;
let demo: string;
let other: string;
const APP_ROLE = 'willkommen_app';
const POLICY = '(authority_id = current_authority_id())';

/** Tables with an authority_id that are not tenant-isolated, and why that is safe (checked below). */
const PUBLIC_WITH_AUTHORITY: Readonly<Record<string, { reason: string; appMay: string[] }>> = {
  authority_texts: {
    reason: "each authority's name and tagline per language: public facts on every page; the app may only read them",
    appMay: ['SELECT'],
  },
};

/** Forced row-level security would hold the owner too; these two are read by the owner's sign-in lookups. */
const NOT_FORCED: Readonly<Record<string, string>> = {
  staff_tokens:
    'read by staff_token_authority(), a SECURITY DEFINER function of the owner, to find the link’s authority',
  staff_sessions:
    'read by staff_session_authority(), a SECURITY DEFINER function of the owner, to find the session’s authority',
  mail_outbox:
    'the outbox worker’s two lookups (owner functions) find which authorities have mail due: ids and a time only',
  toolkit_modules:
    'toolkit_published_modules(), an owner function, lists what other authorities published (published rows only)',
  toolkit_module_versions: 'toolkit_published_modules() reads the current version of published modules only',
};

/** Tables with a second, restrictive policy besides the tenant's, and why (migrations/025_referrals.sql). */
const PARTNER_POLICY = new Set([
  'referrals',
  'referral_sources',
  'referral_data',
  'referral_consents',
  'referral_consent_ends',
  'referral_answers',
  'referral_disclosures',
]);

/** Tables without authority_id, and why they hold no tenant's data (the app's privileges checked below). */
const WITHOUT_AUTHORITY: Readonly<Record<string, { reason: string; appMay: string[] }>> = {
  authorities: { reason: 'the tenants themselves: public facts (name, contact); read only', appMay: ['SELECT'] },
  receipt_keys: {
    reason: 'public keys receipts were signed with, shared by all (a receipt names no authority’s data)',
    appMay: ['SELECT', 'INSERT'],
  },
  rate_limit_counters: {
    reason:
      'counts per HMAC of a client address or a solved challenge, shared by all authorities’ portals: no tenant’s data',
    appMay: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  },
  schema_migrations: { reason: 'which migrations ran: the owner’s bookkeeping; the app has no access', appMay: [] },
};

before(async () => {
  app = await startTestApp();
  await loadSeeds(app.db.owner, path.resolve(import.meta.dirname, 'fixtures/other-authority'));
  const ids = await app.db.owner.query<{ slug: string; id: string }>('SELECT slug, id FROM authorities');
  demo = ids.rows.find((r) => r.slug === 'musterstadt')!.id;
  other = ids.rows.find((r) => r.slug === 'beispielkreis')!.id;
  // Rows of every kind for both authorities, through the helpers that write them as the app would.
  for (const slug of ['musterstadt', 'beispielkreis']) {
    const place = await placeOf(app.db.owner, slug);
    await plantDraft(app.db.owner, place, daysAgo(-1));
    const appointmentId = await plantAppointment(app.db.owner, place, daysAgo(2));
    await plantTicket(app.db.owner, place, dayAgo(2), appointmentId);
    await plantDrawRound(app.db.owner, place, { closesAt: daysAgo(3), slotsUntil: dayAgo(-20) });
    await plantCase(app.db.owner, place, { receivedDaysAgo: 10, closedDaysAgo: null });
    await plantPermit(app.db.owner, place, dayAgo(-90));
    await plantSession(app.db.owner, place, daysAgo(-1));
    await plantStatusSignIn(app.db.owner, place, { createdAt: new Date(), endsAt: daysAgo(-1) });
    await plantLink(app.db.owner, place, { expiresAt: daysAgo(-1), used: false });
  }
  await startRunsOver(['reports-aggregate', 'reports-lead-times']);
  await plantTheRest();
});

/** Waits for the jobs run once at start (they replace their tables' rows) before rows are planted there. */
async function startRunsOver(names: readonly string[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (const name of names) {
    for (;;) {
      const { rows } = await app.db.owner.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state IN ('completed', 'failed')",
        [name],
      );
      if (rows[0]!.n > 0) break;
      if (Date.now() > deadline) throw new Error(`${name} did not run at start`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
/** Rows no planting helper writes: one each for the demo authority, copied to the other by fillEveryTable. */
async function plantTheRest(): Promise<void> {
  const place = await placeOf(app.db.owner, 'musterstadt');
  await withTenant(app.db.owner, demo, async (tx) => {
    const ticket = (
      await tx.query<{ id: string }>('SELECT id FROM queue_tickets WHERE authority_id = $1 LIMIT 1', [demo])
    ).rows[0]!.id;
    const caseId = (await tx.query<{ id: string }>('SELECT id FROM cases WHERE authority_id = $1 LIMIT 1', [demo]))
      .rows[0]!.id;
    const statements: [string, unknown[]][] = [
      [
        `INSERT INTO accessibility_feedback (authority_id, locale, page, message) VALUES ($1, 'de', '/de', 'Kontrast')`,
        [demo],
      ],
      [
        `INSERT INTO authority_sso (authority_id, issuer, client_id, client_secret_sealed, label) VALUES ($1, 'https://id.example', 'wk', 'sealed', 'Dienstkonto')`,
        [demo],
      ],
      ['INSERT INTO booking_rules (authority_id) VALUES ($1) ON CONFLICT DO NOTHING', [demo]],
      [
        `INSERT INTO closed_days (authority_id, location_id, day, reason) VALUES ($1, $2, current_date + 50, 'Umzug')`,
        [demo, place.locationId],
      ],
      [
        `INSERT INTO document_requests (authority_id, case_id, document_slugs, template, due_on) VALUES ($1, $2, ARRAY['passport'], 'missing', current_date + 14)`,
        [demo, caseId],
      ],
      [
        `INSERT INTO kiosk_devices (authority_id, location_id, label, token_hash) VALUES ($1, $2, 'Eingang', $3)`,
        [demo, place.locationId, randomBytes(32)],
      ],
      [`INSERT INTO permit_imports (authority_id, file_name, total_rows) VALUES ($1, 'register.csv', 0)`, [demo]],
      [
        'INSERT INTO queue_days (location_id, authority_id, office_day, last_seq) VALUES ($2, $1, current_date - 400, 1)',
        [demo, place.locationId],
      ],
      [
        `INSERT INTO queue_events (authority_id, ticket_id, location_id, event, service_id) VALUES ($1, $2, $3, 'issued', $4)`,
        [demo, ticket, place.locationId, place.serviceId],
      ],
      ['INSERT INTO renewal_settings (authority_id) VALUES ($1) ON CONFLICT DO NOTHING', [demo]],
      [
        `INSERT INTO staff_trainings (user_id, authority_id, name, taken_on) VALUES ($2, $1, 'Interkulturelle Kompetenz', current_date)`,
        [demo, place.staffUserId],
      ],
      [
        `INSERT INTO training_records (authority_id, user_id, course_id, taken_on)
         SELECT $1, $2, id, current_date FROM training_courses WHERE key = 'intercultural'`,
        [demo, place.staffUserId],
      ],
      [
        `INSERT INTO training_plans (authority_id, user_id, course_id, planned_on)
         SELECT $1, $2, id, current_date + 30 FROM training_courses WHERE key = 'legal_updates'`,
        [demo, place.staffUserId],
      ],
    ];
    const mail = (
      await tx.query<{ id: string }>(
        `INSERT INTO mail_outbox (authority_id, recipient, subject, text, status, last_error)
         VALUES ($1, 'person@example.org', 'Ihr Termin', 'Text', 'failed', 'refused') RETURNING id`,
        [demo],
      )
    ).rows[0]!.id;
    statements.push(
      [
        `INSERT INTO mail_outbox_attachments (mail_id, authority_id, position, filename, content_type, content)
         VALUES ($2, $1, 0, 'termin.ics', 'text/calendar', '\\x00')`,
        [demo, mail],
      ],
      [
        `INSERT INTO staff_sign_in_misses (authority_id, address_hash, failed_logins, last_failed_at) VALUES ($1, $2, 1, now())`,
        [demo, randomBytes(32)],
      ],
      [
        'INSERT INTO upload_usage (authority_id, day, client_key, bytes, files, drafts) VALUES ($1, current_date, $2, 1, 1, 1)',
        [demo, randomBytes(32)],
      ],
    );
    const partner = (
      await tx.query<{ id: string }>(
        `INSERT INTO partner_organisations (authority_id, slug, kind, name) VALUES ($1, 'jobcenter', 'jobcenter', 'Jobcenter') RETURNING id`,
        [demo],
      )
    ).rows[0]!.id;
    const offer = (
      await tx.query<{ id: string }>(
        `INSERT INTO partner_offers (authority_id, partner_id, key) VALUES ($1, $2, 'advice') RETURNING id`,
        [demo, partner],
      )
    ).rows[0]!.id;
    statements.push(
      [
        `INSERT INTO partner_organisation_texts (authority_id, partner_id, locale, summary) VALUES ($1, $2, 'de', 'Beratung')`,
        [demo, partner],
      ],
      [
        `INSERT INTO partner_offer_texts (authority_id, offer_id, locale, title) VALUES ($1, $2, 'de', 'Beratung')`,
        [demo, offer],
      ],
      [
        'INSERT INTO partner_services (authority_id, partner_id, service_id) VALUES ($1, $2, $3)',
        [demo, partner, place.serviceId],
      ],
      [
        `INSERT INTO toolkit_read_marks (authority_id, module_id, user_id, version)
         SELECT $1, id, $2, current_version FROM toolkit_modules WHERE authority_id = $1 LIMIT 1`,
        [demo, place.staffUserId],
      ],
    );
    // The office's figures (reports/): one aggregate row of each kind.
    const figure = [demo, place.serviceId, place.locationId];
    statements.push(
      [
        'INSERT INTO report_waits (authority_id, day, service_id, location_id, hour, wait_minutes, tickets) VALUES ($1, current_date - 1, $2, $3, 9, 5, 1)',
        figure,
      ],
      [
        'INSERT INTO report_tickets (authority_id, day, service_id, location_id, hour, tickets) VALUES ($1, current_date - 1, $2, $3, 9, 1)',
        figure,
      ],
      [
        'INSERT INTO report_appointments (authority_id, day, service_id, location_id, booked, served, no_show, cancelled) VALUES ($1, current_date - 1, $2, $3, 1, 1, 0, 0)',
        figure,
      ],
      [
        'INSERT INTO report_decisions (authority_id, day, service_id, days, cases) VALUES ($1, current_date - 1, $2, 10, 1)',
        [demo, place.serviceId],
      ],
      [
        `INSERT INTO report_backlog (authority_id, service_id, state, age_bucket, cases, heard, open_requests, overdue_requests) VALUES ($1, $2, 'received', '0-30', 1, 0, 0, 0)`,
        [demo, place.serviceId],
      ],
      [
        'INSERT INTO report_lead_times (authority_id, service_id, location_id, next_free_at, free_slots, booked) VALUES ($1, $2, $3, now(), 1, 0) ON CONFLICT DO NOTHING',
        figure,
      ],
      [
        'INSERT INTO report_processing_times (authority_id, service_id, cases, median_days, p80_days) VALUES ($1, $2, 1, NULL, NULL) ON CONFLICT DO NOTHING',
        [demo, place.serviceId],
      ],
      [
        'INSERT INTO report_runs (authority_id, through, aggregated_at) VALUES ($1, current_date - 1, now()) ON CONFLICT DO NOTHING',
        [demo],
      ],
    );
    statements.push(
      ['INSERT INTO staffing_settings (authority_id, surcharge_percent) VALUES ($1, 10)', [demo]],
      [
        'INSERT INTO staffing_service_inputs (authority_id, service_id, casework_minutes) VALUES ($1, $2, 30)',
        [demo, place.serviceId],
      ],
    );
    const round = (
      await tx.query<{ id: string }>(
        `INSERT INTO pulse_rounds (authority_id, quarter) VALUES ($1, '2026-Q1') RETURNING id`,
        [demo],
      )
    ).rows[0]!.id;
    statements.push(
      [
        `INSERT INTO survey_invitations (authority_id, source_kind, source_id, token_hash, service_id, location_id, channel, locale, event_at)
         VALUES ($1, 'ticket', $2, $3, $4, $5, 'walk_in', 'de', now())`,
        [demo, ticket, randomBytes(32), place.serviceId, place.locationId],
      ],
      [
        `INSERT INTO survey_answers (authority_id, service_id, location_id, channel, locale, month, scores, comment)
         VALUES ($1, $2, $3, 'walk_in', 'de', date_trunc('month', now())::date, '{"overall": 4}', 'Gut')`,
        [demo, place.serviceId, place.locationId],
      ],
      [
        'INSERT INTO pulse_invitations (round_id, authority_id, staff_user_id, token_hash) VALUES ($2, $1, $3, $4)',
        [demo, round, place.staffUserId, randomBytes(32)],
      ],
      [`INSERT INTO pulse_answers (round_id, authority_id, scores) VALUES ($2, $1, '{"workload": 3}')`, [demo, round]],
    );
    for (const [sql, values] of statements) await tx.query(sql, values);
  });
  const jobcenter = await plantPartner(app.db.owner, demo, { slug: 'jobcenter-referrals', name: 'Jobcenter' });
  const now = Date.now();
  await plantReferral(app.db.owner, demo, jobcenter, [
    { givenAt: new Date(now - 7_200_000), expiresAt: new Date(now + 86_400_000), endedAt: new Date(now - 3_600_000) },
  ]);
}

after(async () => {
  await app?.close();
});

/** Copies rows between the authorities until every table has rows of both, or no copy succeeds any more. */
async function fillEveryTable(tables: readonly TenantTable[]): Promise<Map<string, string>> {
  const left = new Map<string, string>();
  for (let pass = 0; pass < 5; pass += 1) {
    let progress = false;
    left.clear();
    for (const { name } of tables) {
      for (const [to, from] of [
        [other, demo],
        [demo, other],
      ] as const) {
        if ((await rowCount(app.db.owner, name, to)) > 0) continue;
        if ((await rowCount(app.db.owner, name, from)) === 0) {
          left.set(name, 'no rows of either authority');
          continue;
        }
        const why = await copyRow(app.db.owner, name, from, to);
        if (why === null) progress = true;
        else left.set(name, why);
      }
    }
    if (!progress) break;
  }
  return left;
}

test('every table with authority_id has row-level security enabled, forced, with the one tenant policy', async () => {
  const tables = await tablesWithAuthority(app.db.owner);
  assert.ok(tables.length >= 45, `${tables.length} tables with authority_id`);
  for (const table of tables) {
    const exempt = PUBLIC_WITH_AUTHORITY[table.name];
    if (exempt) {
      assert.equal(table.rowSecurity, false, `${table.name} is listed as public but has row-level security`);
      assert.deepEqual(await privileges(app.db.owner, APP_ROLE, table.name), exempt.appMay, table.name);
      continue;
    }
    assert.equal(table.rowSecurity, true, `${table.name}: row-level security not enabled`);
    assert.equal(
      table.forced,
      !NOT_FORCED[table.name],
      `${table.name}: row-level security ${table.forced ? '' : 'not '}forced`,
    );
    // A partner's context narrows the referral tables further (test/referrals-rls.test.ts); never widens them.
    const policies = PARTNER_POLICY.has(table.name)
      ? table.policies.filter((p) => p.name !== 'partner_consent')
      : table.policies;
    assert.deepEqual(
      policies,
      [{ name: 'tenant_isolation', command: '*', roles: 'public', using: POLICY, check: POLICY }],
      `${table.name}: the tenant policy (SELECT enable_tenant_isolation('${table.name}') in its migration)`,
    );
  }
  for (const name of [...Object.keys(PUBLIC_WITH_AUTHORITY), ...Object.keys(NOT_FORCED)]) {
    assert.ok(
      tables.some((t) => t.name === name),
      `${name} is listed here but has no authority_id any more`,
    );
  }
  // The application's role cannot step around the policies.
  const { rows } = await app.db.owner.query('SELECT rolbypassrls, rolsuper FROM pg_roles WHERE rolname = $1', [
    APP_ROLE,
  ]);
  assert.deepEqual(rows[0], { rolbypassrls: false, rolsuper: false });
  const owned = await app.db.owner.query(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) = $1`,
    [APP_ROLE],
  );
  assert.deepEqual(owned.rows, [], 'the app role owns no table (an owner is not held to unforced policies)');
});

test('every table without authority_id is one known to hold no tenant data; no other schema is open to the app', async () => {
  const without = await tablesWithoutAuthority(app.db.owner);
  assert.deepEqual(
    without,
    Object.keys(WITHOUT_AUTHORITY).sort(),
    'a new table without authority_id: give it one, or say here why it holds no tenant data',
  );
  for (const [name, { appMay }] of Object.entries(WITHOUT_AUTHORITY)) {
    assert.deepEqual(await privileges(app.db.owner, APP_ROLE, name), appMay, name);
  }
  const { rows } = await app.db.owner.query<{ nspname: string }>(
    `SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('public', 'information_schema') AND nspname NOT LIKE 'pg\\_%'
        AND has_schema_privilege($1, oid, 'USAGE')`,
    [APP_ROLE],
  );
  assert.deepEqual(rows, [], 'schemas (pg-boss’s jobs) the app role can use besides public');
});

test('through the app role, no row of the other authority is visible or writable, in every table with authority_id', async (t) => {
  const tables = (await tablesWithAuthority(app.db.owner)).filter((table) => !PUBLIC_WITH_AUTHORITY[table.name]);
  const left = await fillEveryTable(tables);
  const pool = app.db.pool;
  const checked: string[] = [];
  for (const { name } of tables) {
    const may = await privileges(app.db.owner, APP_ROLE, name);
    for (const [viewer, stranger] of [
      [demo, other],
      [other, demo],
    ] as const) {
      const label = `${name} (as ${viewer === demo ? 'demo' : 'other'})`;
      const own = await rowCount(app.db.owner, name, viewer);
      const strangers = await rowCount(app.db.owner, name, stranger);
      // No WHERE clause: only the policy decides what is seen.
      const seen = await withTenant(pool, viewer, (tx) =>
        tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${name}`),
      );
      assert.equal(seen.rows[0]!.n, own, `${label}: sees ${seen.rows[0]!.n} rows, owns ${own}`);
      const theirs = await withTenant(pool, viewer, (tx) =>
        tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${name} WHERE authority_id = $1`, [stranger]),
      );
      assert.equal(theirs.rows[0]!.n, 0, `${label}: sees the other authority's rows`);
      if (strangers === 0) continue;
      checked.push(label);
      // Writes: where the app may write at all, the policy leaves the other authority's rows alone.
      for (const verb of ['UPDATE', 'DELETE'] as const) {
        const sql =
          verb === 'UPDATE'
            ? `UPDATE ${name} SET authority_id = authority_id WHERE authority_id = $1`
            : `DELETE FROM ${name} WHERE authority_id = $1`;
        const attempt = withTenant(pool, viewer, (tx) => tx.query(sql, [stranger]));
        if (may.includes(verb)) assert.equal((await attempt).rowCount, 0, `${label}: ${verb} reached the other's rows`);
        else await assert.rejects(attempt, /permission denied/, `${label}: ${verb} without the grant`);
      }
      // A copy of one of their rows, as is (generated columns left to the database).
      const row = await someRow(app.db.owner, name, stranger);
      const names = (await columnsOf(app.db.owner, name)).filter((c) => !c.generated).map((c) => c.name);
      const insert = withTenant(pool, viewer, (tx) =>
        tx.query(
          `INSERT INTO ${name} (${names.join(', ')}) SELECT ${names.join(', ')} FROM jsonb_populate_record(NULL::${name}, $1)`,
          [row],
        ),
      );
      await assert.rejects(
        insert,
        may.includes('INSERT') ? /row-level security/ : /permission denied/,
        `${label}: INSERT of a row of the other authority`,
      );
      if (may.includes('UPDATE') && own > 0) {
        // Moving one's own rows to the other authority is refused too (and rolled back if it were not).
        const moved = withTenant(pool, viewer, async (tx) => {
          await tx.query(`UPDATE ${name} SET authority_id = $1`, [stranger]);
          throw new Error('moved');
        });
        await assert.rejects(
          moved,
          /row-level security|permission denied/,
          `${label}: rows moved to the other authority`,
        );
      }
    }
  }
  const empty = tables.map((x) => x.name).filter((n) => !checked.some((c) => c.startsWith(`${n} `)));
  t.diagnostic(
    `${tables.length} tables; writes checked against rows of the other authority: ${checked.length} (table, direction)`,
  );
  t.diagnostic(`tables where no authority has rows to write against: ${empty.join(', ') || 'none'}`);
  for (const [name, why] of left) t.diagnostic(`could not copy a row into ${name}: ${why}`);
  assert.deepEqual(empty, [], 'tables left without rows of the other authority');
});
