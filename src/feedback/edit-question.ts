import { recordAudit } from '../audit/record-audit.js';
import { can } from '../platform/access/policies.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import { LOCALES, type Locale } from '../platform/i18n/locales.js';

export const MAX_QUESTION = 300;

export interface QuestionInput {
  readonly active: boolean;
  readonly texts: Readonly<Record<Locale, string>>;
}

export type EditQuestionResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'notAllowed' | 'unknown' }
  | { readonly ok: false; readonly reason: 'invalid'; readonly locales: readonly Locale[] };

/** Every language needs a text of 1 to 300 characters (the survey is offered in all seven). Pure. */
export function invalidTexts(texts: Readonly<Record<Locale, string>>): Locale[] {
  return LOCALES.filter((locale) => {
    const text = texts[locale].trim();
    return text.length === 0 || text.length > MAX_QUESTION;
  });
}

/** Switches a question of the questionnaire on or off and sets its texts (`surveys.configure`, audited). */
export async function editQuestion(
  { key, input }: { key: string; input: QuestionInput },
  ctx: Context,
): Promise<EditQuestionResult> {
  if (ctx.actor.kind !== 'staff' || !can(ctx.actor, 'surveys.configure', { authorityId: ctx.authorityId })) {
    return { ok: false, reason: 'notAllowed' };
  }
  const actor = ctx.actor;
  const locales = invalidTexts(input.texts);
  if (locales.length > 0) return { ok: false, reason: 'invalid', locales };
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const {
      rows: [question],
    } = await tx.query<{ id: string }>('UPDATE survey_questions SET active = $2 WHERE key = $1 RETURNING id', [
      key,
      input.active,
    ]);
    if (!question) return { ok: false, reason: 'unknown' };
    for (const locale of LOCALES) {
      await tx.query(
        `INSERT INTO survey_question_texts (question_id, authority_id, locale, text) VALUES ($1, $2, $3, $4)
         ON CONFLICT (question_id, locale) DO UPDATE SET text = excluded.text`,
        [question.id, ctx.authorityId, locale, input.texts[locale].trim()],
      );
    }
    await recordAudit(tx, ctx.authorityId, actor, {
      action: 'feedback.question_edited',
      objectType: 'survey_question',
      objectId: question.id,
      details: { key, active: input.active },
    });
    return { ok: true };
  });
}

/** The questionnaire with every language's text, for the settings page. */
export async function questionnaireForEditing(ctx: Context) {
  if (ctx.actor.kind !== 'staff' || !can(ctx.actor, 'surveys.configure', { authorityId: ctx.authorityId })) return null;
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query<{
      key: string;
      kind: 'scale' | 'text';
      active: boolean;
      texts: Record<string, string>;
    }>(
      `SELECT q.key, q.kind, q.active, coalesce(jsonb_object_agg(t.locale, t.text) FILTER (WHERE t.locale IS NOT NULL), '{}') AS texts
         FROM survey_questions q LEFT JOIN survey_question_texts t ON t.question_id = q.id
        GROUP BY q.id ORDER BY q.position, q.key`,
    );
    return rows;
  });
}
