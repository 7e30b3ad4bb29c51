import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { Actor } from '../context.js';
import { type Tx, withTenant } from '../database/index.js';
import { sendPage } from '../http/render.js';
import { staffPage, type StaffHttpDeps } from '../staff/staff-http.js';
import { outboxView, retryMail } from './outbox-admin.js';
import { OutboxPage } from './views/OutboxPage.js';

/** The audit trail's recorder, given by the composition root (platform imports no capability). */
export type RecordAudit = (
  tx: Tx,
  authorityId: string,
  actor: Actor,
  event: { action: string; objectType?: string; objectId?: string; details?: Record<string, unknown> },
) => Promise<void>;

export interface OutboxRouteDeps {
  readonly pool: pg.Pool;
  readonly recordAudit: RecordAudit;
}

const NOTICES = ['retried', 'sending', 'unknown'] as const;
const NoticeQuery = Type.Object({ notice: Type.Optional(Type.String({ maxLength: 30 })) });
const MailParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
const CsrfBody = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) });

/** Authority admins: the mails that wait or failed (recipient, subject, attempts, error; no bodies), and "retry now". */
export async function outboxRoutes(app: FastifyInstance, deps: OutboxRouteDeps, http: StaffHttpDeps): Promise<void> {
  app.get<{ Querystring: Static<typeof NoticeQuery> }>(
    '/staff/admin/mail',
    { config: { staff: 'staff.manage' }, schema: { querystring: NoticeQuery, hide: true } },
    async (request, reply) => {
      const actor = request.staff!.actor;
      const view = await withTenant(deps.pool, actor.authorityId, async (tx) => {
        const found = await outboxView(tx);
        // Recipients are personal data: looking at them is on the trail.
        await deps.recordAudit(tx, actor.authorityId, actor, {
          action: 'mail.outbox_viewed',
          details: { failed: found.failed.length, queued: found.queued.length },
        });
        return found;
      });
      const notice = NOTICES.find((n) => n === request.query.notice);
      return sendPage(reply, OutboxPage({ page: await staffPage(request, http), view, ...(notice ? { notice } : {}) }));
    },
  );

  app.post<{ Params: Static<typeof MailParams>; Body: Static<typeof CsrfBody> }>(
    '/staff/admin/mail/:id/retry',
    { config: { staff: 'staff.manage' }, schema: { params: MailParams, body: CsrfBody, hide: true } },
    async (request, reply) => {
      const actor = request.staff!.actor;
      const outcome = await withTenant(deps.pool, actor.authorityId, async (tx) => {
        const result = await retryMail(tx, request.params.id);
        if (result === 'retried')
          await deps.recordAudit(tx, actor.authorityId, actor, {
            action: 'mail.retry_requested',
            objectType: 'mail',
            objectId: request.params.id,
          });
        return result;
      });
      return reply.redirect(`/staff/admin/mail?notice=${outcome}`, 303);
    },
  );
}
