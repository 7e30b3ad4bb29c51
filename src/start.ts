import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from './app.js';
import type { Config } from './platform/config.js';
import { openDatabase, type Database } from './platform/database/index.js';
import { prepareAssets } from './platform/assets/prepare-assets.js';
import { PageCache } from './platform/http/page-cache.js';
import { loadSeeds } from './platform/seed-demo.js';
import { findAuthority } from './authorities/find-authority.js';
import { issueFirstAdminLink } from './identity/first-admin.js';
import type { IdentityDeps } from './identity/identity-deps.js';
import { sealer } from './platform/crypto.js';
import { storedSecret } from './platform/database/secrets.js';
import { createMailer } from './platform/mail/mailer.js';
import path from 'node:path';

export interface Running {
  readonly app: FastifyInstance;
  readonly db: Database;
  readonly url: string;
  /** The one-time link for the first admin, while the portal's authority has no admin. */
  readonly setupLink: string | null;
  /** Stops taking requests, lets those in flight finish, closes the database (and the embedded server). */
  stop(): Promise<void>;
}

/** Starts the whole system: database (embedded or external), migrations, seeds, assets, HTTP. */
export async function startWillkommen(config: Config): Promise<Running> {
  const logger = pino({ level: config.logLevel });
  const db = await openDatabase(config, (message) => logger.debug({ component: 'postgres' }, message));
  try {
    if (config.seedDemo) {
      const seeded = await loadSeeds(db.owner);
      logger.info({ services: seeded.services }, 'demo office loaded');
    }
    await prepareAssets();
    const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, outboxDir: path.join(config.dataDir, 'outbox') },
      (line) => logger.info({ component: 'mail' }, line));
    const identity: IdentityDeps = {
      pool: db.pool,
      sealer: sealer(config.secretKey ?? (await storedSecret(config.dataDir, 'installation-key', 32, 'base64'))),
      mailer,
      sessionIdleMinutes: config.sessionIdleMinutes,
      sessionMaxHours: config.sessionMaxHours,
      links: { base: config.publicUrl ?? '' },
    };
    const app = await buildApp({ config, db, pages: new PageCache(config.pageCacheSeconds * 1000), identity }, { rateLimitPerMinute: config.rateLimitPerMinute, logger: { level: config.logLevel } });
    const address = await app.listen({ host: config.host, port: config.port });
    if (!identity.links.base) identity.links.base = address.replace('127.0.0.1', 'localhost');
    const authority = await findAuthority(db.pool, config.portalAuthority);
    const setupLink = authority ? await issueFirstAdminLink({ authorityId: authority.id }, identity) : null;
    return {
      app,
      db,
      url: address,
      setupLink,
      async stop() {
        await app.close();
        mailer.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
