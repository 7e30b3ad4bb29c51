import type { ComponentChildren } from 'preact';

// Class names written out in full: the stylesheet keeps only KERN classes that appear in the sources.
const ALERT_CLASSES = {
  info: { alert: 'kern-alert--info', icon: 'kern-icon--info' },
  success: { alert: 'kern-alert--success', icon: 'kern-icon--success' },
  warning: { alert: 'kern-alert--warning', icon: 'kern-icon--warning' },
  danger: { alert: 'kern-alert--danger', icon: 'kern-icon--danger' },
} as const;

/** KERN alert box; `role="alert"` only for news the reader must hear now (errors, confirmations). */
export function Alert({
  kind,
  title,
  children,
  live = false,
}: {
  kind: 'info' | 'success' | 'warning' | 'danger';
  title: string;
  children?: ComponentChildren;
  live?: boolean;
}) {
  return (
    <div class={`kern-alert ${ALERT_CLASSES[kind].alert}`} role={live ? 'alert' : undefined}>
      <div class="kern-alert__header">
        <span class={`kern-icon ${ALERT_CLASSES[kind].icon}`} aria-hidden="true" />
        <span class="kern-title">{title}</span>
      </div>
      {children ? <div class="kern-alert__body">{children}</div> : null}
    </div>
  );
}

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** The error summary at the top of a form: each message links to its field. */
export function ErrorSummary({ title, errors }: { title: string; errors: readonly FieldError[] }) {
  if (errors.length === 0) return null;
  return (
    <Alert kind="danger" title={title} live>
      <ul class="kern-list">
        {errors.map((error) => (
          <li key={error.field}>
            <a class="kern-link" href={`#${error.field}`}>
              {error.message}
            </a>
          </li>
        ))}
      </ul>
    </Alert>
  );
}

export function DescriptionList({ items }: { items: readonly { key: string; value: ComponentChildren }[] }) {
  return (
    <dl class="kern-description-list">
      {items.map((item) => (
        <div class="kern-description-list-item" key={item.key}>
          <dt class="kern-description-list-item__key">{item.key}</dt>
          <dd class="kern-description-list-item__value">{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A field's error message (KERN), with the id its control points to by aria-describedby. */
export function FieldError({ id, text }: { id: string | undefined; text: string }) {
  return (
    <p class="kern-error" id={id}>
      <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
      <span class="kern-body">{text}</span>
    </p>
  );
}

/** A labelled form field with hint and error (KERN form-input); the control is the child. */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: ComponentChildren;
}) {
  return (
    <div class={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label class="kern-label" for={id}>
        {label}
      </label>
      {hint ? (
        <div class="kern-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? <FieldError id={`${id}-error`} text={error} /> : null}
      {children}
    </div>
  );
}

/** A labelled KERN select whose name is its id (filter forms of the staff area). */
export function SelectField({
  id,
  label,
  value,
  options,
}: {
  id: string;
  label: string;
  value: string | undefined;
  options: readonly { value: string; label: string }[];
}) {
  return (
    <div class="kern-form-input">
      <label class="kern-label" for={id}>
        {label}
      </label>
      <div class="kern-form-input__select-wrapper">
        <select class="kern-form-input__select" id={id} name={id}>
          {options.map((o) => (
            <option key={o.value} value={o.value} selected={o.value === (value ?? '')}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
