import { createHash } from 'node:crypto';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';
import { canonicalUrl } from './canonical-url.js';
import { sendPage } from './render.js';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export interface CachedPage {
  readonly html: Buffer;
  readonly brotli: Buffer;
  readonly gzip: Buffer;
  readonly etag: string;
  readonly expires: number;
}

/**
 * Public pages are the same for every reader of a language, and the office's data changes
 * rarely: a page is rendered and compressed once, then served from memory for a few seconds.
 * Concurrent misses for one page share one rendering. `clear()` after any edit of public data.
 * With a time of 0 every request renders its own page (no storing, no sharing).
 * Only pages without personal content (no form tokens) may be cached.
 */
export class PageCache {
  private readonly entries = new Map<string, CachedPage>();
  private readonly rendering = new Map<string, Promise<CachedPage>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1000,
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  async page(key: string, build: () => Promise<VNode>, now = Date.now()): Promise<CachedPage> {
    if (!this.enabled) return this.make(build, now);
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit;
    const running = this.rendering.get(key);
    if (running) return running;
    const made = this.make(build, now).finally(() => this.rendering.delete(key));
    this.rendering.set(key, made);
    const page = await made;
    this.store(key, page);
    return page;
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private store(key: string, page: CachedPage): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, page);
  }

  private async make(build: () => Promise<VNode>, now: number): Promise<CachedPage> {
    const html = Buffer.from(`<!DOCTYPE html>${render(await build())}`);
    const [br, gz] = await Promise.all([
      brotli(html, { params: { [constants.BROTLI_PARAM_QUALITY]: 8 } }),
      gzipAsync(html, { level: 6 }),
    ]);
    const etag = `"${createHash('sha256').update(html).digest('base64url').slice(0, 22)}"`;
    return { html, brotli: br, gzip: gz, etag, expires: now + this.ttlMs };
  }
}

/** Sends a cached page: 304 when the browser has it, else the best compression it accepts. */
export function sendCachedPage(request: FastifyRequest, reply: FastifyReply, page: CachedPage): FastifyReply {
  reply
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-cache')
    .header('etag', page.etag)
    .header('vary', 'Accept-Encoding');
  if (request.headers['if-none-match'] === page.etag) return reply.code(304).send();
  const accepted = String(request.headers['accept-encoding'] ?? '');
  if (/\bbr\b/.test(accepted)) return reply.header('content-encoding', 'br').send(page.brotli);
  if (/\bgzip\b/.test(accepted)) return reply.header('content-encoding', 'gzip').send(page.gzip);
  return reply.send(page.html);
}

/**
 * Answers with the authority's page for this URL from the cache, building it on a miss. The key is
 * the canonical URL (path and the route's own query parameters): an unknown parameter finds the
 * same page instead of rendering a new one.
 */
export async function replyWithCachedPage(
  cache: PageCache,
  request: FastifyRequest,
  reply: FastifyReply,
  authorityId: string,
  build: () => Promise<VNode>,
): Promise<FastifyReply> {
  if (!cache.enabled) return sendPage(reply, await build());
  return sendCachedPage(request, reply, await cache.page(`${authorityId} ${canonicalUrl(request)}`, build));
}
