/**
 * `npm run audit:checkpoint`: signs the head of every authority's audit chain now (as the hourly
 * job does, but also when the head has not moved), appends it to the checkpoint file and mails it
 * to the data-protection officers. Uses DATABASE_URL, or the embedded PostgreSQL in DATA_DIR.
 */
import path from 'node:path';
import { writeCheckpoints } from '../src/audit/write-checkpoints.js';
import { activeStaffEmailsWithRole } from '../src/identity/staff-with-role.js';
import { loadConfig } from '../src/platform/config.js';
import { createMailer } from '../src/platform/mail/mailer.js';
import { installationAuditKeys, ownerPool } from './audit-database.js';

async function main(): Promise<number> {
  const config = loadConfig();
  const keys = await installationAuditKeys(config);
  const { pool, close } = await ownerPool(config);
  const mailer = createMailer(
    { smtpUrl: config.smtpUrl, from: config.mailFrom, outboxDir: path.join(config.dataDir, 'outbox') },
    (line) => console.log(line),
  );
  try {
    const outcomes = await writeCheckpoints(
      {
        pool,
        keys,
        checkpointFile: config.auditCheckpointFile,
        dataProtectionOfficers: (tx) => activeStaffEmailsWithRole(tx, 'data_protection_officer'),
        notifyCheckpoint: (_tx, _authorityId, mail) => mailer.send(mail),
        log: (line) => console.error(line),
      },
      { force: true },
    );
    for (const o of outcomes) {
      if (o.kind === 'written') console.log(`${o.authority}: entry ${o.checkpoint.seq} signed, mailed to ${o.mailed}`);
      else if (o.kind === 'refused')
        console.log(`${o.authority}: DAMAGED, nothing signed:\n  ${o.findings.join('\n  ')}`);
      else console.log(`${o.authority}: ${o.kind}`);
    }
    console.log(`checkpoints in ${config.auditCheckpointFile}`);
    return outcomes.some((o) => o.kind === 'refused') ? 1 : 0;
  } finally {
    mailer.close();
    await close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`audit:checkpoint could not run: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
