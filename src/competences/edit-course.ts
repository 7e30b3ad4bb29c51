import { recordAudit } from '../audit/record-audit.js';
import { actorCan } from '../platform/access/actor-access.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import { isUuid } from '../platform/ids.js';
import type { FormError } from '../platform/staff/components.js';

export interface CourseInput {
  readonly nameDe: string;
  readonly nameEn: string;
  /** Empty: never due again. */
  readonly refreshMonths: string;
}

/** Checks a course of the catalogue; pure. */
export function courseErrors(input: CourseInput): FormError[] {
  const errors: FormError[] = [];
  const nameDe = input.nameDe.trim();
  const nameEn = input.nameEn.trim();
  if (nameDe === '' || nameDe.length > 200) errors.push({ field: 'nameDe', message: 'competences.error.name' });
  if (nameEn === '' || nameEn.length > 200) errors.push({ field: 'nameEn', message: 'competences.error.name' });
  const months = input.refreshMonths.trim();
  if (months !== '' && !(/^\d{1,3}$/.test(months) && Number(months) >= 1 && Number(months) <= 120))
    errors.push({ field: 'refreshMonths', message: 'competences.error.refreshMonths' });
  return errors;
}

/**
 * Adds a course to the authority's training catalogue (no id) or changes one (names, refresh
 * period). The catalogue is the authority's: trainings.manage on any grant.
 */
export async function saveCourse(
  { id, input }: { id: string | null; input: CourseInput },
  ctx: Context,
): Promise<readonly FormError[] | 'notFound' | 'refused'> {
  if (!actorCan(ctx.actor, 'trainings.manage', { authorityId: ctx.authorityId })) return 'refused';
  if (id !== null && !isUuid(id)) return 'notFound';
  const errors = courseErrors(input);
  if (errors.length > 0) return errors;
  const months = input.refreshMonths.trim() === '' ? null : Number(input.refreshMonths.trim());
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const values = [input.nameDe.trim(), input.nameEn.trim(), months];
    const { rows } =
      id === null
        ? await tx.query<{ id: string }>(
            `INSERT INTO training_courses (authority_id, key, name_de, name_en, refresh_months)
             VALUES ($4, 'c_' || replace(gen_random_uuid()::text, '-', ''), $1, $2, $3)
             ON CONFLICT (authority_id, name_de) DO NOTHING RETURNING id`,
            [...values, ctx.authorityId],
          )
        : await tx.query<{ id: string }>(
            'UPDATE training_courses SET name_de = $1, name_en = $2, refresh_months = $3 WHERE id = $4 RETURNING id',
            [...values, id],
          );
    // An insert that found the course already there (a repeated form) changes nothing.
    if (!rows[0]) return id === null ? [] : ('notFound' as const);
    await recordAudit(tx, ctx.authorityId, ctx.actor, {
      action: id === null ? 'competences.course_added' : 'competences.course_changed',
      objectType: 'training_course',
      objectId: rows[0].id,
      details: { refreshMonths: months },
    });
    return [];
  });
}
