import { Type, type Static } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PersonInput } from '../platform/forms/person-form.js';

/** The browser's secret for the slot it holds (HttpOnly; the hold's id alone is not enough). */
export const HOLD_COOKIE = 'wk_hold';

const Text = Type.Optional(Type.String({ maxLength: 2000 }));

/** Person fields as posted; lengths and formats are checked by the use case, in the reader's language. */
export const PersonBody = Type.Object({
  _csrf: Text,
  firstName: Text,
  lastName: Text,
  birthDate: Text,
  email: Text,
  locale: Text,
  permitExpiresOn: Text,
});

export function personFrom(body: Static<typeof PersonBody>, fallbackLocale: string): PersonInput {
  return {
    firstName: body.firstName ?? '',
    lastName: body.lastName ?? '',
    birthDate: body.birthDate ?? '',
    email: body.email ?? '',
    locale: body.locale ?? fallbackLocale,
    permitExpiresOn: body.permitExpiresOn ?? '',
  };
}

export function setHoldCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(HOLD_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: 3600 });
}

export function holdCookie(request: FastifyRequest): string | undefined {
  const value = request.cookies[HOLD_COOKIE];
  return value && value.length <= 100 ? value : undefined;
}

/** An instant posted by a time button (ISO 8601 UTC); anything else is not a time we offered. */
export function parseInstant(value: unknown): Date | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
export const TOKEN_PATTERN = '^[A-Za-z0-9_-]{20,100}$';
