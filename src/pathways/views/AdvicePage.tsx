import { ENDONYMS, LOCALES, type Locale } from '../../platform/i18n/locales.js';
import { translator } from '../../platform/i18n/translator.js';
import { Field } from '../../platform/layout/components.js';
import { type StaffPage, StaffLayout } from '../../platform/staff/StaffLayout.js';
import { answersQuery } from '../answers-form.js';
import type { PathwayCheck } from '../check-pathways.js';
import { PathwayForm } from './PathwayForm.js';
import { PathwayResults } from './PathwayResults.js';

/**
 * The counter version: the caseworker answers the questions with the person (in the staff
 * member's language), chooses the person's language and prints the result in German and that language.
 */
export function AdvicePage({ page, check, locale }: { page: StaffPage; check: PathwayCheck; locale: Locale }) {
  const t = page.t;
  const questions = translator(t.locale);
  const { parsed } = check;
  const query = answersQuery(parsed.values);
  return (
    <StaffLayout page={page} title={t.t('pathways.staff.title')}>
      <h1 class="kern-heading-large">{t.t('pathways.staff.title')}</h1>
      <p class="kern-body">{t.t('pathways.staff.intro')}</p>
      {parsed.kind === 'answered' ? (
        <>
          <PathwayResults
            t={questions}
            results={check.results}
            documents={check.documents}
            today={check.today}
            rulesDate={check.rulesDate}
            easy={false}
            links={null}
          />
          <p class="kern-body">
            <a class="kern-btn kern-btn--primary" href={`/staff/pathway/advice.pdf?personLocale=${locale}&${query}`}>
              <span class="kern-label">{t.t('pathways.staff.print', { language: ENDONYMS[locale] })}</span>
            </a>
          </p>
        </>
      ) : null}
      <PathwayForm
        t={questions}
        action="/staff/pathway"
        values={parsed.values}
        errors={parsed.kind === 'invalid' ? parsed.errors : []}
      >
        <Field id="personLocale" label={t.t('pathways.staff.language')}>
          <div class="kern-form-input__select-wrapper">
            <select class="kern-form-input__select" id="personLocale" name="personLocale">
              {LOCALES.map((l) => (
                <option key={l} value={l} lang={l} selected={l === locale}>
                  {ENDONYMS[l]}
                </option>
              ))}
            </select>
          </div>
        </Field>
      </PathwayForm>
    </StaffLayout>
  );
}
