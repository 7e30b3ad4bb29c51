import type { Context } from '../platform/context.js';
import { OFFICE_TIME_ZONE } from '../platform/clock/office-time.js';
import { withTenant } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';
import { readQuestionnaire, type SurveyQuestion } from './questionnaire.js';
import { scrubContactData } from './scrub.js';
import { parseSurvey, type SurveyFormError, type SurveyValues } from './survey-form.js';
import { surveyTokenHash } from './survey-token.js';

export type AnswerSurveyResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'unknown' | 'answered' }
  | {
      readonly ok: false;
      readonly reason: 'invalid';
      readonly errors: readonly SurveyFormError[];
      readonly questions: readonly SurveyQuestion[];
    };

/**
 * One answer per invitation: the invitation row is locked, marked answered, and the answer stored
 * in the same transaction, with nothing of the invitation but its service, location, channel, the
 * language answered in and the month. A second POST finds it answered and stores nothing.
 */
export async function answerSurvey(
  { token, locale, values }: { token: string; locale: Locale; values: SurveyValues },
  ctx: Context,
): Promise<AnswerSurveyResult> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const {
      rows: [invitation],
    } = await tx.query<{
      id: string;
      answered: boolean;
      service_id: string;
      location_id: string | null;
      channel: string;
    }>(
      `SELECT id, answered, service_id, location_id, channel FROM survey_invitations WHERE token_hash = $1 FOR UPDATE`,
      [surveyTokenHash(token)],
    );
    if (!invitation) return { ok: false, reason: 'unknown' };
    if (invitation.answered) return { ok: false, reason: 'answered' };
    const questions = await readQuestionnaire(tx, locale);
    const parsed = parseSurvey(questions, values);
    if (!parsed.ok) return { ok: false, reason: 'invalid', errors: parsed.errors, questions };
    await tx.query('UPDATE survey_invitations SET answered = true WHERE id = $1', [invitation.id]);
    await tx.query(
      `INSERT INTO survey_answers (authority_id, service_id, location_id, channel, locale, month, scores, comment)
       VALUES ($1, $2, $3, $4, $5, date_trunc('month', now() AT TIME ZONE $6)::date, $7, $8)`,
      [
        ctx.authorityId,
        invitation.service_id,
        invitation.location_id,
        invitation.channel,
        locale,
        OFFICE_TIME_ZONE,
        JSON.stringify(parsed.scores),
        scrubContactData(parsed.texts.join('\n\n')).slice(0, 2000),
      ],
    );
    return { ok: true };
  });
}
