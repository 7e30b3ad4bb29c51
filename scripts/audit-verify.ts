/**
 * `npm run audit:verify`: checks the hash chain of every authority's audit trail and names the
 * first broken entry. Uses DATABASE_URL, or the embedded PostgreSQL in DATA_DIR (running or not).
 */
import pg from 'pg';
import { verifyAuditTrail } from '../src/audit/verify-audit.js';
import { loadConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/database/index.js';
import { storedSecret } from '../src/platform/database/secrets.js';

async function ownerPool(): Promise<{ pool: pg.Pool; close(): Promise<void> }> {
  const config = loadConfig();
  if (config.databaseUrl) {
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 1 });
    return { pool, close: () => pool.end() };
  }
  // The app may be running on the embedded server: connect to it; else start it for the check.
  const password = await storedSecret(config.dataDir, 'pg-owner-password');
  const url = `postgres://willkommen_owner:${encodeURIComponent(password)}@127.0.0.1:${config.embeddedPgPort}/willkommen`;
  const probe = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await probe.query('SELECT 1');
    return { pool: probe, close: () => probe.end() };
  } catch {
    await probe.end();
    const db = await openDatabase(config, () => {});
    return { pool: db.owner, close: () => db.close() };
  }
}

async function main(): Promise<number> {
  const { pool, close } = await ownerPool();
  try {
    const reports = await verifyAuditTrail(pool);
    let broken = 0;
    for (const report of reports) {
      if (report.broken) {
        broken++;
        console.log(
          `${report.authority}: BROKEN at entry ${report.broken.id} (seq ${report.broken.seq}, ${report.broken.at}, ${report.broken.action}): ` +
            {
              hash: 'its content does not match its hash',
              link: 'it does not follow the entry before it',
              gap: 'an entry before it is missing',
            }[report.broken.reason],
        );
      } else {
        console.log(`${report.authority}: intact, ${report.entries} entries`);
      }
    }
    console.log(
      broken === 0 ? 'audit trail intact' : `audit trail broken in ${broken} authorit${broken === 1 ? 'y' : 'ies'}`,
    );
    return broken === 0 ? 0 : 1;
  } finally {
    await close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`audit:verify could not run: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
