import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/app-deps.js';
import { HttpProblem } from '../../platform/http/errors.js';
import { sendPage } from '../../platform/http/render.js';
import { staffPage, type StaffHttpDeps } from '../../platform/staff/staff-http.js';
import type { CaseDeps } from '../cases-deps.js';
import { storageUse } from './storage-use.js';
import { StoragePage } from './views/StoragePage.js';

/** The authority admin's storage page: uploads stored and received today, against the quotas. */
export async function storageRoutes(
  app: FastifyInstance,
  deps: AppDeps & { readonly cases: CaseDeps },
  http: StaffHttpDeps,
): Promise<void> {
  app.get(
    '/staff/admin/storage',
    { config: { staff: 'staff.manage' }, schema: { hide: true } },
    async (request, reply) => {
      const actor = request.staff!.actor;
      const use = await storageUse(
        { quotas: deps.cases.uploads.limits },
        { pool: deps.db.pool, authorityId: actor.authorityId, actor },
      );
      if (!use) throw new HttpProblem(403, 'badRequest');
      reply.header('cache-control', 'no-store');
      return sendPage(reply, StoragePage({ page: await staffPage(request, http), use }));
    },
  );
}
