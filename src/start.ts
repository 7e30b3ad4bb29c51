import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from './app.js';
import type { Config } from './platform/config.js';
import { openDatabase, type Database } from './platform/database/index.js';
import { prepareAssets } from './platform/assets/prepare-assets.js';
import { PageCache } from './platform/http/page-cache.js';
import { loadSeeds } from './platform/seed-demo.js';

export interface Running {
  readonly app: FastifyInstance;
  readonly db: Database;
  readonly url: string;
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
    const app = await buildApp({ config, db, pages: new PageCache(config.pageCacheSeconds * 1000) }, { rateLimitPerMinute: config.rateLimitPerMinute, logger: { level: config.logLevel } });
    const address = await app.listen({ host: config.host, port: config.port });
    return {
      app,
      db,
      url: address,
      async stop() {
        await app.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
