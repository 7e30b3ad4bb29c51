/** Building blocks of staff pages: form errors, buttons, tables, the CSRF field, a message page. */
import type { ComponentChildren } from 'preact';
import type { StaffMessageKey } from '../i18n/catalogues.js';
import { ErrorSummary } from '../layout/components.js';
import { StaffLayout, type StaffPage } from './StaffLayout.js';

export interface FormError {
  readonly field: string;
  readonly message: StaffMessageKey;
}

/** Error text of one field, and the aria attributes that tie it to the control. */
export function fieldProps(page: StaffPage, errors: readonly FormError[], field: string) {
  const found = errors.find((e) => e.field === field);
  return {
    error: found ? page.t.t(found.message) : undefined,
    aria: found ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${field}-error` } : {},
    inputClass: `kern-form-input__input${found ? ' kern-form-input__input--error' : ''}`,
  };
}

export function Summary({ page, errors }: { page: StaffPage; errors: readonly FormError[] }) {
  return (
    <ErrorSummary
      title={page.t.t('staff.form.errorSummary')}
      errors={errors.map((e) => ({ field: e.field, message: page.t.t(e.message) }))}
    />
  );
}

export function Submit({ label, secondary = false }: { label: string; secondary?: boolean }) {
  return (
    <button class={`kern-btn ${secondary ? 'kern-btn--secondary' : 'kern-btn--primary'}`} type="submit">
      <span class="kern-label">{label}</span>
    </button>
  );
}

/** The header row of a KERN table, one column per message key. */
export function TableHead({ page, columns }: { page: StaffPage; columns: readonly StaffMessageKey[] }) {
  return (
    <thead class="kern-table__header">
      <tr class="kern-table__row">
        {columns.map((key) => (
          <th key={key} class="kern-table__header" scope="col">
            {page.t.t(key)}
          </th>
        ))}
      </tr>
    </thead>
  );
}

export function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

export function MessagePage({
  page,
  title,
  text,
  children,
}: {
  page: StaffPage;
  title: string;
  text: string;
  children?: ComponentChildren;
}) {
  return (
    <StaffLayout page={page} title={title}>
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">{text}</p>
      {children}
    </StaffLayout>
  );
}
