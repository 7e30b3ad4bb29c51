import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

test('defaults run the embedded demo on port 3000', () => {
  const config = loadConfig({});
  assert.equal(config.port, 3000);
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.portalAuthority, 'musterstadt');
  assert.equal(config.seedDemo, true);
});

test('bad values stop the start with a message naming the variable', () => {
  assert.throws(
    () => loadConfig({ PORT: 'eighty' }),
    (e: Error) => e instanceof ConfigError && /PORT/.test(e.message),
  );
  assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL/);
  assert.throws(() => loadConfig({ SEED_DEMO: 'maybe' }), /SEED_DEMO/);
  assert.throws(() => loadConfig({ NODE_ENV: 'staging' }), /NODE_ENV/);
  assert.throws(() => loadConfig({ PORTAL_AUTHORITY: 'Bad Slug!' }), /PORTAL_AUTHORITY/);
  assert.throws(() => loadConfig({ SMTP_URL: 'http://mail' }), /SMTP_URL/);
  assert.throws(() => loadConfig({ SECRET_KEY: 'too-short' }), /SECRET_KEY must be 32 bytes/);
});

test('production refuses to start without its secret key; the embedded default makes its own', () => {
  assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /SECRET_KEY is required in production/);
  assert.equal(
    loadConfig({ NODE_ENV: 'production', SECRET_KEY: Buffer.alloc(32, 7).toString('base64') }).secretKey?.length,
    44,
  );
  assert.equal(loadConfig({}).secretKey, undefined);
});

test('retention periods have documented defaults, and a case is never kept shorter than its documents', () => {
  assert.deepEqual(loadConfig({}).retention, {
    appointments: 30,
    queueTickets: 7,
    caseDocuments: 30,
    cases: 365,
    permits: 90,
    mailBodies: 1,
    mails: 14,
  });
  assert.throws(
    () => loadConfig({ RETENTION_MAIL_DAYS: '1', RETENTION_MAIL_BODY_DAYS: '2' }),
    /RETENTION_MAIL_DAYS must be at least RETENTION_MAIL_BODY_DAYS/,
  );
  assert.equal(loadConfig({ RETENTION_CASE_DAYS: '730', RETENTION_QUEUE_DAYS: '1' }).retention.cases, 730);
  assert.throws(
    () => loadConfig({ RETENTION_APPOINTMENT_DAYS: '0' }),
    /RETENTION_APPOINTMENT_DAYS must be a whole number from 1/,
  );
  assert.throws(() => loadConfig({ RETENTION_PERMIT_DAYS: 'forever' }), /RETENTION_PERMIT_DAYS/);
  assert.throws(
    () => loadConfig({ RETENTION_CASE_DAYS: '20', RETENTION_CASE_DOCUMENT_DAYS: '30' }),
    /RETENTION_CASE_DAYS must be at least RETENTION_CASE_DOCUMENT_DAYS/,
  );
});

test('connection time limits and the live-stream cap have documented defaults and are checked', () => {
  assert.deepEqual(loadConfig({}).http, {
    headersTimeoutMs: 10_000,
    bodyTimeoutMs: 10_000,
    requestTimeoutMs: 120_000,
    idleTimeoutMs: 60_000,
    keepAliveTimeoutMs: 5_000,
    liveStreamsPerAddress: 50,
  });
  assert.equal(loadConfig({ LIVE_STREAMS_PER_ADDRESS: '3' }).http.liveStreamsPerAddress, 3);
  assert.throws(() => loadConfig({ HTTP_BODY_TIMEOUT_MS: '0' }), /HTTP_BODY_TIMEOUT_MS/);
  assert.throws(() => loadConfig({ LIVE_STREAMS_PER_ADDRESS: '0' }), /LIVE_STREAMS_PER_ADDRESS/);
  assert.throws(
    () => loadConfig({ HTTP_REQUEST_TIMEOUT_MS: '5000', HTTP_HEADERS_TIMEOUT_MS: '9000' }),
    /HTTP_REQUEST_TIMEOUT_MS must be at least/,
  );
});
