import { OFFICE_TIME_ZONE } from './clock/office-time.js';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { isDatabaseUnavailable } from './database/unavailable.js';

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
  const db = new JobsDatabase(ownerUrl, log);
  const boss = new PgBoss({ db, schema: 'pgboss' });
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
      await db.close();
    },
  };
}

// What pg-boss's own connection answers once closed (undefined): pg-boss's polls and marks take it as
// nothing found or changed; its clock and monitors catch what follows and report it as an error event.
const NO_RESULT = undefined as unknown as { rows: unknown[] };

/**
 * pg-boss's connections, kept by us rather than by pg-boss. pg-boss ends its own pool as soon as
 * the jobs in hand are done, but a worker's poll that is waiting for one of the pool's connections
 * at that moment then waits forever (pg-pool serves no waiting request once it is ending), and
 * pg-boss's watcher of that worker keeps the process alive: a test file under load never exited.
 * Here the pool is ended only when the statements already asked for have finished.
 *
 * A statement asked for once stopping, or while the database cannot be reached, answers "no
 * result", as pg-boss's own connection does once closed: its polls then find nothing, and marking a
 * job done or failed affects nothing. pg-boss sends that mark without waiting for it and without a
 * catch, so a lost connection at that moment was an unhandled rejection that ended the process (the
 * kill -9 test saw it). A job left active by it is run again after its expiry, as after a crash.
 */
class JobsDatabase implements PgBoss.Db {
  private readonly pool: pg.Pool;
  private inFlight = 0;
  private closing = false;
  private settled: (() => void) | null = null;

  constructor(
    url: string,
    private readonly log: (message: string) => void,
  ) {
    this.pool = new pg.Pool({ connectionString: url, max: 3, application_name: 'willkommen-jobs' });
    this.pool.on('error', (error) => log(`jobs: ${error.message}`));
  }

  async executeSql(text: string, values: unknown[]): Promise<{ rows: unknown[] }> {
    if (this.closing) return NO_RESULT;
    this.inFlight += 1;
    try {
      return await this.pool.query(text, values);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      this.log(`jobs: database unavailable: ${(error as Error).message}`);
      return NO_RESULT;
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) this.settled?.();
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.inFlight > 0) await new Promise<void>((resolve) => (this.settled = resolve));
    await this.pool.end();
  }
}
