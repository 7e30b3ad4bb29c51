import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../platform/app-deps.js';
import { LocaleParams, localeOf } from '../platform/http/locale-param.js';
import { replyWithCachedPage } from '../platform/http/page-cache.js';
import { publicPage } from '../platform/http/public-page.js';
import { listHelpNearby } from './list-help-nearby.js';
import { HelpPage } from './views/HelpPage.js';

/** The public "Help nearby" page: the partner directory in the reader's language (cached; edits clear the cache). */
export async function partnerRoutes(app: FastifyInstance, { portal, pages }: AppDeps): Promise<void> {
  app.get<{ Params: Static<typeof LocaleParams> }>(
    '/:locale/help',
    { schema: { params: LocaleParams, hide: true } },
    async (request, reply) => {
      const locale = localeOf(request.params);
      const { page, ctx } = await publicPage(portal, locale, request);
      return replyWithCachedPage(pages, request, reply, ctx.authorityId, async () =>
        HelpPage({ page, partners: await listHelpNearby({ locale }, ctx) }),
      );
    },
  );
}
