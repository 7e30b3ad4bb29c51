import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendPage } from '../platform/http/render.js';
import { editProfile, readProfile, type ProfileEdit, type ProfileError } from './edit-profile.js';
import type { IdentityDeps } from './identity-deps.js';
import { staffPage, type StaffHttpDeps } from '../platform/staff/staff-http.js';
import { ProfilePage } from './views/ProfilePage.js';

const Field = Type.Optional(Type.String({ maxLength: 1000 }));
const ProfileBody = Type.Object({ _csrf: Field, language: Field, level: Field, name: Field, takenOn: Field, id: Field, locale: Field });
const SavedQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 5 })) });

/** Everyone's own profile: languages spoken (CEFR), intercultural trainings, language of the staff area. */
export async function profileRoutes(app: FastifyInstance, deps: IdentityDeps & StaffHttpDeps): Promise<void> {
  const render = async (request: FastifyRequest, reply: FastifyReply, errors: readonly ProfileError[], saved: boolean) => {
    const page = await staffPage(request, deps);
    return sendPage(reply, ProfilePage({ page, profile: await readProfile(request.staff!.actor, deps), errors, saved }), errors.length ? 400 : 200);
  };

  app.get<{ Querystring: Static<typeof SavedQuery> }>('/staff/profile', { config: { staff: 'profile.edit' }, schema: { querystring: SavedQuery, hide: true } },
    (request, reply) => render(request, reply, [], request.query.saved === '1'));

  const edits: Record<string, (b: Static<typeof ProfileBody>) => ProfileEdit> = {
    '/staff/profile/languages': (b) => ({ op: 'addLanguage', language: (b.language ?? '').trim().toLowerCase(), level: b.level ?? '' }),
    '/staff/profile/languages/remove': (b) => ({ op: 'removeLanguage', language: b.language ?? '' }),
    '/staff/profile/trainings': (b) => ({ op: 'addTraining', name: b.name ?? '', takenOn: b.takenOn ?? '' }),
    '/staff/profile/trainings/remove': (b) => ({ op: 'removeTraining', id: b.id ?? '' }),
    '/staff/profile/locale': (b) => ({ op: 'setUiLocale', locale: b.locale ?? '' }),
  };
  for (const [url, toEdit] of Object.entries(edits)) {
    app.post<{ Body: Static<typeof ProfileBody> }>(url, { config: { staff: 'profile.edit' }, schema: { body: ProfileBody, hide: true } },
      async (request, reply) => {
        const errors = await editProfile(toEdit(request.body), request.staff!.actor, deps);
        if (errors.length > 0) return render(request, reply, errors, false);
        return reply.redirect('/staff/profile?saved=1', 303);
      });
  }
}
