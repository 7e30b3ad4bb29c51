import { PassThrough } from 'node:stream';
import type { FastifyReply, FastifyRequest, RawRequestDefaultExpression } from 'fastify';
import { HttpProblem } from './errors.js';

/**
 * Checks every request passes before any route sees it: what a client controls in the request
 * line and headers must never reach a page, a cache key or a header of ours unchecked.
 */

/**
 * The request target as a path: an absolute-form target (`GET http://evil.example/de/ HTTP/1.1`,
 * which servers must accept) loses its scheme and host, so that only our own path reaches the
 * router, the page cache's key and the language links. Fastify's `rewriteUrl` calls this.
 */
export function pathOnly(request: RawRequestDefaultExpression): string {
  const target = request.url ?? '/';
  if (target.startsWith('/')) return oneLeadingSlash(target);
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(target);
  if (!absolute) return target; // `*` (OPTIONS) and garbage: the router answers 404
  return oneLeadingSlash(`/${target.slice(absolute[0].length)}`);
}

/** `//host/…` would be a link to another site wherever the path is written out: one slash only. */
function oneLeadingSlash(path: string): string {
  return path.startsWith('//') ? `/${path.replace(/^\/+/, '')}` : path;
}

/** The names an object inherits from Object.prototype: as a lookup key they find a function, not a value. */
const PROTOTYPE_NAMES: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** Whether a name is one every plain object inherits (`toString`, `__proto__`, `constructor`, …). */
export function isPrototypeName(name: string): boolean {
  return PROTOTYPE_NAMES.has(name);
}

/**
 * Refuses query and form fields named like Object.prototype's members: no form of ours has such
 * a field, and a handler that looks one up in a plain object would find a function (400, not 500).
 */
export function refusePrototypeKeys(request: FastifyRequest): void {
  for (const fields of [request.query, request.body]) {
    if (fields === null || typeof fields !== 'object' || Buffer.isBuffer(fields)) continue;
    if (Object.keys(fields).some(isPrototypeName)) throw new HttpProblem(400, 'badRequest');
  }
}

/**
 * Whether a multipart body announces its boundary (RFC 2046: 1–70 characters). Without one no
 * parser can find the parts; refused before any is started (and before any body is read).
 */
export function multipartBoundaryMissing(contentType: string | undefined): boolean {
  if (!contentType || !/^\s*multipart\//i.test(contentType)) return false;
  const found = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))\s*(?:;|$)/i.exec(contentType);
  return !found;
}

/**
 * A form body must arrive within `timeoutMs` of the headers: a client that sends it a byte at a
 * time is answered 408 and its connection closed, instead of holding it for minutes. File uploads
 * (multipart) are read by their own parser, bounded by the whole request's time limit.
 */
export function bodyTimeout(timeoutMs: number) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: NodeJS.ReadableStream) => {
    if (!hasFormBody(request)) return payload;
    const timed = new PassThrough();
    const timer = setTimeout(() => {
      reply.header('connection', 'close');
      timed.destroy(Object.assign(new Error('body not received in time'), { statusCode: 408 }));
      payload.unpipe?.(timed);
      request.raw.resume();
    }, timeoutMs);
    timer.unref();
    const stop = () => clearTimeout(timer);
    payload.on('end', stop);
    payload.on('error', stop);
    request.raw.on('close', stop);
    reply.raw.on('finish', stop);
    payload.pipe(timed);
    return timed;
  };
}

/** A body that a form parser reads whole: announced (length or chunked), and not a file upload. */
function hasFormBody(request: FastifyRequest): boolean {
  const { headers } = request;
  // Fastify reads no body of a GET or HEAD: nothing would consume it, nothing to time.
  if (request.method === 'GET' || request.method === 'HEAD') return false;
  const announced = Number(headers['content-length'] ?? 0) > 0 || headers['transfer-encoding'] !== undefined;
  return announced && !/^\s*multipart\//i.test(headers['content-type'] ?? '');
}
