import { OFFICE_TIME_ZONE } from './clock/office-time.js';
import PgBoss from 'pg-boss';

/** Background work kept in PostgreSQL (pg-boss): schedules survive restarts, one runner per job across instances. */
export interface Jobs {
  /** Runs `work` on a cron schedule (minute precision) and whenever `runNow` asks. */
  every(name: string, cron: string, work: () => Promise<void>): Promise<void>;
  /** Queues one run now (tests, and after events that should not wait for the schedule). */
  runNow(name: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * pg-boss 10: the last major that supports Node 20 (11 and later need Node 22). It connects as the
 * database owner, because it creates and migrates its own schema `pgboss`.
 */
export async function startJobs(ownerUrl: string, log: (message: string) => void): Promise<Jobs> {
  const boss = new PgBoss({
    connectionString: ownerUrl,
    schema: 'pgboss',
    max: 3,
    application_name: 'willkommen-jobs',
  });
  boss.on('error', (error) => log(`jobs: ${error.message}`));
  await boss.start();
  return {
    async every(name, cron, work) {
      // One run at a time: a slow sweep is not overtaken by the next minute's.
      if (!(await boss.getQueue(name))) await boss.createQueue(name, { name, policy: 'singleton' });
      await boss.schedule(name, cron, {}, { tz: OFFICE_TIME_ZONE });
      await boss.work(name, { pollingIntervalSeconds: 1 }, async () => {
        await work();
      });
    },
    async runNow(name) {
      await boss.send(name, {});
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 5_000 });
    },
  };
}
