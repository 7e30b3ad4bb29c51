/**
 * Fills the database with `count` cases (Vorgänge) for the status-page benchmark, in set-based SQL:
 * one INSERT … SELECT FROM generate_series per chunk of 100,000, each chunk one transaction.
 *
 * Case i (1 … count) can be found again by the bench: its status link's token is
 * `bench-status-token-<i>` (stored as its SHA-256, as the app stores tokens), its date of birth is
 * benchBirthDate(i) and its reference benchReference(i). Service, state, language and date of
 * receipt are random: services among the authority's online-application services, the states over
 * all 10 with the history a case in that state has (one row 'received' for every case, up to 6 more),
 * receipts for 9 cases in 10, received over the last 2 years; every case waiting for documents
 * ('incomplete') has an open request for one of its service's documents, a third of those in review
 * one fulfilled.
 */
import type pg from 'pg';

const CHUNK = 100_000;

/** The alphabet of references (the app's readableCode): no 0/O, 1/I/L. */
const READABLE = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
/** The alphabet of receipt short codes (Crockford base 32, as the CHECK of receipts.short_code). */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function benchStatusToken(i: number): string {
  return `bench-status-token-${i}`;
}

/** Case i's reference: `A-XXXX-XXXX`, the 8 base-31 digits of i (31^8 ≈ 8.5 · 10^11 cases). */
export function benchReference(i: number): string {
  let digits = '';
  for (let k = 7; k >= 0; k -= 1) digits += READABLE[Math.floor(i / 31 ** k) % 31];
  return `A-${digits.slice(0, 4)}-${digits.slice(4)}`;
}

/** Case i's date of birth: a day from 1950-01-01 to 1999-04-14, spread by a multiplier. */
export function benchBirthDate(i: number): string {
  return new Date(Date.UTC(1950, 0, 1) + ((i * 7919) % 18_000) * 86_400_000).toISOString().slice(0, 10);
}

/** SQL for base-`alphabet.length` digit k (from the right) of the bigint `i`. */
function digitSql(alphabet: string, k: number): string {
  return `substr('${alphabet}', ((i / ${alphabet.length ** k}::bigint) % ${alphabet.length})::int + 1, 1)`;
}

const REFERENCE_SQL = `'A-' || ${[7, 6, 5, 4].map((k) => digitSql(READABLE, k)).join(' || ')} || '-' || ${[3, 2, 1, 0].map((k) => digitSql(READABLE, k)).join(' || ')}`;
const SHORT_CODE_SQL = `${[9, 8, 7, 6, 5].map((k) => digitSql(CROCKFORD, k)).join(' || ')} || '-' || ${[4, 3, 2, 1, 0].map((k) => digitSql(CROCKFORD, k)).join(' || ')}`;

/** The steps a case in each state has been through (case-state.ts), in order: (state of the case, step, state reached, action). */
const PATHS: readonly [string, readonly [string, string][]][] = [
  ['received', []],
  ['incomplete', [['incomplete', 'request_documents']]],
  ['in_review', [['in_review', 'start_review']]],
  [
    'waiting_other_authority',
    [
      ['in_review', 'start_review'],
      ['waiting_other_authority', 'ask_other_authority'],
    ],
  ],
  [
    'ready_for_decision',
    [
      ['in_review', 'start_review'],
      ['ready_for_decision', 'mark_ready'],
    ],
  ],
  [
    'granted',
    [
      ['in_review', 'start_review'],
      ['ready_for_decision', 'mark_ready'],
      ['granted', 'grant'],
    ],
  ],
  [
    'refused',
    [
      ['in_review', 'start_review'],
      ['ready_for_decision', 'mark_ready'],
      ['ready_for_decision', 'record_hearing'],
      ['ready_for_decision', 'propose_refusal'],
      ['refused', 'approve_refusal'],
    ],
  ],
  [
    'card_ordered',
    [
      ['in_review', 'start_review'],
      ['ready_for_decision', 'mark_ready'],
      ['granted', 'grant'],
      ['card_ordered', 'order_card'],
    ],
  ],
  [
    'ready_for_pickup',
    [
      ['in_review', 'start_review'],
      ['ready_for_decision', 'mark_ready'],
      ['granted', 'grant'],
      ['card_ordered', 'order_card'],
      ['ready_for_pickup', 'card_arrived'],
    ],
  ],
  [
    'closed',
    [
      ['in_review', 'start_review'],
      ['ready_for_decision', 'mark_ready'],
      ['granted', 'grant'],
      ['card_ordered', 'order_card'],
      ['ready_for_pickup', 'card_arrived'],
      ['closed', 'handed_over'],
    ],
  ],
];
const STATES_SQL = `ARRAY[${PATHS.map(([state]) => `'${state}'`).join(', ')}]`;
const STEPS_SQL = `(VALUES ${PATHS.flatMap(([state, steps]) => [
  [state, 0, 'received', 'submitted'] as const,
  ...steps.map(([to, action], n) => [state, n + 1, to, action] as const),
])
  .map(([state, n, to, action]) => `('${state}', ${n}, '${to}', '${action}')`)
  .join(', ')}) AS p (case_state, n, state, action)`;

/**
 * One chunk: cases i = $4 … $5 with their history, receipts and requests, in one statement (data-modifying
 * CTEs over one materialised set of rows, so that history and receipts know each case's id).
 * $1 authority, $2 service ids, $3 their processing_days_max, $6 a document slug of each.
 */
const CHUNK_SQL = `
WITH s AS MATERIALIZED (
  SELECT i, gen_random_uuid() AS id, k, received_at,
         (${STATES_SQL})[1 + floor(random() * 10)::int] AS state,
         (ARRAY['de', 'de', 'de', 'de', 'en', 'tr', 'uk', 'ar', 'ru', 'fa'])[1 + floor(random() * 10)::int]::locale_code AS locale,
         CASE WHEN random() < 0.6 THEN received_at::date + (floor(random() * 400)::int - 60) END AS permit_expires_on
    FROM (SELECT i, 1 + floor(random() * cardinality($2::uuid[]))::int AS k, now() - random() * interval '730 days' AS received_at
            FROM generate_series($4::bigint, $5::bigint) AS i) g
), c AS (
  INSERT INTO cases (id, authority_id, reference, service_id, locale, first_name, last_name, birth_date, email, permit_expires_on, answers,
                     state, record, received_at, continued_validity, expected_decision_on, status_token_hash)
  SELECT id, $1, ${REFERENCE_SQL}, ($2::uuid[])[k], locale, 'Name' || i, 'Bench', date '1950-01-01' + ((i * 7919) % 18000)::int,
         'case' || i || '@bench.example', permit_expires_on, '{}', state, '{}', received_at,
         coalesce(permit_expires_on >= received_at::date, false), received_at::date + ($3::int[])[k],
         sha256(convert_to('bench-status-token-' || i, 'UTF8'))
    FROM s ORDER BY i
  RETURNING 1
), h AS (
  INSERT INTO case_history (authority_id, case_id, at, state, action)
  SELECT $1, s.id, s.received_at + (now() - s.received_at) * (p.n / 8.0), p.state, p.action
    FROM s JOIN ${STEPS_SQL} ON p.case_state = s.state
   ORDER BY s.i, p.n
  RETURNING 1
), r AS (
  INSERT INTO receipts (short_code, authority_id, case_id, token, issued_at)
  SELECT ${SHORT_CODE_SQL}, $1, id, 'bench-receipt-' || i, received_at FROM s WHERE i % 10 <> 0
  RETURNING 1
), d AS (
  INSERT INTO document_requests (authority_id, case_id, document_slugs, template, due_on, requested_at, fulfilled_at)
  SELECT $1, id, ARRAY[($6::text[])[k]], (ARRAY['missing', 'unreadable', 'outdated'])[1 + (i % 3)::int],
         (received_at + (now() - received_at) / 8)::date + 30, received_at + (now() - received_at) / 8,
         CASE WHEN state = 'in_review' THEN received_at + (now() - received_at) / 4 END
    FROM s WHERE state = 'incomplete' OR (state = 'in_review' AND i % 3 = 0)
  RETURNING 1
)
SELECT (SELECT count(*) FROM c)::int AS cases, (SELECT count(*) FROM h)::int AS history, (SELECT count(*) FROM r)::int AS receipts,
       (SELECT count(*) FROM d)::int AS requests`;

export interface SeedReport {
  readonly cases: number;
  readonly history: number;
  readonly receipts: number;
  readonly requests: number;
}

/**
 * Inserts cases 1 … count for the authority (through the owner pool), then VACUUM ANALYZE: fresh
 * statistics and the visibility map set, as autovacuum would leave a table some time after a bulk
 * load (otherwise autovacuum and hint-bit writes would run during the measurement).
 */
export async function seedCases(owner: pg.Pool, authorityId: string, count: number): Promise<SeedReport> {
  // Each service with a document it asks for (a required one where there is one), for the requests.
  const { rows: services } = await owner.query<{ id: string; days: number; document: string }>(
    `SELECT s.id, s.processing_days_max AS days,
            coalesce(s.application_documents[1], (SELECT d.slug FROM service_documents sd JOIN documents d ON d.id = sd.document_id
                                                   WHERE sd.service_id = s.id ORDER BY sd.position LIMIT 1), 'passport') AS document
       FROM services s WHERE s.online_application AND s.authority_id = $1 ORDER BY s.slug`,
    [authorityId],
  );
  if (services.length === 0) throw new Error('the authority has no service open for online application');
  const total = { cases: 0, history: 0, receipts: 0, requests: 0 };
  const client = await owner.connect();
  try {
    for (let first = 1; first <= count; first += CHUNK) {
      const last = Math.min(count, first + CHUNK - 1);
      await client.query('BEGIN');
      // The tables FORCE row-level security; the embedded cluster's owner is a superuser (which
      // bypasses it), but with the tenant set the seed also works as a plain owner role.
      await client.query(`SELECT set_config('app.authority_id', $1, true)`, [authorityId]);
      const {
        rows: [done],
      } = await client.query<SeedReport>(CHUNK_SQL, [
        authorityId,
        services.map((s) => s.id),
        services.map((s) => s.days),
        first,
        last,
        services.map((s) => s.document),
      ]);
      await client.query('COMMIT');
      total.cases += done!.cases;
      total.history += done!.history;
      total.receipts += done!.receipts;
      total.requests += done!.requests;
    }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  await owner.query('VACUUM (ANALYZE) cases, case_history, receipts, document_requests');
  // The load and the vacuum leave gigabytes of dirty pages, which the checkpointer would otherwise
  // write out during the measurement: written now, as they would be long before anyone looks.
  await owner.query('CHECKPOINT');
  return total;
}
