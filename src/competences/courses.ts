import type { Tx } from '../platform/database/index.js';
import type { Course } from './training-status.js';

export interface CatalogueCourse extends Course {
  readonly key: string;
  readonly nameDe: string;
  readonly nameEn: string;
}

/** The authority's training catalogue, names in the staff member's language. */
export async function listCourses(tx: Tx, locale: string): Promise<CatalogueCourse[]> {
  const { rows } = await tx.query<{
    id: string;
    key: string;
    name_de: string;
    name_en: string;
    refresh_months: number | null;
  }>('SELECT id, key, name_de, name_en, refresh_months FROM training_courses ORDER BY name_de, id');
  return rows.map((r) => ({
    id: r.id,
    key: r.key,
    nameDe: r.name_de,
    nameEn: r.name_en,
    name: locale === 'en' ? r.name_en : r.name_de,
    refreshMonths: r.refresh_months,
  }));
}
