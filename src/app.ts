import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyContextConfig, type FastifyInstance } from 'fastify';
import { constants } from 'node:zlib';
import { drawRoutes } from './appointments/draws/routes.js';
import { manageRoutes } from './appointments/manage/routes.js';
import { appointmentStaffRoutes } from './appointments/staff/routes.js';
import { appointmentRoutes } from './appointments/booking/routes.js';
import { recordAudit } from './audit/record-audit.js';
import { auditRoutes } from './audit/routes.js';
import { applicationRoutes } from './cases/apply/routes.js';
import { statusSignInRoutes } from './cases/status/sign-in-routes.js';
import { caseStaffRoutes } from './cases/work/routes.js';
import { storageRoutes } from './cases/apply/storage-routes.js';
import { catalogApiRoutes } from './catalog/api-routes.js';
import { catalogRoutes } from './catalog/routes.js';
import { satisfactionRoutes } from './feedback/figures-routes.js';
import { pulseRoutes } from './feedback/pulse-routes.js';
import { feedbackRoutes } from './feedback/routes.js';
import { surveySettingsRoutes } from './feedback/settings-routes.js';
import { competenceReportRoutes } from './competences/report-routes.js';
import { competenceRoutes } from './competences/routes.js';
import { staffScope } from './identity/staff-scope.js';
import { assetsRoute } from './platform/http/assets-route.js';
import { checkDeclaredCsrf } from './platform/http/csrf.js';
import { HttpProblem, registerErrorPages, respondWithError, type PageFor } from './platform/http/errors.js';
import { healthRoute } from './platform/http/health-route.js';
import {
  bodyTimeout,
  multipartBoundaryMissing,
  pathOnly,
  refusePrototypeKeys,
} from './platform/http/request-guards.js';
import { outboxRoutes } from './platform/mail/outbox-routes.js';
import { publicPage } from './platform/http/public-page.js';
import type { StaffHttpDeps } from './platform/staff/staff-http.js';
import { partnerRoutes } from './partners/routes.js';
import { partnerStaffRoutes } from './partners/staff-routes.js';
import { allServiceNames } from './catalog/service-names.js';
import { withTenant } from './platform/database/index.js';
import { pathwayRoutes } from './pathways/routes.js';
import { pathwayStaffRoutes } from './pathways/staff-routes.js';
import { portalRoutes } from './portal/routes.js';
import { queueRoutes } from './queue/routes.js';
import { queueStaffRoutes } from './queue/staff-routes.js';
import { renewalStaffRoutes } from './renewals/staff-routes.js';
import { referralRoutes } from './referrals/routes.js';
import { referralStaffRoutes } from './referrals/staff-routes.js';
import { toolkitRoutes } from './toolkit/routes.js';
import { processingTimeRoutes } from './reports/routes.js';
import { reportStaffRoutes } from './reports/staff-routes.js';
import { staffingRoutes } from './staffing/routes.js';
import type { Services } from './services.js';

/** The public routes of every capability, each registered in a scope of its own. */
const PUBLIC_ROUTES: readonly ((scope: FastifyInstance, services: Services) => Promise<void>)[] = [
  portalRoutes,
  catalogRoutes,
  catalogApiRoutes,
  appointmentRoutes,
  manageRoutes,
  drawRoutes,
  queueRoutes,
  applicationRoutes,
  statusSignInRoutes,
  pathwayRoutes,
  feedbackRoutes,
  processingTimeRoutes,
  (scope, services) => referralRoutes(scope, { ...services, links: { base: services.config.publicUrl ?? '' } }),
  partnerRoutes,
];

/** The staff routes of every capability besides identity's own, all behind the one staff guard (`/staff`). */
const STAFF_ROUTES: readonly ((scope: FastifyInstance, services: Services, http: StaffHttpDeps) => Promise<void>)[] = [
  auditRoutes,
  appointmentStaffRoutes,
  queueStaffRoutes,
  caseStaffRoutes,
  storageRoutes,
  renewalStaffRoutes,
  pathwayStaffRoutes,
  satisfactionRoutes,
  pulseRoutes,
  surveySettingsRoutes,
  competenceRoutes,
  competenceReportRoutes,
  (scope, services, http) =>
    referralStaffRoutes(scope, { ...services, links: { base: services.config.publicUrl ?? '' } }, http),
  // The partner directory links partners to the catalogue's services, named by the catalogue (partners imports no capability).
  (scope, services, http) =>
    partnerStaffRoutes(
      scope,
      {
        ...services,
        serviceChoices: (ctx, locale) => withTenant(ctx.pool, ctx.authorityId, (tx) => allServiceNames(tx, locale)),
      },
      http,
    ),
  toolkitRoutes,
  reportStaffRoutes,
  staffingRoutes,
  // The outbox is the platform's; its admin page records to the audit trail through the recorder given here.
  (scope, services, http) => outboxRoutes(scope, { pool: services.db.pool, recordAudit }, http),
];

const MAX_URL_LENGTH = 2048;

export interface RouteEntry {
  readonly method: string;
  readonly url: string;
  readonly staff: string | undefined;
  /** The query parameters the route's schema knows (the page cache keys on these only). */
  readonly query: readonly string[];
  /** Whether the route declares a CSRF check of its own (public POST routes; staff routes are checked by the staff guard). */
  readonly csrf: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: readonly RouteEntry[];
  }
}

/**
 * A route's entries in the route table, one per method (HEAD left out). Throws for a POST route
 * outside /staff (where the staff guard checks every POST) that declares no CSRF check.
 */
export function routeEntries(route: {
  readonly method: string | readonly string[];
  readonly url: string;
  readonly config?: unknown;
  readonly schema?: { readonly querystring?: unknown };
}): RouteEntry[] {
  const config = route.config as FastifyContextConfig | undefined;
  const csrf = config?.csrf !== undefined && config.csrf !== 'none';
  const query = Object.keys((route.schema?.querystring as { properties?: object } | undefined)?.properties ?? {});
  return [route.method]
    .flat()
    .filter((method) => method !== 'HEAD')
    .map((method) => {
      if (method === 'POST' && !route.url.startsWith('/staff') && config?.csrf === undefined) {
        throw new Error(`POST ${route.url}: a public POST route must declare its CSRF check (config.csrf)`);
      }
      return { method, url: route.url, staff: config?.staff, query, csrf };
    });
}

/**
 * Whether the URL's percent-encoding is valid UTF-8 (the query parser would otherwise pass broken
 * bytes on) and free of NUL, which no text of ours may contain (PostgreSQL refuses it in text).
 */
function wellEncoded(url: string): boolean {
  try {
    return !decodeURIComponent(url.replace(/\+/g, ' ')).includes('\u0000');
  } catch {
    return false;
  }
}

function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 5 || value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || containsNul(v, depth + 1));
}

/** Builds the HTTP application from the services: security baseline, error pages, every capability's routes. */
export async function buildApp(
  deps: Services,
  options: { rateLimitPerMinute: number; logger: object | boolean },
): Promise<FastifyInstance> {
  const pageFor: PageFor = async (locale) => (await publicPage(deps.portal, locale)).page;
  const limits = deps.config.http;
  const app = Fastify({
    logger: options.logger,
    // Malformed URLs and over-long path segments, which the router refuses before any route: same pages, no echo.
    frameworkErrors: (_error, request, reply) => {
      void respondWithError(request, reply, 400, 'badRequest', pageFor);
    },
    bodyLimit: 64 * 1024,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // An absolute-form target (`GET http://host/de/`) routes as its path: the host reaches nothing of ours.
    rewriteUrl: pathOnly,
    // Slow clients (README "Configuration", HTTP_*): Node answers 408 and closes when headers or the
    // whole request take too long, checked every second rather than every 30 s; form bodies have
    // their own shorter limit (bodyTimeout below).
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    http: { headersTimeout: limits.headersTimeoutMs, connectionsCheckingInterval: 1000 },
  });

  // Every route with its declared access and CSRF check, so that tests can check each one is guarded.
  // A public POST route that declares no CSRF check fails here, at start, instead of opening a hole.
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    routeTable.push(...routeEntries(route));
  });
  // The declared CSRF check of public forms: before the handler, answered by the route's own refusal.
  app.addHook('preHandler', checkDeclaredCsrf);

  app.addHook('onRequest', async (request) => {
    if (request.url.length > MAX_URL_LENGTH || !wellEncoded(request.url)) throw new HttpProblem(400, 'badRequest');
    // Before any multipart parser (and any staff guard) starts on a body that has no parts to find.
    if (multipartBoundaryMissing(request.headers['content-type'])) throw new HttpProblem(400, 'badRequest');
  });
  app.addHook('preParsing', bodyTimeout(limits.bodyTimeoutMs));
  app.addHook('preValidation', async (request) => {
    refusePrototypeKeys(request);
    if (containsNul(request.body)) throw new HttpProblem(400, 'badRequest');
  });
  // Staff pages show personal data: no copy of any answer under /staff may stay in a browser's or proxy's cache.
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/staff')) reply.header('cache-control', 'no-store');
  });
  registerErrorPages(app, pageFor);

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  // Counted in PostgreSQL, so that two instances on one database count an address once (platform/rate-limit-store/).
  await app.register(rateLimit, {
    store: deps.limits.store,
    max: options.rateLimitPerMinute,
    timeWindow: '1 minute',
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error('rate limited'), { statusCode: context.statusCode }),
  });
  await app.register(compress, {
    global: true,
    threshold: 1024,
    encodings: ['br', 'gzip'],
    // Responses compressed here are made per request (cached pages are compressed once, harder):
    // the fastest brotli level costs a third of level 4 for about a fifth more bytes, and a small
    // window (64 KiB, larger than any page) spares the encoder's allocation of the default 4 MiB.
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 1, [constants.BROTLI_PARAM_LGWIN]: 16 } },
  });
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Willkommen public API',
        version: '1.0.0',
        description:
          'The service catalogue of the authority: services, documents, fees, legal bases, durations, locations.',
      },
    },
  });

  await app.register(async (scope) => assetsRoute(scope));
  await app.register(async (scope) => healthRoute(scope, deps.db));
  for (const routes of PUBLIC_ROUTES) await app.register(async (scope) => routes(scope, deps));
  // Live streams stay open: end them before the server waits for its connections to close.
  app.addHook('preClose', async () => deps.queue.live.stop());
  // The last counts of the global limit go to the database before the pool closes.
  app.addHook('onClose', async () => deps.limits.counts.stop());
  await app.register(async (scope) =>
    staffScope(
      scope,
      { ...deps.identity, ...deps.staffHttp },
      STAFF_ROUTES.map((routes) => (staffScope, http) => routes(staffScope, deps, http)),
    ),
  );
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
