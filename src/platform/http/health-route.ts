import type { FastifyInstance } from 'fastify';
import type { Database } from '../database/index.js';

/**
 * `GET /health`: 200 when the database answers, 503 when it does not (for load balancers and
 * monitors), with what this process saw: since when the database is down, the last outage (from,
 * to: its recovery) and how many connections were lost since the start.
 */
export async function healthRoute(app: FastifyInstance, db: Database): Promise<void> {
  app.get('/health', { schema: { hide: true } }, async (_request, reply) => {
    const up = await db.ping();
    const { downSince, lastOutage, connectionsLost } = db.health();
    return reply
      .code(up ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({
        status: up ? 'ok' : 'unavailable',
        database: up ? 'up' : 'down',
        ...(downSince ? { downSince } : {}),
        lastOutage,
        connectionsLost,
      });
  });
}
