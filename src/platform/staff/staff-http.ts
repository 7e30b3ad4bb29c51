import type { FastifyReply, FastifyRequest } from 'fastify';
import { portalAuthority, type Portal } from '../http/public-page.js';
import { staffTranslator } from '../i18n/staff-translator.js';
import { SESSION_COOKIE } from './staff-request.js';
import type { StaffPage } from './StaffLayout.js';

export interface StaffHttpDeps {
  readonly portal: Portal;
  readonly secureCookies: boolean;
  readonly sessionMaxHours: number;
  readonly loginAttemptsPerIp: number;
}

/** The authority whose staff sign in here (the portal's), with its name. */
export async function staffAuthority(deps: StaffHttpDeps): Promise<{ id: string; name: string }> {
  const authority = await portalAuthority(deps.portal);
  return { id: authority.id, name: authority.names.de?.name ?? authority.slug };
}

export async function staffPage(request: FastifyRequest, deps: StaffHttpDeps): Promise<StaffPage> {
  const { name } = await staffAuthority(deps);
  const staff = request.staff;
  return {
    t: staffTranslator(staff?.locale ?? 'de'),
    siteName: name,
    ...(staff ? { staff } : {}),
  };
}

export function setSessionCookie(reply: FastifyReply, token: string, deps: StaffHttpDeps): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/staff',
    httpOnly: true,
    sameSite: 'strict',
    secure: deps.secureCookies,
    maxAge: deps.sessionMaxHours * 3600,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/staff' });
}

/** Form fields arrive as a string, or as a list when repeated (checkboxes). */
export function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' && value !== '' ? [value] : [];
}
