import { StaffLayout, type StaffPage } from '../../platform/staff/StaffLayout.js';
import { AREAS } from '../module-content.js';
import type { ModuleSummary } from '../list-modules.js';
import { areaName, moduleHref } from './parts.js';

/** The toolkit: a search, and the modules grouped by area (or the matches, best first). */
export function ToolkitPage({
  page,
  modules,
  query,
  canEdit,
}: {
  page: StaffPage;
  modules: readonly ModuleSummary[];
  query: string;
  canEdit: boolean;
}) {
  const { t } = page;
  return (
    <StaffLayout page={page} title={t.t('toolkit.title')}>
      <h1 class="kern-heading-large">{t.t('toolkit.title')}</h1>
      <p class="kern-body">{t.t('toolkit.intro')}</p>
      <form method="get" action="/staff/toolkit" role="search">
        <div class="kern-form-input">
          <label class="kern-label" for="q">
            {t.t('toolkit.search.label')}
          </label>
          <input class="kern-form-input__input" type="search" id="q" name="q" value={query} maxLength={200} />
        </div>
        <button class="kern-btn kern-btn--primary" type="submit">
          <span class="kern-label">{t.t('toolkit.search.submit')}</span>
        </button>
      </form>
      {canEdit ? (
        <ul class="kern-list">
          <li>
            <a class="kern-link" href="/staff/toolkit/new">
              {t.t('toolkit.list.new')}
            </a>
          </li>
          <li>
            <a class="kern-link" href="/staff/toolkit/import">
              {t.t('toolkit.list.import')}
            </a>
          </li>
          <li>
            <a class="kern-link" href="/staff/toolkit/shared">
              {t.t('toolkit.shared.link')}
            </a>
          </li>
        </ul>
      ) : null}
      {query ? (
        <>
          <h2 class="kern-heading-medium">{t.t('toolkit.search.results', { count: modules.length, query })}</h2>
          <ModuleList page={page} modules={modules} />
          <p class="kern-body">
            <a class="kern-link" href="/staff/toolkit">
              {t.t('toolkit.search.all')}
            </a>
          </p>
        </>
      ) : (
        AREAS.map((area) => (
          <section key={area} aria-labelledby={`area-${area}`}>
            <h2 class="kern-heading-medium" id={`area-${area}`}>
              {areaName(page, area)}
            </h2>
            <ModuleList page={page} modules={modules.filter((m) => m.area === area)} />
          </section>
        ))
      )}
    </StaffLayout>
  );
}

function ModuleList({ page, modules }: { page: StaffPage; modules: readonly ModuleSummary[] }) {
  const { t } = page;
  return (
    <ul class="kern-list">
      {modules.map((m) => (
        <li key={m.slug}>
          <a class="kern-link" href={moduleHref(m.slug)}>
            {m.title}
          </a>
          {m.binding ? (
            <span class="kern-body">
              {' – '}
              <strong>{t.t('toolkit.list.binding')}</strong>
              {', '}
              {m.readCurrent ? t.t('toolkit.list.read') : t.t('toolkit.list.unread')}
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
