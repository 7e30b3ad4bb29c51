import type { Tx } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';

export interface SurveyQuestion {
  readonly id: string;
  readonly key: string;
  readonly kind: 'scale' | 'text';
  readonly active: boolean;
  /** In the reader's language, German where a text is missing. */
  readonly text: string;
}

/** The authority's questions in order (only the active ones unless `all`), in the caller's transaction. */
export async function readQuestionnaire(tx: Tx, locale: Locale, all = false): Promise<SurveyQuestion[]> {
  const { rows } = await tx.query<SurveyQuestion>(
    `SELECT q.id, q.key, q.kind, q.active, coalesce(own.text, de.text, q.key) AS text
       FROM survey_questions q
       LEFT JOIN survey_question_texts own ON own.question_id = q.id AND own.locale = $1
       LEFT JOIN survey_question_texts de ON de.question_id = q.id AND de.locale = 'de'
      WHERE $2 OR q.active
      ORDER BY q.position, q.key`,
    [locale, all],
  );
  return rows;
}
