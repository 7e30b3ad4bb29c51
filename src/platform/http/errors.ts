import { validateHeaderValue } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../database/unavailable.js';
import { isLocale, negotiateLocale, type Locale } from '../i18n/locales.js';
import { translator } from '../i18n/translator.js';
import type { Page } from '../layout/page.js';
import { ErrorPage, type ErrorKind } from '../layout/ErrorPage.js';
import { MessagePage } from '../staff/components.js';
import { staffTranslator } from '../i18n/staff-translator.js';
import { sendPage } from './render.js';

/**
 * Seconds a reader (or a client library) is asked to wait after a 503: a lost connection is
 * replaced at once, a restarting database takes a few seconds.
 */
export const RETRY_AFTER_SECONDS = 5;

/** An error a handler raises on purpose: it becomes a page (or JSON) with this status, in the reader's language. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly kind: ErrorKind,
  ) {
    super(kind);
  }
}

/** The reader's language: the URL's first segment when it is one of ours, else Accept-Language. */
export function requestLocale(request: FastifyRequest): { locale: Locale; fromUrl: boolean } {
  const first = request.url.split(/[/?#]/)[1];
  if (isLocale(first)) return { locale: first, fromUrl: true };
  return { locale: negotiateLocale(request.headers['accept-language']), fromUrl: false };
}

function kindFor(status: number, error?: FastifyError): ErrorKind {
  if (status === 404) return 'notFound';
  if (status === 413) return 'tooLarge';
  if (status === 429) return 'tooMany';
  if (status === 503) return 'unavailable';
  if (status === 403 && error?.code?.startsWith('FST_CSRF')) return 'expiredForm';
  if (status >= 500) return 'internal';
  return 'badRequest';
}

const UNSENDABLE_HEADER = new Set(['ERR_INVALID_CHAR', 'ERR_HTTP_INVALID_HEADER_VALUE']);

function sendable(name: string, value: unknown): boolean {
  try {
    for (const one of [value].flat()) validateHeaderValue(name, String(one));
    return true;
  } catch {
    return false;
  }
}

export type PageFor = (locale: Locale) => Promise<Page>;

/** Answers with an error page (or RFC 9457 problem JSON under /api/) in the reader's language; never internals. */
export async function respondWithError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  kind: ErrorKind,
  pageFor: PageFor,
): Promise<FastifyReply> {
  const { locale, fromUrl } = requestLocale(request);
  const unknownLocale = status === 404 && !fromUrl;
  const t = translator(locale);
  if (status === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS)).header('cache-control', 'no-store');
  if (request.url.startsWith('/api/')) {
    return reply
      .code(status)
      .type('application/problem+json')
      .send({
        type: 'about:blank',
        title: t.t(`error.${kind}.title`),
        status,
        detail: t.t(`error.${kind}.text`),
      });
  }
  let page: Page;
  try {
    page = await pageFor(locale);
  } catch {
    page = { t, siteName: t.t('site.fallbackName'), tagline: '', path: '/' };
  }
  if (status === 503 && isStaffUrl(request.url)) return staffUnavailable(request, reply, page.siteName);
  return sendPage(reply, ErrorPage({ page: { ...page, path: '/' }, kind, showLanguages: unknownLocale }), status);
}

function isStaffUrl(url: string): boolean {
  return url === '/staff' || url.startsWith('/staff/') || url.startsWith('/staff?');
}

/** A staff page's outage in the staff frame (with its navigation when the guard knew who asked), German or English. */
function staffUnavailable(request: FastifyRequest, reply: FastifyReply, siteName: string): FastifyReply {
  const staff = request.staff;
  const t = staffTranslator(staff?.locale ?? (/^en\b/i.test(request.headers['accept-language'] ?? '') ? 'en' : 'de'));
  const page = { t, siteName, ...(staff ? { staff } : {}) };
  return sendPage(
    reply,
    MessagePage({ page, title: t.t('error.unavailable.title'), text: t.t('error.unavailable.text') }),
    503,
  );
}

/**
 * Every error becomes a page in the reader's language and never shows internals. Unexpected
 * errors are logged with the request id and answered with 500; database outages with 503.
 */
export function registerErrorPages(app: FastifyInstance, pageFor: PageFor): void {
  app.setNotFoundHandler((request, reply) => respondWithError(request, reply, 404, 'notFound', pageFor));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpProblem) return respondWithError(request, reply, error.status, error.kind, pageFor);
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      return respondWithError(request, reply, 503, 'unavailable', pageFor);
    }
    // A header value built from the request that Node cannot send (CR/LF, characters beyond Latin-1):
    // the request is at fault, and nothing was sent yet.
    if (UNSENDABLE_HEADER.has(error.code)) {
      request.log.warn({ err: error }, 'request input that cannot go into a header');
      for (const [name, value] of Object.entries(reply.getHeaders()))
        if (!sendable(name, value)) reply.removeHeader(name);
      return respondWithError(request, reply, 400, 'badRequest', pageFor);
    }
    const status = error.validation ? 400 : error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: error.code, status }, error.message);
    return respondWithError(request, reply, status === 500 ? 500 : status, kindFor(status, error), pageFor);
  });
}
