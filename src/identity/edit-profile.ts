import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import type { StaffMessageKey } from '../platform/i18n/catalogues.js';
import type { IdentityDeps } from './identity-deps.js';

type StaffActor = Extract<Actor, { kind: 'staff' }>;

export const CEFR_LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'native'] as const;

export interface Profile {
  readonly displayName: string;
  readonly email: string;
  readonly uiLocale: 'de' | 'en';
  readonly languages: readonly { language: string; level: string }[];
  readonly trainings: readonly { id: string; name: string; takenOn: string }[];
}

export async function readProfile(actor: StaffActor, deps: IdentityDeps): Promise<Profile> {
  return withTenant(deps.pool, actor.authorityId, async (tx) => {
    const user = (
      await tx.query<{ display_name: string; email: string; ui_locale: 'de' | 'en' }>(
        'SELECT display_name, email, ui_locale FROM staff_users WHERE id = $1',
        [actor.userId],
      )
    ).rows[0]!;
    const languages = (
      await tx.query<{ language: string; level: string }>(
        'SELECT language, level FROM staff_languages WHERE user_id = $1 ORDER BY language',
        [actor.userId],
      )
    ).rows;
    const trainings = (
      await tx.query<{ id: string; name: string; taken_on: string }>(
        'SELECT id, name, taken_on FROM staff_trainings WHERE user_id = $1 ORDER BY taken_on DESC, name',
        [actor.userId],
      )
    ).rows;
    return {
      displayName: user.display_name,
      email: user.email,
      uiLocale: user.ui_locale,
      languages,
      trainings: trainings.map((t) => ({ id: t.id, name: t.name, takenOn: t.taken_on })),
    };
  });
}

export type ProfileEdit =
  | { readonly op: 'addLanguage'; readonly language: string; readonly level: string }
  | { readonly op: 'removeLanguage'; readonly language: string }
  | { readonly op: 'addTraining'; readonly name: string; readonly takenOn: string }
  | { readonly op: 'removeTraining'; readonly id: string }
  | { readonly op: 'setUiLocale'; readonly locale: string };

export interface ProfileError {
  readonly field: string;
  readonly message: StaffMessageKey;
}

/** Checks one edit of the own profile; pure. */
export function profileEditErrors(edit: ProfileEdit, today: string): ProfileError[] {
  switch (edit.op) {
    case 'addLanguage': {
      const errors: ProfileError[] = [];
      if (!/^[a-z]{2,3}$/.test(edit.language)) errors.push({ field: 'language', message: 'profile.error.language' });
      if (!(CEFR_LEVELS as readonly string[]).includes(edit.level))
        errors.push({ field: 'level', message: 'profile.error.level' });
      return errors;
    }
    case 'addTraining': {
      const errors: ProfileError[] = [];
      const name = edit.name.trim();
      if (name === '' || name.length > 200)
        errors.push({ field: 'trainingName', message: 'profile.error.trainingName' });
      const valid =
        /^\d{4}-\d{2}-\d{2}$/.test(edit.takenOn) &&
        !Number.isNaN(Date.parse(`${edit.takenOn}T00:00:00Z`)) &&
        new Date(`${edit.takenOn}T00:00:00Z`).toISOString().startsWith(edit.takenOn) &&
        edit.takenOn <= today &&
        edit.takenOn >= '1950-01-01';
      if (!valid) errors.push({ field: 'trainingDate', message: 'profile.error.trainingDate' });
      return errors;
    }
    case 'setUiLocale':
      return edit.locale === 'de' || edit.locale === 'en'
        ? []
        : [{ field: 'uiLocale', message: 'profile.error.level' }];
    default:
      return [];
  }
}

/** Applies one edit to the actor's own profile (languages spoken, trainings, language of the staff area). */
export async function editProfile(
  edit: ProfileEdit,
  actor: StaffActor,
  deps: IdentityDeps,
): Promise<readonly ProfileError[]> {
  const errors = profileEditErrors(edit, new Date().toISOString().slice(0, 10));
  if (errors.length > 0) return errors;
  await withTenant(deps.pool, actor.authorityId, async (tx) => {
    const { userId, authorityId } = actor;
    if (edit.op === 'addLanguage') {
      await tx.query(
        `INSERT INTO staff_languages (user_id, authority_id, language, level) VALUES ($1, $2, $3, $4)
                      ON CONFLICT (user_id, language) DO UPDATE SET level = excluded.level`,
        [userId, authorityId, edit.language, edit.level],
      );
    } else if (edit.op === 'removeLanguage') {
      await tx.query('DELETE FROM staff_languages WHERE user_id = $1 AND language = $2', [userId, edit.language]);
    } else if (edit.op === 'addTraining') {
      await tx.query('INSERT INTO staff_trainings (user_id, authority_id, name, taken_on) VALUES ($1, $2, $3, $4)', [
        userId,
        authorityId,
        edit.name.trim(),
        edit.takenOn,
      ]);
    } else if (edit.op === 'removeTraining') {
      if (/^[0-9a-f-]{36}$/i.test(edit.id))
        await tx.query('DELETE FROM staff_trainings WHERE user_id = $1 AND id = $2', [userId, edit.id]);
    } else {
      await tx.query('UPDATE staff_users SET ui_locale = $2 WHERE id = $1', [userId, edit.locale]);
    }
    await recordAudit(tx, authorityId, actor, {
      action: 'staff.profile_changed',
      objectType: 'staff',
      objectId: userId,
      details: { op: edit.op },
    });
  });
  return [];
}
