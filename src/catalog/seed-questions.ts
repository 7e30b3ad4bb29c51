import type { Static } from '@sinclair/typebox';
import type { Tx } from '../platform/database/index.js';
import { LOCALES } from '../platform/i18n/locales.js';
import type { QuestionSeed } from './seed-schema.js';

type Question = Static<typeof QuestionSeed>;

/**
 * What the schema cannot say about a seeded question: a text answer has a length limit and no other
 * kind does; a choice has options, each labelled in every language, and no other kind has any.
 */
export function questionSeedProblems(question: Question): string[] {
  const problems: string[] = [];
  const name = `question "${question.slug}"`;
  const textual = question.kind === 'text' || question.kind === 'longtext';
  if (textual !== (question.maxLength !== undefined))
    problems.push(`${name}: maxLength belongs to text and longtext questions, and only to them`);
  const options = question.options ?? [];
  if ((question.kind === 'select') !== options.length > 0)
    problems.push(`${name}: options belong to select questions, and only to them`);
  if (new Set(options).size !== options.length) problems.push(`${name}: an option is listed twice`);
  for (const locale of LOCALES) {
    const labels = Object.keys(question.texts[locale].options ?? {}).sort();
    if (labels.join() !== [...options].sort().join())
      problems.push(
        `${name}: texts.${locale}.options must label exactly the options ${options.join(', ') || '(none)'}`,
      );
  }
  return problems;
}

/**
 * Upserts a service's application questions by slug, in the seed's order, and removes the ones the
 * seed no longer lists (answers already given keep their slugs in drafts and cases).
 */
export async function seedQuestions(
  tx: Tx,
  file: string,
  ids: { authorityId: string; serviceId: string },
  questions: readonly Question[],
): Promise<void> {
  const slugs = questions.map((q) => q.slug);
  const problems = [
    ...slugs.filter((slug, i) => slugs.indexOf(slug) !== i).map((slug) => `question "${slug}" is listed twice`),
    ...questions.flatMap(questionSeedProblems),
  ];
  if (problems.length > 0) throw new Error(`Seed file services/${file}: ${problems.join('; ')}`);
  await tx.query('DELETE FROM application_questions WHERE service_id = $1 AND NOT (slug = ANY($2::text[]))', [
    ids.serviceId,
    slugs,
  ]);
  for (const [position, question] of questions.entries()) {
    const options = question.options ?? [];
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO application_questions (authority_id, service_id, slug, position, kind, required, max_length, options)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (service_id, slug) DO UPDATE SET position = excluded.position, kind = excluded.kind, required = excluded.required,
         max_length = excluded.max_length, options = excluded.options
       RETURNING id`,
      [
        ids.authorityId,
        ids.serviceId,
        question.slug,
        position,
        question.kind,
        question.required,
        question.maxLength ?? null,
        options,
      ],
    );
    const questionId = rows[0]!.id;
    for (const locale of LOCALES) {
      const text = question.texts[locale];
      await tx.query(
        `INSERT INTO application_question_texts (question_id, authority_id, locale, label, hint, option_labels) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (question_id, locale) DO UPDATE SET label = excluded.label, hint = excluded.hint, option_labels = excluded.option_labels`,
        [questionId, ids.authorityId, locale, text.label, text.hint ?? null, options.map((o) => text.options![o]!)],
      );
    }
  }
}
