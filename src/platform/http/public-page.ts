import type { FastifyRequest } from 'fastify';
import type pg from 'pg';
import type { Context } from '../context.js';
import type { Locale } from '../i18n/locales.js';
import { translator } from '../i18n/translator.js';
import type { Page } from '../layout/page.js';
import { canonicalUrl } from './canonical-url.js';
import { HttpProblem } from './errors.js';

/** What a page frame needs of the authority this installation's portal serves. */
export interface PortalAuthority {
  readonly id: string;
  readonly slug: string;
  readonly names: Readonly<Partial<Record<Locale, { name: string; tagline: string }>>>;
}

/**
 * The portal: the database and the authority it serves. The lookup is given by the composition
 * root (the authorities capability owns the table), so the frame depends on no capability.
 */
export interface Portal {
  readonly pool: pg.Pool;
  /** The portal's authority (cached by its owner), or null while none is set up. */
  authority(): Promise<PortalAuthority | null>;
}

/** The portal's authority, or a 503 page while there is none. */
export async function portalAuthority(portal: Portal): Promise<PortalAuthority> {
  const authority = await portal.authority();
  if (!authority) throw new HttpProblem(503, 'unavailable');
  return authority;
}

/** The page frame and use-case context for a public request: the portal's authority, the reader's language. */
export async function publicPage(
  portal: Portal,
  locale: Locale,
  request?: FastifyRequest,
): Promise<{ page: Page; ctx: Context }> {
  const authority = await portalAuthority(portal);
  const t = translator(locale);
  const texts = authority.names[locale] ?? authority.names.de;
  // The links to this page in other languages: the canonical URL, so a cached page shows no parameter of its first reader.
  const path = request ? canonicalUrl(request).slice(locale.length + 1) || '/' : '/';
  return {
    page: { t, siteName: texts?.name ?? authority.slug, tagline: texts?.tagline ?? '', path },
    ctx: { pool: portal.pool, authorityId: authority.id, actor: { kind: 'public', ip: request?.ip ?? '' } },
  };
}
