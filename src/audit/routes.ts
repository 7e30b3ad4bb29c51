import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../platform/app-deps.js';
import { staffPage, type StaffHttpDeps } from '../platform/staff/staff-http.js';
import { sendPage } from '../platform/http/render.js';
import { auditQueryValid, searchAudit } from './search-audit.js';
import { AuditPage } from './views/AuditPage.js';

const AuditQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  from: Type.Optional(Type.String({ maxLength: 20 })),
  to: Type.Optional(Type.String({ maxLength: 20 })),
});

/** The data-protection officer's search of the audit trail. */
export async function auditRoutes(app: FastifyInstance, deps: AppDeps, http: StaffHttpDeps): Promise<void> {
  app.get<{ Querystring: Static<typeof AuditQuery> }>(
    '/staff/audit',
    { config: { staff: 'audit.read' }, schema: { querystring: AuditQuery, hide: true } },
    async (request, reply) => {
      const page = await staffPage(request, http);
      const query = { text: request.query.q ?? '', from: request.query.from ?? '', to: request.query.to ?? '' };
      const valid = auditQueryValid(query);
      const rows = valid ? await searchAudit(query, request.staff!.actor, deps.db.pool) : [];
      return sendPage(reply, AuditPage({ page, query, rows, invalid: !valid }), valid ? 200 : 400);
    },
  );
}
