import type { StaffMessageKey } from '../../platform/i18n/catalogues.js';
import { Alert } from '../../platform/layout/components.js';
import { Csrf, Submit } from '../../platform/staff/components.js';
import { StaffLayout, type StaffPage } from '../../platform/staff/StaffLayout.js';
import type { ModuleView } from '../show-module.js';
import { areaName, featureLabel, Markdown, moduleHref } from './parts.js';

const SECTIONS = [
  ['goal', 'toolkit.section.goal'],
  ['steps', 'toolkit.section.steps'],
  ['materials', 'toolkit.section.materials'],
  ['experience', 'toolkit.section.experience'],
] as const;

/** One module at one version: its sections, the features that support it, read mark and actions. */
export function ModulePage({
  page,
  view,
  canEdit,
  notice,
}: {
  page: StaffPage;
  view: ModuleView;
  canEdit: boolean;
  notice: { key: StaffMessageKey; ok: boolean } | null;
}) {
  const { t } = page;
  const { module, shown } = view;
  const isCurrent = shown.version === module.currentVersion;
  return (
    <StaffLayout page={page} title={shown.content.title}>
      <p class="kern-body">
        <a class="kern-link" href="/staff/toolkit">
          {t.t('toolkit.back')}
        </a>
      </p>
      {notice ? <Alert kind={notice.ok ? 'success' : 'warning'} title={t.t(notice.key)} live /> : null}
      <h1 class="kern-heading-large">{shown.content.title}</h1>
      <p class="kern-body">
        {t.t('toolkit.module.area', { area: areaName(page, module.area) })}
        <br />
        {t.t('toolkit.module.version', {
          version: shown.version,
          date: t.dateTime(shown.createdAt),
          author: shown.authorName,
        })}
      </p>
      {isCurrent ? null : (
        <Alert
          kind="info"
          title={t.t('toolkit.module.old', { version: shown.version, current: module.currentVersion })}
        >
          <a class="kern-link" href={moduleHref(module.slug)}>
            {t.t('toolkit.module.toCurrent')}
          </a>
        </Alert>
      )}
      {module.binding && isCurrent ? <ReadState page={page} view={view} /> : null}
      {SECTIONS.map(([key, label]) =>
        shown.content[key] ? (
          <section key={key} aria-labelledby={`section-${key}`}>
            <h2 class="kern-heading-medium" id={`section-${key}`}>
              {t.t(label)}
            </h2>
            <Markdown text={shown.content[key]} />
          </section>
        ) : null,
      )}
      <h2 class="kern-heading-medium">{t.t('toolkit.section.features')}</h2>
      {shown.content.features.length === 0 ? (
        <p class="kern-body">{t.t('toolkit.feature.none')}</p>
      ) : (
        <ul class="kern-list">
          {shown.content.features.map((path) => (
            <li key={path}>
              <a class="kern-link" href={path}>
                {featureLabel(page, path)}
              </a>
            </li>
          ))}
        </ul>
      )}
      {module.binding && isCurrent && view.readVersion !== module.currentVersion ? (
        <form method="post" action={moduleHref(module.slug, '/read')}>
          <Csrf token={page.staff!.csrf} />
          <input type="hidden" name="version" value={String(module.currentVersion)} />
          <Submit label={t.t('toolkit.read.confirm', { version: module.currentVersion })} />
        </form>
      ) : null}
      <Actions page={page} view={view} canEdit={canEdit} />
    </StaffLayout>
  );
}

function ReadState({ page, view }: { page: StaffPage; view: ModuleView }) {
  const { t } = page;
  const { module, readVersion } = view;
  if (readVersion === module.currentVersion) {
    return <Alert kind="success" title={t.t('toolkit.read.done', { version: module.currentVersion })} />;
  }
  return (
    <Alert kind="warning" title={t.t('toolkit.binding.badge')}>
      <p class="kern-body">
        {readVersion === null ? t.t('toolkit.read.pending') : t.t('toolkit.read.outdated', { read: readVersion })}
      </p>
    </Alert>
  );
}

function Actions({ page, view, canEdit }: { page: StaffPage; view: ModuleView; canEdit: boolean }) {
  const { t } = page;
  const { module } = view;
  return (
    <>
      <h2 class="kern-heading-medium">{t.t('toolkit.module.actions')}</h2>
      <ul class="kern-list">
        <li>
          <a class="kern-link" href={moduleHref(module.slug, '/history')}>
            {t.t('toolkit.module.history')}
          </a>
        </li>
        <li>
          <a class="kern-link" href={moduleHref(module.slug, '/export')} download={`${module.slug}.md`}>
            {t.t('toolkit.module.export')}
          </a>
        </li>
        {canEdit ? (
          <>
            <li>
              <a class="kern-link" href={moduleHref(module.slug, '/edit')}>
                {t.t('toolkit.module.edit')}
              </a>
            </li>
            <li>
              <a class="kern-link" href={moduleHref(module.slug, '/unread')}>
                {t.t('toolkit.unread.link')}
              </a>
            </li>
          </>
        ) : null}
      </ul>
      {canEdit ? (
        <form method="post" action={moduleHref(module.slug, '/binding')}>
          <Csrf token={page.staff!.csrf} />
          <input type="hidden" name="binding" value={module.binding ? 'false' : 'true'} />
          <Submit label={module.binding ? t.t('toolkit.binding.lift') : t.t('toolkit.binding.set')} secondary />
        </form>
      ) : null}
      {canEdit ? (
        <form method="post" action={moduleHref(module.slug, '/publish')}>
          {module.published ? <p class="kern-body">{t.t('toolkit.publish.state')}</p> : null}
          <Csrf token={page.staff!.csrf} />
          <input type="hidden" name="published" value={module.published ? 'false' : 'true'} />
          <Submit label={module.published ? t.t('toolkit.publish.lift') : t.t('toolkit.publish.set')} secondary />
        </form>
      ) : null}
    </>
  );
}
