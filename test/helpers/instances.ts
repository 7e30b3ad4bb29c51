/**
 * Several app processes on one PostgreSQL, as a deployment behind a load balancer runs them: each
 * `node --import tsx src/main.ts` as `npm start` starts it, with a data folder of its own, the same
 * installation key and the same database (the test run's cluster, a fresh database).
 */
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import pg from 'pg';
import { freshDatabase } from './app.js';
import { type AppProcess, dataDirOnTestCluster, startAppProcess } from './app-process.js';

/** One instance: its process, and the data folder of its own. */
export interface Instance extends AppProcess {
  readonly dataDir: string;
}

export interface Instances {
  readonly apps: readonly Instance[];
  /** The database's owner (the test cluster's admin), to look at and plant rows. */
  readonly owner: pg.Pool;
  readonly databaseUrl: string;
  /** The installation key all instances share (SECRET_KEY). */
  readonly installationKey: string;
  close(): Promise<void>;
}

/**
 * `count` app processes on one fresh database, started at once: the same SECRET_KEY (sessions,
 * sealed secrets, audit chain and rate-limit keys derived from it) and the same application role's
 * password, each with a data folder of its own, as separate machines would have.
 */
export async function startInstances(count: number, env: Record<string, string> = {}): Promise<Instances> {
  const database = await freshDatabase();
  const installationKey = randomBytes(32).toString('base64');
  const dirs = await Promise.all(
    Array.from({ length: count }, async () => {
      const dir = await dataDirOnTestCluster('willkommen-instance-');
      // Helpers that read the installation key from the data folder (test/helpers/staff.ts) find the shared one.
      await writeFile(path.join(dir, 'secrets', 'installation-key'), `${installationKey}\n`);
      return dir;
    }),
  );
  const started = await Promise.allSettled(
    dirs.map(async (dir): Promise<Instance> => {
      const app = await startAppProcess({
        env: { DATABASE_URL: database.url, SECRET_KEY: installationKey, DATA_DIR: dir, ...env },
      });
      return Object.assign(app, { dataDir: dir });
    }),
  );
  const apps = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const owner = new pg.Pool({ connectionString: database.url, max: 4 });
  const close = async () => {
    await Promise.all(apps.map((a) => a.stop()));
    await owner.end();
    await database.drop();
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  };
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await close();
    throw (failed as PromiseRejectedResult).reason;
  }
  return { apps, owner, databaseUrl: database.url, installationKey, close };
}

export interface Answer {
  readonly status: number;
  readonly location: string | null;
  readonly html: string;
}

/**
 * A browser at a client address of its own (127.0.0.x on loopback), so that what one part of a
 * test sends counts against that address's limits only. Keeps cookies, follows nothing.
 */
export class AddressedClient {
  private readonly cookies = new Map<string, string>();
  constructor(readonly localAddress: string) {}

  get(url: string): Promise<Answer> {
    return this.send('GET', url);
  }

  post(url: string, form: Record<string, string>): Promise<Answer> {
    return this.send('POST', url, new URLSearchParams(form).toString());
  }

  private send(method: string, url: string, body?: string): Promise<Answer> {
    const headers: Record<string, string> = { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    return new Promise((resolve, reject) => {
      const req = request(url, { method, headers, localAddress: this.localAddress, agent: false }, (response) => {
        for (const header of response.headers['set-cookie'] ?? []) {
          const [name = '', ...value] = (header.split(';')[0] ?? '').split('=');
          this.cookies.set(name, value.join('='));
        }
        let html = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (html += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, location: response.headers.location ?? null, html }),
        );
        response.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }
}
