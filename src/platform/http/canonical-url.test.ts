import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { h } from 'preact';
import { canonicalUrl } from './canonical-url.js';
import { PageCache, replyWithCachedPage } from './page-cache.js';

async function appWithCachedPage() {
  const cache = new PageCache(60_000);
  const renders: string[] = [];
  const app = Fastify();
  app.get(
    '/de/services',
    { schema: { querystring: { type: 'object', properties: { q: { type: 'string' }, page: { type: 'integer' } } } } },
    async (request, reply) =>
      replyWithCachedPage(cache, request, reply, 'authority', async () => {
        renders.push(canonicalUrl(request));
        return h('p', null, canonicalUrl(request));
      }),
  );
  await app.ready();
  return { app, cache, renders };
}

test('the canonical URL keeps the path and the route’s own parameters, sorted; drops the rest', async () => {
  const app = Fastify();
  app.get('/echo/:id', { schema: { querystring: { type: 'object', properties: { b: {}, a: {} } } } }, async (r) =>
    canonicalUrl(r),
  );
  const echo = async (url: string) => (await app.inject(url)).body;
  assert.equal(await echo('/echo/7?x=1&b=2&a=%C3%9F&__y=1'), '/echo/7?a=%C3%9F&b=2');
  assert.equal(await echo('/echo/7?utm=1'), '/echo/7');
  assert.equal(await echo('/echo/7'), '/echo/7');
});

test('requests with unknown parameters share one cached page; known ones make their own', async () => {
  const { app, cache, renders } = await appWithCachedPage();
  for (let i = 0; i < 50; i++) {
    const response = await app.inject(`/de/services?r${i}=${Math.random()}`);
    assert.equal(response.statusCode, 200);
  }
  assert.deepEqual(renders, ['/de/services']);
  assert.equal(cache.size, 1);
  await app.inject('/de/services?q=pass&zz=1');
  await app.inject('/de/services?zz=2&q=pass');
  assert.deepEqual(renders, ['/de/services', '/de/services?q=pass']);
  assert.equal(cache.size, 2);
});
