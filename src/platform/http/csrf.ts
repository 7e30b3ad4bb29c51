import { Tokens } from '@fastify/csrf';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * CSRF protection by a secret in an HttpOnly, SameSite=Strict cookie and a token derived from it in
 * every form. Checked in the handler (not a hook) so that a failed check can show the same form
 * again with what the person typed, instead of losing it.
 */
const tokens = new Tokens({});
const COOKIE = 'csrf';

export function csrfToken(request: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const existing = request.cookies[COOKIE];
  if (existing && existing.length <= 100) return tokens.create(existing);
  const secret = tokens.secretSync();
  reply.setCookie(COOKIE, secret, { path: '/', httpOnly: true, sameSite: 'strict', secure });
  return tokens.create(secret);
}

export function csrfValid(request: FastifyRequest, token: unknown): boolean {
  const secret = request.cookies[COOKIE];
  return typeof secret === 'string' && typeof token === 'string' && token.length < 200 && tokens.verify(secret, token);
}
