import type { ComponentChildren } from 'preact';
import { assetHref } from '../assets/registry.js';
import type { Page } from './page.js';

interface Props {
  page: Page;
  title: string;
  /** A class on <body> for the device's look (kiosk, display). */
  kind: 'kiosk' | 'display' | 'phone';
  scripts?: readonly string[];
  children: ComponentChildren;
}

/**
 * A page without the portal's navigation: the entrance kiosk (nobody should wander off into the
 * portal from the tablet), the waiting-room display and the phone page of a ticket.
 */
export function BareLayout({ page, title, kind, scripts = [], children }: Props) {
  return (
    <html lang={page.t.locale} dir={page.t.dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} – ${page.siteName}`}</title>
        <link rel="stylesheet" href={assetHref('site.css')} />
        {scripts.map((name) => (
          <script key={name} src={assetHref(name)} defer />
        ))}
      </head>
      <body class={`site-${kind}`}>
        <main id="main" class="site-bare" tabIndex={-1}>
          {children}
        </main>
      </body>
    </html>
  );
}
