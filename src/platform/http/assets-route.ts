import type { FastifyInstance } from 'fastify';
import { assetAt } from '../assets/registry.js';

/** Serves the built assets from memory: immutable (the hash is in the name), brotli or gzip when accepted. */
export async function assetsRoute(app: FastifyInstance): Promise<void> {
  app.get('/assets/*', { schema: { hide: true } }, async (request, reply) => {
    const asset = assetAt(request.url.split('?')[0]!);
    if (!asset) return reply.callNotFound();
    const accepted = String(request.headers['accept-encoding'] ?? '');
    reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('vary', 'Accept-Encoding')
      .type(asset.type);
    if (/\bbr\b/.test(accepted)) return reply.header('content-encoding', 'br').send(asset.brotli);
    if (/\bgzip\b/.test(accepted)) return reply.header('content-encoding', 'gzip').send(asset.gzip);
    return reply.send(asset.body);
  });
}
