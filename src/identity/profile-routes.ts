import { type Static, type TObject, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendPage } from '../platform/http/render.js';
import { editProfile, readProfile, type ProfileEdit, type ProfileError } from './edit-profile.js';
import type { IdentityDeps } from './identity-deps.js';
import { staffPage, type StaffHttpDeps } from '../platform/staff/staff-http.js';
import { ProfilePage } from './views/ProfilePage.js';

const Field = Type.Optional(Type.String({ maxLength: 1000 }));
// Each form's own fields; what they say is checked by the use case, which answers with the form's errors.
const LanguageBody = Type.Object({ _csrf: Field, language: Field, level: Field, interpreting: Field });
const RemoveLanguageBody = Type.Object({ _csrf: Field, language: Field });
const RemoveTrainingBody = Type.Object({ _csrf: Field, id: Field });
const LocaleBody = Type.Object({ _csrf: Field, locale: Field });
const SavedQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 5 })) });

/** Everyone's own profile: languages spoken (CEFR, interpreting), old free-text trainings, language of the staff area. */
export async function profileRoutes(app: FastifyInstance, deps: IdentityDeps & StaffHttpDeps): Promise<void> {
  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    errors: readonly ProfileError[],
    saved: boolean,
  ) => {
    const page = await staffPage(request, deps);
    return sendPage(
      reply,
      ProfilePage({ page, profile: await readProfile(request.staff!.actor, deps), errors, saved }),
      errors.length ? 400 : 200,
    );
  };

  app.get<{ Querystring: Static<typeof SavedQuery> }>(
    '/staff/profile',
    { config: { staff: 'profile.edit' }, schema: { querystring: SavedQuery, hide: true } },
    (request, reply) => render(request, reply, [], request.query.saved === '1'),
  );

  const edit = <B extends TObject>(url: string, body: B, toEdit: (b: Static<B>) => ProfileEdit) => {
    app.post<{ Body: Static<B> }>(
      url,
      { config: { staff: 'profile.edit' }, schema: { body, hide: true } },
      async (request, reply) => {
        const errors = await editProfile(toEdit(request.body as Static<B>), request.staff!.actor, deps);
        if (errors.length > 0) return render(request, reply, errors, false);
        if (url.startsWith('/staff/profile/languages')) deps.languagesChanged?.();
        return reply.redirect('/staff/profile?saved=1', 303);
      },
    );
  };
  edit('/staff/profile/languages', LanguageBody, (b) => ({
    op: 'addLanguage',
    language: (b.language ?? '').trim().toLowerCase(),
    level: b.level ?? '',
    interpreting: b.interpreting === 'yes',
  }));
  edit('/staff/profile/languages/remove', RemoveLanguageBody, (b) => ({
    op: 'removeLanguage',
    language: b.language ?? '',
  }));
  edit('/staff/profile/trainings/remove', RemoveTrainingBody, (b) => ({ op: 'removeTraining', id: b.id ?? '' }));
  edit('/staff/profile/locale', LocaleBody, (b) => ({ op: 'setUiLocale', locale: b.locale ?? '' }));
}
