import type { MessageKey } from '../platform/i18n/catalogues.js';

/**
 * "Which service do I need?": a short decision tree, at most five questions deep, that ends in one
 * or more services of the catalogue. It is pure data and pure functions; the answers travel in the
 * URL (`?situation=permit&goal=extend`), so the guide works without JavaScript and can be bookmarked.
 */
export type QuestionId = 'situation' | 'purpose' | 'goal' | 'expiry' | 'years' | 'matter' | 'duldung';

interface Outcome {
  readonly services: readonly string[];
  /** An extra word of advice shown with the result. */
  readonly note?: MessageKey;
}

type Next = { readonly question: QuestionId } | { readonly outcome: Outcome };

export interface Option {
  readonly value: string;
  readonly label: MessageKey;
  readonly next: Next;
}

export interface Question {
  readonly id: QuestionId;
  readonly label: MessageKey;
  readonly options: readonly Option[];
}

const ask = (question: QuestionId): Next => ({ question });
const result = (services: readonly string[], note?: MessageKey): Next => ({
  outcome: note ? { services, note } : { services },
});

export const FIRST_QUESTION: QuestionId = 'situation';

export const QUESTIONS: Readonly<Record<QuestionId, Question>> = {
  situation: {
    id: 'situation',
    label: 'guide.q.situation',
    options: [
      { value: 'new', label: 'guide.a.situation.new', next: ask('purpose') },
      { value: 'permit', label: 'guide.a.situation.permit', next: ask('goal') },
      { value: 'settled', label: 'guide.a.situation.settled', next: ask('matter') },
      { value: 'duldung', label: 'guide.a.situation.duldung', next: ask('duldung') },
      { value: 'visitor', label: 'guide.a.situation.visitor', next: result(['declaration-of-commitment']) },
    ],
  },
  purpose: {
    id: 'purpose',
    label: 'guide.q.purpose',
    options: [
      { value: 'skilled', label: 'guide.a.purpose.skilled', next: result(['eu-blue-card', 'residence-permit']) },
      {
        value: 'express',
        label: 'guide.a.purpose.express',
        next: result(['fast-track-skilled-workers', 'residence-permit']),
      },
      { value: 'work', label: 'guide.a.purpose.work', next: result(['residence-permit']) },
      { value: 'study', label: 'guide.a.purpose.study', next: result(['residence-permit']) },
      { value: 'family', label: 'guide.a.purpose.family', next: result(['residence-permit']) },
      { value: 'other', label: 'guide.a.purpose.other', next: result(['advice-appointment', 'residence-permit']) },
    ],
  },
  goal: {
    id: 'goal',
    label: 'guide.q.goal',
    options: [
      { value: 'extend', label: 'guide.a.goal.extend', next: ask('expiry') },
      { value: 'change', label: 'guide.a.goal.change', next: result(['change-of-purpose']) },
      { value: 'permanent', label: 'guide.a.goal.permanent', next: ask('years') },
      { value: 'condition', label: 'guide.a.goal.condition', next: result(['change-of-conditions']) },
      { value: 'documents', label: 'guide.a.goal.documents', next: ask('matter') },
    ],
  },
  expiry: {
    id: 'expiry',
    label: 'guide.q.expiry',
    options: [
      {
        value: 'later',
        label: 'guide.a.expiry.later',
        next: result(['residence-permit-extension'], 'guide.note.applyEarly'),
      },
      {
        value: 'soon',
        label: 'guide.a.expiry.soon',
        next: result(['residence-permit-extension'], 'guide.note.applyNow'),
      },
      {
        value: 'expired',
        label: 'guide.a.expiry.expired',
        next: result(['residence-permit-extension', 'advice-appointment'], 'guide.note.expired'),
      },
    ],
  },
  years: {
    id: 'years',
    label: 'guide.q.years',
    options: [
      { value: 'five', label: 'guide.a.years.five', next: result(['settlement-permit', 'eu-long-term-residence']) },
      {
        value: 'less',
        label: 'guide.a.years.less',
        next: result(['settlement-permit', 'advice-appointment'], 'guide.note.earlierSettlement'),
      },
    ],
  },
  matter: {
    id: 'matter',
    label: 'guide.q.matter',
    options: [
      { value: 'pickup', label: 'guide.a.matter.pickup', next: result(['residence-card-pickup']) },
      { value: 'passport', label: 'guide.a.matter.passport', next: result(['passport-transfer']) },
      { value: 'address', label: 'guide.a.matter.address', next: result(['address-change']) },
      { value: 'certificate', label: 'guide.a.matter.certificate', next: result(['certificate']) },
      { value: 'travel', label: 'guide.a.matter.travel', next: result(['travel-document-for-foreigners']) },
      { value: 'other', label: 'guide.a.matter.other', next: result(['advice-appointment']) },
    ],
  },
  duldung: {
    id: 'duldung',
    label: 'guide.q.duldung',
    options: [
      { value: 'renew', label: 'guide.a.duldung.renew', next: result(['suspension-of-deportation-renewal']) },
      { value: 'first', label: 'guide.a.duldung.first', next: result(['suspension-of-deportation']) },
      { value: 'advice', label: 'guide.a.duldung.advice', next: result(['advice-appointment']) },
    ],
  },
};

export interface Answered {
  readonly question: Question;
  readonly option: Option;
}

export type GuideStep =
  | {
      readonly kind: 'question';
      readonly question: Question;
      readonly answered: readonly Answered[];
      readonly invalid: boolean;
    }
  | { readonly kind: 'outcome'; readonly outcome: Outcome; readonly answered: readonly Answered[] };

/**
 * Walks the tree along the given answers. Answers to questions not on the path are ignored; an
 * answer that is not an option of its question shows that question again, marked invalid.
 */
export function guideStep(answers: Readonly<Record<string, string | undefined>>): GuideStep {
  const answered: Answered[] = [];
  let question = QUESTIONS[FIRST_QUESTION];
  for (;;) {
    const given = answers[question.id];
    if (given === undefined || given === '') return { kind: 'question', question, answered, invalid: false };
    const option = question.options.find((o) => o.value === given);
    if (!option) return { kind: 'question', question, answered, invalid: true };
    answered.push({ question, option });
    if ('outcome' in option.next) return { kind: 'outcome', outcome: option.next.outcome, answered };
    question = QUESTIONS[option.next.question];
  }
}

/** The query string that reproduces the given answers (for links back to an earlier question). */
export function answersQuery(answered: readonly Answered[]): string {
  return new URLSearchParams(answered.map((a) => [a.question.id, a.option.value])).toString();
}
