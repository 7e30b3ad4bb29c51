/**
 * `npm run audit:verify [-- --checkpoints FILE …]`: checks every authority's audit chain with the
 * chain key and against the signed checkpoints (DATA_DIR/audit-checkpoints.jsonl, and any file of
 * lines copied from the checkpoint mails), and names every damaged entry: authority, seq, id, time,
 * action and what is wrong. Exit code 0: intact; 1: damage found; 2: could not check.
 * Uses DATABASE_URL, or the embedded PostgreSQL in DATA_DIR (running or not).
 */
import { parseArgs } from 'node:util';
import { describeAnchor, describeBadLine, describeFinding } from '../src/audit/describe.js';
import { type ChainReport, chainIntact, trailIntact, verifyAuditTrail } from '../src/audit/verify-audit.js';
import { loadConfig } from '../src/platform/config.js';
import { staffTranslator } from '../src/platform/i18n/staff-translator.js';
import { installationAuditKeys, ownerPool } from './audit-database.js';

const t = staffTranslator('en');

function summary(report: ChainReport): string {
  const parts = [`${report.entries} entries`];
  if (report.unkeyed > 0) {
    parts.push(
      report.firstKeyed === null
        ? `all ${report.unkeyed} only unkeyed-protected (plain SHA-256, written before the keyed chain)`
        : `${report.unkeyed} written before the keyed chain (plain SHA-256), held by keyed entry ${report.firstKeyed}`,
    );
  }
  const last = report.lastCheckpoint;
  parts.push(
    last
      ? `last checkpoint: entry ${last.seq} at ${last.at}${last.seq < report.entries ? ` (entries after ${last.seq} are not anchored yet)` : ''}`
      : 'no checkpoint yet (a cut of the newest entries cannot be seen)',
  );
  return parts.join('; ');
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { checkpoints: { type: 'string', multiple: true } } });
  const config = loadConfig();
  const keys = await installationAuditKeys(config);
  const { pool, close } = await ownerPool(config);
  try {
    const files = [config.auditCheckpointFile, ...(values.checkpoints ?? [])];
    const verification = await verifyAuditTrail(pool, { keys, checkpointFiles: files });
    let found = 0;
    for (const report of verification.chains) {
      console.log(`${report.authority}: ${chainIntact(report) ? 'intact' : 'DAMAGED'}; ${summary(report)}`);
      for (const finding of report.findings) console.log(`${report.authority}: ${describeFinding(t, finding)}`);
      for (const finding of report.anchor) console.log(`${report.authority}: ${describeAnchor(t, finding)}`);
      found += report.findings.length + report.anchor.length;
    }
    for (const bad of verification.badCheckpoints) console.log(`checkpoints: ${describeBadLine(t, bad)}`);
    found += verification.badCheckpoints.length;
    console.log(trailIntact(verification) ? 'audit trail intact' : `audit trail damaged: ${found} findings`);
    return trailIntact(verification) ? 0 : 1;
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
