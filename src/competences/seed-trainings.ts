import { Type } from '@sinclair/typebox';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Tx } from '../platform/database/index.js';
import { readSeedFile } from '../platform/seed-files.js';

const CourseSeeds = Type.Array(
  Type.Object(
    {
      key: Type.String({ pattern: '^[a-z0-9_]{1,60}$' }),
      nameDe: Type.String({ minLength: 1, maxLength: 200 }),
      nameEn: Type.String({ minLength: 1, maxLength: 200 }),
      refreshMonths: Type.Union([Type.Integer({ minimum: 1, maximum: 120 }), Type.Null()]),
    },
    { additionalProperties: false },
  ),
);

/**
 * The authority's training catalogue from `trainings.json`. Existing courses are left as they are:
 * team leads edit names and refresh periods, and a restart must not undo that.
 */
export async function seedTrainingCourses(tx: Tx, folder: string, authorityId: string): Promise<number> {
  const file = path.join(folder, 'trainings.json');
  if (!existsSync(file)) return 0;
  const courses = await readSeedFile(file, CourseSeeds);
  for (const course of courses) {
    await tx.query(
      `INSERT INTO training_courses (authority_id, key, name_de, name_en, refresh_months) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING`,
      [authorityId, course.key, course.nameDe, course.nameEn, course.refreshMonths],
    );
  }
  return courses.length;
}
