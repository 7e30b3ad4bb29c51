import type { Day } from '../platform/clock/office-time.js';
import type { Locale } from '../platform/i18n/locales.js';
import { translator } from '../platform/i18n/translator.js';
import type { FormValues } from './answers-form.js';
import { notForTitle, type PathwayResult } from './evaluate.js';
import { formatDay } from './format.js';
import type { Block, PaperSection, PathwayPaper } from './pathway-document.js';
import { type DocumentNames, missingText, standingText, todoKeys } from './views/PathwayResults.js';

/** One language's section of the paper: the answers, each pathway with what is missing and what to prepare. */
function section(
  locale: Locale,
  values: FormValues,
  results: readonly PathwayResult[],
  documents: DocumentNames,
  today: Day,
  rulesDate: Day,
  first: boolean,
): PaperSection {
  const t = translator(locale);
  const day = (d: Day) => formatDay(locale, d);
  const blocks: Block[] = [{ kind: first ? 'title' : 'heading', text: t.t('pathway.title') }];
  if (!first) blocks.push({ kind: 'note', text: t.t('pathway.pdf.translationNote') });
  blocks.push({ kind: 'note', text: t.t('pathway.pdf.createdOn', { date: day(today) }) });
  blocks.push({ kind: 'subheading', text: t.t('pathway.pdf.answers') });
  const answer = (label: string, value: string) => blocks.push({ kind: 'bullet', text: `${label}: ${value}` });
  answer(t.t('pathway.q.title'), t.t(`pathway.a.title.${values.title}` as 'pathway.a.title.skilled'));
  answer(t.t('pathway.q.titleSince'), day(values.titleSince));
  answer(t.t('pathway.q.residentSince'), day(values.residentSince));
  if (values.asylumSince) answer(t.t('pathway.q.asylumSince'), day(values.asylumSince));
  answer(t.t('pathway.q.gapMonths'), values.gapMonths || '0');
  answer(t.t('pathway.q.german'), values.german === 'none' ? t.t('pathway.a.german.none') : values.german);
  answer(t.t('pathway.q.knowledge'), t.t(values.knowledge === '1' ? 'pathway.yes' : 'pathway.no'));
  answer(t.t('pathway.q.integrationCourse'), t.t(values.course === '1' ? 'pathway.yes' : 'pathway.no'));
  answer(t.t('pathway.q.pensionMonths'), values.pensionMonths || '0');
  answer(t.t('pathway.q.livelihood'), t.t(`pathway.a.livelihood.${values.livelihood}` as 'pathway.a.livelihood.full'));
  blocks.push({ kind: 'heading', text: t.t('pathway.resultTitle') });
  const reachable = results.filter((r) => !notForTitle(r));
  for (const result of reachable) {
    blocks.push({ kind: 'subheading', text: result.pathway.names[locale] });
    // The German citation on a line of its own, left to right, so that right-to-left text cannot reorder it.
    blocks.push({ kind: 'note', text: result.variant.legalBasis, direction: 'ltr' });
    blocks.push({ kind: 'strong', text: standingText(t, result, false) });
    for (const m of result.missing) blocks.push({ kind: 'bullet', text: missingText(t, m) });
    if (result.standing === 'missing' && result.periodDone > today)
      blocks.push({ kind: 'body', text: t.t('pathway.periodDone', { date: day(result.periodDone) }) });
    if (result.pathway.office === 'naturalisation')
      blocks.push({ kind: 'body', text: t.t('pathway.naturalisationOffice') });
    // Documents for what can be applied for; for the rest the page lists them (the paper stays short).
    const docs =
      result.standing === 'missing'
        ? []
        : result.pathway.documents.flatMap((slug) => {
            const found = documents.get(slug);
            return found ? [locale === 'de' ? found.de : found.name] : [];
          });
    if (docs.length > 0) blocks.push({ kind: 'body', text: `${t.t('pathway.documents')} ${docs.join('; ')}` });
    blocks.push({ kind: 'note', text: t.t('pathway.lastChecked', { date: day(result.pathway.lastChecked) }) });
  }
  // What to do, once for all pathways: the same step (a language course) often opens several.
  const todos = [...new Set(reachable.filter((r) => r.standing === 'missing').flatMap(todoKeys))];
  if (todos.length > 0) {
    blocks.push({ kind: 'subheading', text: t.t('pathway.todoTitle') });
    for (const key of todos) blocks.push({ kind: 'bullet', text: t.t(key) });
  }
  const other = results.filter(notForTitle);
  if (other.length > 0) {
    blocks.push({ kind: 'subheading', text: t.t('pathway.notForTitle') });
    for (const r of other) blocks.push({ kind: 'bullet', text: r.pathway.names[locale] });
  }
  blocks.push({ kind: 'body', text: t.t('pathway.disclaimer', { date: day(rulesDate) }) });
  return { rtl: t.dir === 'rtl', blocks };
}

/** The paper in German and, unless that is German, in the person's language. */
export function pathwayPaper(input: {
  authorityName: string;
  locale: Locale;
  values: FormValues;
  results: readonly PathwayResult[];
  documents: DocumentNames;
  today: Day;
  rulesDate: Day;
}): PathwayPaper {
  const locales: Locale[] = input.locale === 'de' ? ['de'] : ['de', input.locale];
  return {
    authorityName: input.authorityName,
    title: translator('de').t('pathway.title'),
    sections: locales.map((locale, i) =>
      section(locale, input.values, input.results, input.documents, input.today, input.rulesDate, i === 0),
    ),
  };
}
