import type { Page } from '../../platform/layout/page.js';
import { href } from '../../platform/layout/page.js';

/** GET form to the catalogue: works without JavaScript and gives a shareable URL. */
export function SearchForm({ page, query, id = 'q' }: { page: Page; query?: string; id?: string }) {
  const { t } = page;
  return (
    <form class="site-search" role="search" method="get" action={href(page, '/services')}>
      <div class="kern-form-input">
        <label class="kern-label" for={id}>
          {t.t('search.label')}
        </label>
        <div class="kern-hint" id={`${id}-hint`}>
          {t.t('search.hint')}
        </div>
        <input
          class="kern-form-input__input"
          type="search"
          id={id}
          name="q"
          value={query ?? ''}
          maxLength={200}
          aria-describedby={`${id}-hint`}
          autocomplete="off"
        />
      </div>
      <button class="kern-btn kern-btn--primary" type="submit">
        <span class="kern-label">{t.t('search.submit')}</span>
      </button>
    </form>
  );
}
