import assert from 'node:assert/strict';
import { test } from 'node:test';
import { h } from 'preact';
import { PageCache } from './page-cache.js';

const page = (text: string) => async () => h('p', null, text);

test('a page is rendered once within its time, again after it', async () => {
  const cache = new PageCache(1000);
  let renders = 0;
  const build = async () => {
    renders++;
    return h('p', null, 'x');
  };
  await cache.page('a', build, 0);
  await cache.page('a', build, 999);
  assert.equal(renders, 1);
  await cache.page('a', build, 1000);
  assert.equal(renders, 2);
});

test('concurrent misses share one rendering; content and compressed forms agree', async () => {
  const cache = new PageCache(1000);
  let renders = 0;
  const build = async () => {
    renders++;
    await new Promise((r) => setTimeout(r, 10));
    return h('p', null, 'Grüße <b>');
  };
  const [one, two] = await Promise.all([cache.page('k', build), cache.page('k', build)]);
  assert.equal(renders, 1);
  assert.equal(one, two);
  assert.equal(one.html.toString(), '<!DOCTYPE html><p>Grüße &lt;b></p>');
  assert.match(one.etag, /^"[A-Za-z0-9_-]{22}"$/);
});

test('size is bounded, oldest first out; a zero time disables storing; clear empties', async () => {
  const cache = new PageCache(1000, 2);
  await cache.page('a', page('a'));
  await cache.page('b', page('b'));
  await cache.page('c', page('c'));
  assert.equal(cache.size, 2);
  cache.clear();
  assert.equal(cache.size, 0);
  const off = new PageCache(0);
  await off.page('a', page('a'));
  assert.equal(off.size, 0);
});
