import { Alert } from './components.js';
import { Layout } from './Layout.js';
import type { Page } from './page.js';

/** A short message page with a way on (expired holds, refusals that have no form to show again). */
export function NoticePage({
  page,
  title,
  text,
  link,
  status,
}: {
  page: Page;
  title: string;
  text: string;
  link: { href: string; label: string } | null;
  status: 'info' | 'warning' | 'danger' | 'success';
}) {
  return (
    <Layout page={page} title={title} nav="services">
      <h1 class="kern-heading-large">{title}</h1>
      <Alert kind={status} title={title}>
        <p class="kern-body">{text}</p>
      </Alert>
      {link ? (
        <p class="kern-body">
          <a class="kern-link" href={link.href}>
            {link.label}
          </a>
        </p>
      ) : null}
    </Layout>
  );
}
