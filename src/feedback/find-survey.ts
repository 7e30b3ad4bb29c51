import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';
import { readQuestionnaire, type SurveyQuestion } from './questionnaire.js';
import { surveyTokenHash } from './survey-token.js';

export type SurveyState =
  | { readonly status: 'open'; readonly questions: readonly SurveyQuestion[] }
  | { readonly status: 'answered' }
  | { readonly status: 'unknown' };

/** What the survey link shows: the questions in the reader's language, or that it was answered already. */
export async function findSurvey(
  { token, locale }: { token: string; locale: Locale },
  ctx: Context,
): Promise<SurveyState> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const {
      rows: [invitation],
    } = await tx.query<{ answered: boolean }>('SELECT answered FROM survey_invitations WHERE token_hash = $1', [
      surveyTokenHash(token),
    ]);
    if (!invitation) return { status: 'unknown' };
    if (invitation.answered) return { status: 'answered' };
    return { status: 'open', questions: await readQuestionnaire(tx, locale) };
  });
}
