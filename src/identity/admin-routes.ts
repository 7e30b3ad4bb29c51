import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listLocations } from '../authorities/list-locations.js';
import { withTenant } from '../platform/database/index.js';
import { sendPage } from '../platform/http/render.js';
import type { IdentityDeps } from './identity-deps.js';
import { inviteStaff } from './invite-staff.js';
import {
  changeStaffRoles,
  listStaffOfAuthority,
  resetSecondFactor,
  setStaffActive,
  showStaff,
  type ManageResult,
} from './manage-staff.js';
import { list, staffAuthority, staffPage, type StaffHttpDeps } from '../platform/staff/staff-http.js';
import { StaffEditPage, StaffListPage, type InviteFormState, type Scopes } from './views/admin-pages.js';
import { listServices } from '../catalog/list-services.js';
import { partnerOrganisations } from '../partners/referral-targets.js';
import { type RestoreResult, resendInvitation, resetAccess, unlockStaff } from './restore-access.js';
import { MessagePage } from '../platform/staff/components.js';
import { ownEntry } from '../platform/own-entry.js';

const Csrf = { _csrf: Type.Optional(Type.String({ maxLength: 200 })) };
const StringOrList = Type.Union([
  Type.String({ maxLength: 200 }),
  Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 }),
]);
const InviteBody = Type.Object({
  ...Csrf,
  displayName: Type.Optional(Type.String({ maxLength: 1000 })),
  email: Type.Optional(Type.String({ maxLength: 1000 })),
  roles: Type.Optional(StringOrList),
  locations: Type.Optional(StringOrList),
  services: Type.Optional(StringOrList),
  partner: Type.Optional(Type.String({ maxLength: 100 })),
});
const RolesBody = Type.Object({
  ...Csrf,
  roles: Type.Optional(StringOrList),
  locations: Type.Optional(StringOrList),
  services: Type.Optional(StringOrList),
});
const CsrfBody = Type.Object(Csrf);
const UserParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
const NoticeQuery = Type.Object({ notice: Type.Optional(Type.String({ maxLength: 30 })) });

const NOTICES = {
  invited: 'admin.invite.sent',
  roles: 'admin.rolesSaved',
  deactivated: 'admin.deactivated',
  reactivated: 'admin.reactivated',
  totp: 'admin.totpReset',
  accessReset: 'admin.accessReset',
  invitationResent: 'admin.invitationResent',
  unlocked: 'admin.unlocked',
} as const;

/** Why an admin's way back in for someone was refused, as a message on the person's page. */
const RESTORE_ERRORS = {
  self: 'admin.error.selfReset',
  deactivated: 'admin.error.deactivated',
  notInvited: 'admin.error.notInvited',
} as const;

/** Authority admins: the staff list, invitations, roles, deactivation, resetting the second factor. */
export async function adminRoutes(app: FastifyInstance, deps: IdentityDeps & StaffHttpDeps): Promise<void> {
  /** What a role can be limited to: the authority's locations and services. */
  const scopesOf = async (request: FastifyRequest): Promise<Scopes> => {
    const actor = request.staff!.actor;
    const locale = request.staff!.locale;
    const locations = await withTenant(deps.pool, actor.authorityId, (tx) => listLocations(tx, locale));
    const services = await listServices({ locale }, { pool: deps.pool, authorityId: actor.authorityId, actor });
    const partners = await withTenant(deps.pool, actor.authorityId, (tx) => partnerOrganisations(tx));
    return {
      locations: locations.map((l) => ({ id: l.id, name: l.name })),
      services: services.map((sv) => ({ id: sv.id, name: sv.name })),
      partners: partners.map((p) => ({ id: p.id, name: p.name })),
    };
  };

  const listPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: InviteFormState,
    notice?: string,
    status = 200,
  ) => {
    const page = await staffPage(request, deps);
    const staff = await listStaffOfAuthority(request.staff!.actor, deps);
    return sendPage(
      reply,
      StaffListPage({ page, staff, scopes: await scopesOf(request), form, ...(notice ? { notice } : {}) }),
      status,
    );
  };
  const emptyForm: InviteFormState = {
    displayName: '',
    email: '',
    roles: ['caseworker'],
    locations: [],
    services: [],
    errors: [],
  };

  app.get<{ Querystring: Static<typeof NoticeQuery> }>(
    '/staff/admin/staff',
    { config: { staff: 'staff.manage' }, schema: { querystring: NoticeQuery, hide: true } },
    async (request, reply) => {
      const t = (await staffPage(request, deps)).t;
      const key = ownEntry(NOTICES, request.query.notice);
      return listPage(request, reply, emptyForm, key ? t.t(key) : undefined);
    },
  );

  app.post<{ Body: Static<typeof InviteBody> }>(
    '/staff/admin/staff/invite',
    { config: { staff: 'staff.manage' }, schema: { body: InviteBody, hide: true } },
    async (request, reply) => {
      const input = {
        displayName: (request.body.displayName ?? '').slice(0, 300),
        email: (request.body.email ?? '').slice(0, 300),
        roles: list(request.body.roles),
        locationIds: list(request.body.locations),
        serviceIds: list(request.body.services),
        partnerId: request.body.partner ?? '',
      };
      const result = await inviteStaff(input, request.staff!.actor, deps, (await staffAuthority(deps)).name);
      if (result.ok) return reply.redirect('/staff/admin/staff?notice=invited', 303);
      return listPage(
        request,
        reply,
        {
          ...input,
          locations: input.locationIds,
          services: input.serviceIds,
          partner: input.partnerId,
          errors: result.errors,
        },
        undefined,
        400,
      );
    },
  );

  const editPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    userId: string,
    message?: { notice?: string; error?: string },
    status = 200,
  ) => {
    const page = await staffPage(request, deps);
    const found = await showStaff({ userId }, request.staff!.actor, deps);
    if (!found)
      return sendPage(
        reply,
        MessagePage({ page, title: page.t.t('admin.notFound'), text: page.t.t('admin.notFound') }),
        404,
      );
    return sendPage(
      reply,
      StaffEditPage({ page, user: found.user, roles: found.roles, scopes: await scopesOf(request), ...message }),
      status,
    );
  };

  app.get<{ Params: Static<typeof UserParams>; Querystring: Static<typeof NoticeQuery> }>(
    '/staff/admin/staff/:id',
    {
      config: { staff: 'staff.manage' },
      schema: { params: UserParams, querystring: NoticeQuery, hide: true },
    },
    async (request, reply) => {
      const t = (await staffPage(request, deps)).t;
      const key = ownEntry(NOTICES, request.query.notice);
      return editPage(request, reply, request.params.id, key ? { notice: t.t(key) } : undefined);
    },
  );

  const afterChange = async (
    request: FastifyRequest<{ Params: Static<typeof UserParams> }>,
    reply: FastifyReply,
    result: ManageResult,
    notice: keyof typeof NOTICES,
  ) => {
    if (result === 'done') return reply.redirect(`/staff/admin/staff/${request.params.id}?notice=${notice}`, 303);
    const t = (await staffPage(request, deps)).t;
    if (result === 'notFound') return editPage(request, reply, request.params.id, undefined, 404);
    return editPage(
      request,
      reply,
      request.params.id,
      { error: t.t(result === 'self' ? 'admin.selfForbidden' : 'admin.error.roles') },
      400,
    );
  };

  app.post<{ Params: Static<typeof UserParams>; Body: Static<typeof RolesBody> }>(
    '/staff/admin/staff/:id/roles',
    {
      config: { staff: 'staff.manage' },
      schema: { params: UserParams, body: RolesBody, hide: true },
    },
    async (request, reply) =>
      afterChange(
        request,
        reply,
        await changeStaffRoles(
          {
            userId: request.params.id,
            roles: list(request.body.roles),
            locationIds: list(request.body.locations),
            serviceIds: list(request.body.services),
          },
          request.staff!.actor,
          deps,
        ),
        'roles',
      ),
  );

  for (const [path, active] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const) {
    app.post<{ Params: Static<typeof UserParams>; Body: Static<typeof CsrfBody> }>(
      `/staff/admin/staff/:id/${path}`,
      {
        config: { staff: 'staff.manage' },
        schema: { params: UserParams, body: CsrfBody, hide: true },
      },
      async (request, reply) =>
        afterChange(
          request,
          reply,
          await setStaffActive({ userId: request.params.id, active }, request.staff!.actor, deps),
          active ? 'reactivated' : 'deactivated',
        ),
    );
  }

  app.post<{ Params: Static<typeof UserParams>; Body: Static<typeof CsrfBody> }>(
    '/staff/admin/staff/:id/reset-2fa',
    {
      config: { staff: 'staff.manage' },
      schema: { params: UserParams, body: CsrfBody, hide: true },
    },
    async (request, reply) =>
      afterChange(
        request,
        reply,
        await resetSecondFactor({ userId: request.params.id }, request.staff!.actor, deps),
        'totp',
      ),
  );

  // The ways back into an account: each audited, each answered by a redirect to the person's page.
  const restoreActions: readonly [
    string,
    keyof typeof NOTICES,
    (id: string, request: FastifyRequest) => Promise<RestoreResult>,
  ][] = [
    [
      'reset-access',
      'accessReset',
      async (id, request) =>
        resetAccess({ userId: id, authorityName: (await staffAuthority(deps)).name }, request.staff!.actor, deps),
    ],
    [
      'resend-invitation',
      'invitationResent',
      async (id, request) =>
        resendInvitation({ userId: id, authorityName: (await staffAuthority(deps)).name }, request.staff!.actor, deps),
    ],
    ['unlock', 'unlocked', (id, request) => unlockStaff({ userId: id }, request.staff!.actor, deps)],
  ];
  for (const [path, notice, act] of restoreActions) {
    app.post<{ Params: Static<typeof UserParams>; Body: Static<typeof CsrfBody> }>(
      `/staff/admin/staff/:id/${path}`,
      { config: { staff: 'staff.manage' }, schema: { params: UserParams, body: CsrfBody, hide: true } },
      async (request, reply) => {
        const id = request.params.id;
        const result = await act(id, request);
        if (result === 'done') return reply.redirect(`/staff/admin/staff/${id}?notice=${notice}`, 303);
        if (result === 'notFound') return editPage(request, reply, id, undefined, 404);
        const t = (await staffPage(request, deps)).t;
        return editPage(request, reply, id, { error: t.t(RESTORE_ERRORS[result]) }, 400);
      },
    );
  }
}
