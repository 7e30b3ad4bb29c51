import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { RawRequestDefaultExpression } from 'fastify';
import { isPrototypeName, multipartBoundaryMissing, pathOnly } from './request-guards.js';

const target = (url: string) => pathOnly({ url } as RawRequestDefaultExpression);

test('an absolute-form target keeps its path and query only; origin-form is left alone', () => {
  assert.equal(target('http://evil.example/de/?x=1'), '/de/?x=1');
  assert.equal(target('HTTPS://evil.example:8443/staff/login'), '/staff/login');
  assert.equal(target('http://evil.example'), '/');
  assert.equal(target('http://evil.example?x=1'), '/?x=1');
  assert.equal(target('/de/services?q=a'), '/de/services?q=a');
  assert.equal(target('//evil.example/de/'), '/evil.example/de/');
  assert.equal(target('*'), '*');
});

test('whatever the host, the rewritten target is a path that names no host', () => {
  fc.assert(
    fc.property(fc.webUrl({ withQueryParameters: true, withFragments: false }), (url) => {
      const path = target(url);
      assert.ok(path.startsWith('/') && !path.startsWith('//'), path);
      // Resolved against our own origin, it stays there.
      assert.equal(new URL(path, 'http://ours.invalid').host, 'ours.invalid', path);
      assert.ok(url.endsWith(path) || url.endsWith(path.slice(1)), `${url} → ${path}`);
    }),
  );
});

test('multipart needs a boundary of 1–70 characters; other types are not concerned', () => {
  for (const missing of [
    'multipart/form-data',
    'multipart/form-data;',
    'multipart/form-data; boundary=',
    'multipart/form-data; boundary=""',
    'multipart/form-data; charset=utf-8',
    'multipart/mixed; boundary="unterminated',
    `multipart/form-data; boundary=${'x'.repeat(71)}`,
  ]) {
    assert.equal(multipartBoundaryMissing(missing), true, missing);
  }
  for (const fine of [
    'multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW',
    'multipart/form-data; boundary="quoted boundary"',
    'Multipart/Form-Data; charset=utf-8; BOUNDARY=abc',
    'application/x-www-form-urlencoded',
    'application/json',
    undefined,
  ]) {
    assert.equal(multipartBoundaryMissing(fine), false, String(fine));
  }
});

test('the names every object inherits are prototype names; field names of our forms are not', () => {
  for (const name of ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf', 'prototype']) {
    assert.equal(isPrototypeName(name), true, name);
  }
  for (const name of ['notice', 'q', 'email', 'back', '_csrf', 'proto', 'toStringx']) {
    assert.equal(isPrototypeName(name), false, name);
  }
});
