import { Tokens } from '@fastify/csrf';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest, RouteGenericInterface } from 'fastify';

/**
 * CSRF protection by a secret in an HttpOnly, SameSite=Strict cookie and a token derived from it in
 * every form. Each public POST route declares its check (`config.csrf`): the hook below (or, for a
 * form with files, the form reader) verifies the token, and on failure calls the route's own
 * `refuse`, which shows the same form again with what the person typed instead of losing it.
 */
const tokens = new Tokens({});
const COOKIE = 'csrf';

/** The hidden field of every form; composed into each POST route's body schema. */
export const CsrfField = { _csrf: Type.Optional(Type.String({ maxLength: 200 })) };

/** A urlencoded form: checked before the handler, from the parsed body. */
export interface CsrfFormDeclaration {
  readonly multipart?: false;
  refuse(request: FastifyRequest, reply: FastifyReply): unknown;
}

/** A form with files: checked by the form reader, from the parsed fields, which `refuse` gets to show again. */
export interface CsrfMultipartDeclaration {
  readonly multipart: true;
  refuse(request: FastifyRequest, reply: FastifyReply, fields: Readonly<Record<string, string>>): unknown;
}

/** What a public POST route declares: how a failed check is answered, or (with a reason next to it) `'none'`. */
export type CsrfDeclaration = CsrfFormDeclaration | CsrfMultipartDeclaration | 'none';

declare module 'fastify' {
  interface FastifyContextConfig {
    csrf?: CsrfDeclaration;
  }
}

/** A urlencoded route's declaration; `refuse` gets the route's own request type (the body is parsed and validated by then). */
export function csrfForm<G extends RouteGenericInterface>(
  refuse: (request: FastifyRequest<G>, reply: FastifyReply) => unknown,
): CsrfFormDeclaration {
  return { refuse: refuse as CsrfFormDeclaration['refuse'] };
}

/** A multipart route's declaration: the form reader checks the token and calls `refuse` with the fields as posted. */
export function csrfMultipart<G extends RouteGenericInterface>(
  refuse: (request: FastifyRequest<G>, reply: FastifyReply, fields: Readonly<Record<string, string>>) => unknown,
): CsrfMultipartDeclaration {
  return { multipart: true, refuse: refuse as CsrfMultipartDeclaration['refuse'] };
}

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

/**
 * The check of every POST whose route declares a urlencoded form (registered once, in app.ts):
 * a missing or wrong token is answered by the route's `refuse`, and the handler never runs.
 */
export async function checkDeclaredCsrf(
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply | undefined> {
  const declared = request.routeOptions.config.csrf;
  if (request.method !== 'POST' || declared === undefined || declared === 'none' || declared.multipart)
    return undefined;
  const body = request.body as Record<string, unknown> | undefined;
  if (csrfValid(request, body?._csrf)) return undefined;
  await declared.refuse(request, reply);
  return reply;
}

/**
 * The check of a form with files, once its fields are read: whether the token is valid. If not,
 * the route's `refuse` has answered. A route that reads such a form must declare `csrfMultipart`.
 */
export async function checkMultipartCsrf(
  request: FastifyRequest,
  reply: FastifyReply,
  fields: Readonly<Record<string, string>>,
): Promise<boolean> {
  const declared = request.routeOptions.config.csrf;
  if (declared === undefined || declared === 'none' || !declared.multipart) {
    throw new Error(`${request.routeOptions.url ?? request.url}: a form with files needs a multipart CSRF declaration`);
  }
  if (csrfValid(request, fields._csrf)) return true;
  await declared.refuse(request, reply, fields);
  return false;
}
