import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import type { StaffMessageKey } from '../platform/i18n/catalogues.js';
import type { IdentityDeps } from './identity-deps.js';
import { isIso6391 } from '../platform/i18n/language-names.js';

type StaffActor = Extract<Actor, { kind: 'staff' }>;

export const CEFR_LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'native'] as const;

export interface Profile {
  readonly displayName: string;
  readonly email: string;
  readonly uiLocale: 'de' | 'en';
  readonly languages: readonly { language: string; level: string; interpreting: boolean }[];
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
      await tx.query<{ language: string; level: string; interpreting: boolean }>(
        'SELECT language, level, interpreting FROM staff_languages WHERE user_id = $1 ORDER BY language',
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
  | {
      readonly op: 'addLanguage';
      readonly language: string;
      readonly level: string;
      readonly interpreting: boolean;
    }
  | { readonly op: 'removeLanguage'; readonly language: string }
  | { readonly op: 'removeTraining'; readonly id: string }
  | { readonly op: 'setUiLocale'; readonly locale: string };

export interface ProfileError {
  readonly field: string;
  readonly message: StaffMessageKey;
}

/** Checks one edit of the own profile; pure. */
export function profileEditErrors(edit: ProfileEdit): ProfileError[] {
  switch (edit.op) {
    case 'addLanguage': {
      const errors: ProfileError[] = [];
      if (!isIso6391(edit.language)) errors.push({ field: 'language', message: 'profile.error.language' });
      if (!(CEFR_LEVELS as readonly string[]).includes(edit.level))
        errors.push({ field: 'level', message: 'profile.error.level' });
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

/**
 * Applies one edit to the actor's own profile (languages spoken, removal of old free-text trainings,
 * language of the staff area). Trainings are recorded in the competence register (src/competences/).
 */
export async function editProfile(
  edit: ProfileEdit,
  actor: StaffActor,
  deps: IdentityDeps,
): Promise<readonly ProfileError[]> {
  const errors = profileEditErrors(edit);
  if (errors.length > 0) return errors;
  await withTenant(deps.pool, actor.authorityId, async (tx) => {
    const { userId, authorityId } = actor;
    if (edit.op === 'addLanguage') {
      await tx.query(
        `INSERT INTO staff_languages (user_id, authority_id, language, level, interpreting) VALUES ($1, $2, $3, $4, $5)
                      ON CONFLICT (user_id, language) DO UPDATE SET level = excluded.level, interpreting = excluded.interpreting`,
        [userId, authorityId, edit.language, edit.level, edit.interpreting],
      );
    } else if (edit.op === 'removeLanguage') {
      await tx.query('DELETE FROM staff_languages WHERE user_id = $1 AND language = $2', [userId, edit.language]);
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
