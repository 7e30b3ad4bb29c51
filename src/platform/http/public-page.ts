import type { FastifyRequest } from 'fastify';
import type pg from 'pg';
import { findAuthority } from '../../authorities/find-authority.js';
import type { Context } from '../context.js';
import { HttpProblem } from './errors.js';
import type { Locale } from '../i18n/locales.js';
import { translator } from '../i18n/translator.js';
import type { Page } from '../layout/page.js';

export interface PortalDeps {
  readonly pool: pg.Pool;
  readonly portalAuthority: string;
}

/** The page frame and use-case context for a public request: the portal's authority, the reader's language. */
export async function publicPage(deps: PortalDeps, locale: Locale, request?: FastifyRequest): Promise<{ page: Page; ctx: Context }> {
  const authority = await findAuthority(deps.pool, deps.portalAuthority);
  if (!authority) throw new HttpProblem(503, 'unavailable');
  const t = translator(locale);
  const texts = authority.names[locale] ?? authority.names.de;
  const path = request ? request.url.slice(locale.length + 1) || '/' : '/';
  return {
    page: { t, siteName: texts?.name ?? authority.slug, tagline: texts?.tagline ?? '', path },
    ctx: { pool: deps.pool, authorityId: authority.id, actor: { kind: 'public', ip: request?.ip ?? '' } },
  };
}
