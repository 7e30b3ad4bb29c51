import type { StaffMessageKey } from '../../platform/i18n/catalogues.js';
import { Alert } from '../../platform/layout/components.js';
import { Csrf, Submit } from '../../platform/staff/components.js';
import { StaffLayout, type StaffPage } from '../../platform/staff/StaffLayout.js';
import type { FileError } from '../module-file.js';
import { MAX_FILE_BYTES } from '../module-file.js';

/** The file's problem in the staff language, with the content errors listed one by one. */
function FileProblem({ page, error }: { page: StaffPage; error: FileError }) {
  const { t } = page;
  switch (error.reason) {
    case 'content':
      return (
        <Alert kind="danger" title={t.t('toolkit.import.error.content')} live>
          <ul class="kern-list">
            {error.errors.map((e) => (
              <li key={e}>{t.t(`toolkit.error.${e}`)}</li>
            ))}
          </ul>
          <p class="kern-body">{t.t('toolkit.import.kept')}</p>
        </Alert>
      );
    case 'badLine':
      return <Problem page={page} text={t.t('toolkit.import.error.badLine', { line: error.line })} />;
    case 'unknownField':
    case 'duplicateField':
      return <Problem page={page} text={t.t(`toolkit.import.error.${error.reason}`, { field: error.field })} />;
    case 'tooLarge':
      return <Problem page={page} text={t.t('toolkit.import.error.tooLarge', { kilobytes: MAX_FILE_BYTES / 1024 })} />;
    default:
      return <Problem page={page} text={t.t(`toolkit.import.error.${error.reason}` as StaffMessageKey)} />;
  }
}

function Problem({ page, text }: { page: StaffPage; text: string }) {
  return (
    <Alert kind="danger" title={text} live>
      <p class="kern-body">{page.t.t('toolkit.import.kept')}</p>
    </Alert>
  );
}

/** Taking a module file from another office: upload it, or paste its text (kept when it has faults). */
export function ImportPage({ page, error, text }: { page: StaffPage; error: FileError | null; text: string }) {
  const { t } = page;
  return (
    <StaffLayout page={page} title={t.t('toolkit.import.title')}>
      <p class="kern-body">
        <a class="kern-link" href="/staff/toolkit">
          {t.t('toolkit.back')}
        </a>
      </p>
      <h1 class="kern-heading-large">{t.t('toolkit.import.title')}</h1>
      {error ? <FileProblem page={page} error={error} /> : null}
      <p class="kern-body">{t.t('toolkit.import.intro')}</p>
      <form method="post" action="/staff/toolkit/import" enctype="multipart/form-data">
        <Csrf token={page.staff!.csrf} />
        <div class="kern-form-input">
          <label class="kern-label" for="file">
            {t.t('toolkit.import.file')}
          </label>
          <input
            class="kern-form-input__input"
            type="file"
            id="file"
            name="file"
            accept=".md,text/markdown,text/plain"
          />
        </div>
        <div class="kern-form-input">
          <label class="kern-label" for="text">
            {t.t('toolkit.import.text')}
          </label>
          <div class="kern-hint" id="text-hint">
            {t.t('toolkit.import.textHint')}
          </div>
          <textarea class="kern-form-input__input" id="text" name="text" rows={16} aria-describedby="text-hint">
            {text}
          </textarea>
        </div>
        <Submit label={t.t('toolkit.import.submit')} />
      </form>
    </StaffLayout>
  );
}
