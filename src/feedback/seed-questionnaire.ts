import { Type } from '@sinclair/typebox';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { PerLocale, readSeedFile } from '../platform/seed-files.js';

const SurveySeed = Type.Object({
  questions: Type.Array(
    Type.Object({
      key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }),
      kind: Type.Union([Type.Literal('scale'), Type.Literal('text')]),
      texts: PerLocale(Type.String({ minLength: 1, maxLength: 300 })),
    }),
    { minItems: 1, maxItems: 12 },
  ),
});

/**
 * The authority's questionnaire from `survey.json` of the seed folder. Questions already there keep
 * what the office has edited (texts, switched off): a seed run adds what is missing and changes nothing.
 */
export async function seedQuestionnaire(tx: pg.ClientBase, folder: string, authorityId: string): Promise<void> {
  const file = path.join(folder, 'survey.json');
  if (!existsSync(file)) return;
  const seed = await readSeedFile(file, SurveySeed);
  for (const [position, question] of seed.questions.entries()) {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO survey_questions (authority_id, key, kind, position) VALUES ($1, $2, $3, $4)
       ON CONFLICT (authority_id, key) DO NOTHING RETURNING id`,
      [authorityId, question.key, question.kind, position],
    );
    const id = rows[0]?.id;
    if (!id) continue;
    for (const [locale, text] of Object.entries(question.texts)) {
      await tx.query(
        'INSERT INTO survey_question_texts (question_id, authority_id, locale, text) VALUES ($1, $2, $3, $4)',
        [id, authorityId, locale, text],
      );
    }
  }
}
