import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, csrfIn } from '../test/helpers/client.js';
import { openBookingDb, percentile } from './booking.js';
import { benchBirthDate, benchStatusToken, seedCases } from './seed-cases.js';
import { freePort, startBenchServer } from './server.js';
import autocannon from 'autocannon';

const N = Number(process.env.STATUS_CASES ?? 20000);
const dataDir = await mkdtemp(path.join(tmpdir(), 'willkommen-bench-status-x-'));
const pgPort = await freePort();
const server = await startBenchServer({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), SECRET_KEY: randomBytes(32).toString('base64'), LOGIN_ATTEMPTS_PER_IP: '100000', ...(process.env.PROF ? { NODE_OPTIONS: '--import /tmp/statusprof/prof.mjs' } : {}) });
const db = await openBookingDb(dataDir, pgPort);
try {
  await seedCases(db.owner, db.authorityId, N);
  const c = new Client(server.base);
  const gate = await c.get(`/de/status/${benchStatusToken(1)}`);
  const csrf = csrfIn(gate.html);
  const seq = async (label: string, f: (i: number) => Promise<unknown>) => {
    for (let k = 0; k < 100; k++) await f(1 + (k * 37) % N);
    const t: number[] = [];
    for (let k = 0; k < 300; k++) { const i = 1 + Math.floor(Math.random() * N); const t0 = performance.now(); await f(i); t.push(performance.now() - t0); }
    console.log(label, 'p50', percentile(t, 0.5).toFixed(2), 'p99', percentile(t, 0.99).toFixed(2));
  };
  await seq('GET gate', (i) => c.get(`/de/status/${benchStatusToken(i)}`));
  await seq('POST status', (i) => c.post(`/de/status/${benchStatusToken(i)}`, { _csrf: csrf, birthDate: benchBirthDate(i) }));
  await seq('POST wrong birth', (i) => c.post(`/de/status/${benchStatusToken(i)}`, { _csrf: csrf, birthDate: '1900-01-01' }));
  await seq('GET /de/services', () => c.get(`/de/services`));
  if (process.env.LOAD) {
    if (process.env.PROF) process.kill(server.pid, 'SIGUSR2');
    const r = await autocannon({ url: server.base, connections: 50, duration: 8, headers: { 'accept-encoding': 'gzip, deflate, br', 'content-type': 'application/x-www-form-urlencoded', cookie: c.cookieHeader },
      requests: [{ method: 'POST', setupRequest: (req) => { const i = 1 + Math.floor(Math.random() * N); return { ...req, path: `/de/status/${benchStatusToken(i)}`, body: new URLSearchParams({ _csrf: csrf, birthDate: benchBirthDate(i) }).toString() }; } }] });
    if (process.env.PROF) { process.kill(server.pid, 'SIGUSR2'); await new Promise((r) => setTimeout(r, 2000)); }
    console.log('load rps', r.requests.average, 'p50', r.latency.p50, 'p99', r.latency.p99, 'non2xx', r.non2xx);
  }
  if (process.env.EXPLAIN) {
    const q = async (sql: string, params: unknown[]) => { const cl = await db.owner.connect(); try { await cl.query('BEGIN'); await cl.query(`SET LOCAL ROLE willkommen_app`); await cl.query(`SELECT set_config('app.authority_id', $1, true)`, [db.authorityId]); const { rows } = await cl.query('EXPLAIN (ANALYZE, BUFFERS) ' + sql, params); console.log(rows.map((r) => r['QUERY PLAN']).join('\n')); await cl.query('ROLLBACK'); } finally { cl.release(); } };
    const { createHash } = await import('node:crypto');
    const h = createHash('sha256').update(benchStatusToken(12345)).digest();
    await q(`SELECT c.id, c.reference, c.service_id, c.state, c.received_at, c.expected_decision_on, c.continued_validity, c.birth_date,
              c.first_name, c.last_name, c.permit_expires_on, c.locale, r.short_code
         FROM cases c LEFT JOIN receipts r ON r.case_id = c.id WHERE c.status_token_hash = $1`, [h]);
    const { rows: [cs] } = await db.owner.query('SELECT id, service_id FROM cases WHERE status_token_hash = $1', [h]);
    await q('SELECT state, at FROM case_history WHERE case_id = $1 ORDER BY id', [cs.id]);
    await q(`SELECT s.id, s.slug, coalesce(t.name, d.name) AS name, d.name AS name_de, s.category, s.processing_days_max,
              (SELECT json_agg(json_build_object('slug', doc.slug, 'name', coalesce(dt.name, dd.name), 'hint', coalesce(dt.hint, dd.hint),
                                                 'required', doc.slug = ANY(s.application_documents)) ORDER BY sd.position)
                 FROM service_documents sd JOIN documents doc ON doc.id = sd.document_id
                 LEFT JOIN document_texts dt ON dt.document_id = sd.document_id AND dt.locale = $1
                 JOIN document_texts dd ON dd.document_id = sd.document_id AND dd.locale = 'de'
                WHERE sd.service_id = s.id) AS documents
         FROM services s
         LEFT JOIN service_texts t ON t.service_id = s.id AND t.locale = $1
         JOIN service_texts d ON d.service_id = s.id AND d.locale = 'de'
        WHERE s.online_application AND (s.slug = $2 OR s.id::text = $3)`, ['de', null, cs.service_id]);
  }
} finally {
  await db.owner.end();
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
}
