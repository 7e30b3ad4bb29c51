/**
 * The survey's answers as the form sends them, checked: every active scale question needs a choice
 * of 1 to 5, free texts are optional and at most MAX_TEXT characters. Pure, so that what is refused
 * and why is tested directly.
 */
export const MAX_TEXT = 2000;
export const SCALE = [1, 2, 3, 4, 5] as const;

export interface FormQuestion {
  readonly key: string;
  readonly kind: 'scale' | 'text';
}

export type SurveyValues = Readonly<Record<string, string>>;

export interface SurveyFormError {
  readonly field: string;
  readonly message: 'feedback.error.choose' | 'feedback.error.tooLong';
}

export type ParsedSurvey =
  | { readonly ok: true; readonly scores: Readonly<Record<string, number>>; readonly texts: readonly string[] }
  | { readonly ok: false; readonly errors: readonly SurveyFormError[] };

/** The form field of a question (`q-overall`): also the id the error summary links to. */
export function fieldOf(question: FormQuestion): string {
  return `q-${question.key}`;
}

export function parseSurvey(questions: readonly FormQuestion[], values: SurveyValues): ParsedSurvey {
  const scores: Record<string, number> = {};
  const texts: string[] = [];
  const errors: SurveyFormError[] = [];
  for (const question of questions) {
    const field = fieldOf(question);
    const raw = (Object.hasOwn(values, field) ? values[field] : '') ?? '';
    if (question.kind === 'scale') {
      const score = /^[1-5]$/.test(raw.trim()) ? Number(raw.trim()) : null;
      if (score === null) errors.push({ field, message: 'feedback.error.choose' });
      else scores[question.key] = score;
    } else if (raw.length > MAX_TEXT) {
      errors.push({ field, message: 'feedback.error.tooLong' });
    } else if (raw.trim()) {
      texts.push(raw.trim());
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, scores, texts };
}
