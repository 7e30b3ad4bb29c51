import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { locationsOf } from '../authorities/list-locations.js';
import type { AppDeps } from '../platform/app-deps.js';

import { csrfForm, CsrfField, csrfToken } from '../platform/http/csrf.js';
import { LocaleParams, localeOf } from '../platform/http/locale-param.js';
import { replyWithCachedPage } from '../platform/http/page-cache.js';
import { sendPage } from '../platform/http/render.js';
import { negotiateLocale } from '../platform/i18n/locales.js';
import { publicPage } from '../platform/http/public-page.js';
import { sendAccessibilityFeedback } from './send-accessibility-feedback.js';
import { AccessibilityPage } from './views/AccessibilityPage.js';
import { EasyPage } from './views/EasyPage.js';
import { StartPage } from './views/StartPage.js';

type Deps = AppDeps;

const SentQuery = Type.Object({ sent: Type.Optional(Type.String({ maxLength: 5 })) });
// Lengths are checked by the use case, which answers in the reader's language; here only a hard cap.
const FeedbackBody = Type.Object({
  ...CsrfField,
  message: Type.Optional(Type.String({ maxLength: 20_000 })),
  email: Type.Optional(Type.String({ maxLength: 1_000 })),
  page: Type.Optional(Type.String({ maxLength: 2_000 })),
});

const feedbackOf = (body: Static<typeof FeedbackBody>) => ({
  message: body.message ?? '',
  email: body.email ?? '',
  page: body.page ?? '',
});

/** The start page, the language redirect, Leichte Sprache and the accessibility statement. */
export async function portalRoutes(app: FastifyInstance, { config, portal, pages }: Deps): Promise<void> {
  const secureCookies = config.env === 'production';

  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    const locale = negotiateLocale(request.headers['accept-language']);
    return reply.header('vary', 'Accept-Language').redirect(`/${locale}/`, 303);
  });

  app.get<{ Params: Static<typeof LocaleParams> }>(
    '/:locale/',
    { schema: { params: LocaleParams, hide: true } },
    async (request, reply) => {
      const locale = localeOf(request.params);
      const { page, ctx } = await publicPage(portal, locale, request);
      return replyWithCachedPage(pages, request, reply, ctx.authorityId, async () =>
        StartPage({ page, locations: await locationsOf({ locale }, ctx) }),
      );
    },
  );

  app.get<{ Params: Static<typeof LocaleParams> }>(
    '/:locale/easy',
    { schema: { params: LocaleParams, hide: true } },
    async (request, reply) => {
      const { page, ctx } = await publicPage(portal, localeOf(request.params), request);
      return replyWithCachedPage(pages, request, reply, ctx.authorityId, async () => EasyPage({ page }));
    },
  );

  app.get<{ Params: Static<typeof LocaleParams>; Querystring: Static<typeof SentQuery> }>(
    '/:locale/accessibility',
    { schema: { params: LocaleParams, querystring: SentQuery, hide: true } },
    async (request, reply) => {
      const { page } = await publicPage(portal, localeOf(request.params), request);
      const form = {
        values: { message: '', email: '', page: '' },
        errors: [],
        csrf: csrfToken(request, reply, secureCookies),
        expired: false,
      };
      return sendPage(reply, AccessibilityPage({ page, form, sent: request.query.sent === '1' }));
    },
  );

  type FeedbackRequest = FastifyRequest<{ Params: Static<typeof LocaleParams>; Body: Static<typeof FeedbackBody> }>;
  const feedbackForm = async (
    request: FeedbackRequest,
    reply: FastifyReply,
    errors: Parameters<typeof AccessibilityPage>[0]['form']['errors'],
    expired: boolean,
  ) => {
    const { page } = await publicPage(portal, localeOf(request.params), request);
    return sendPage(
      reply,
      AccessibilityPage({
        page: { ...page, path: '/accessibility' },
        form: { values: feedbackOf(request.body), errors, csrf: csrfToken(request, reply, secureCookies), expired },
        sent: false,
      }),
      expired ? 403 : 400,
    );
  };

  app.post<{ Params: Static<typeof LocaleParams>; Body: Static<typeof FeedbackBody> }>(
    '/:locale/accessibility/feedback',
    {
      schema: { params: LocaleParams, body: FeedbackBody, hide: true },
      config: {
        rateLimit: { max: 10, timeWindow: '1 hour' },
        csrf: csrfForm((request: FeedbackRequest, reply) => feedbackForm(request, reply, [], true)),
      },
    },
    async (request, reply) => {
      const locale = localeOf(request.params);
      const { ctx } = await publicPage(portal, locale, request);
      const result = await sendAccessibilityFeedback({ input: feedbackOf(request.body), locale }, ctx);
      if (!result.ok) return feedbackForm(request, reply, result.errors, false);
      return reply.redirect(`/${locale}/accessibility?sent=1#feedback`, 303);
    },
  );
}
