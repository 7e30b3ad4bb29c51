import { ENDONYMS, LOCALES, direction } from '../../platform/i18n/locales.js';
import { translator } from '../../platform/i18n/translator.js';
import type { MessageKey } from '../../platform/i18n/catalogues.js';
import { BareLayout } from '../../platform/layout/BareLayout.js';
import { Alert, Field } from '../../platform/layout/components.js';
import type { Page } from '../../platform/layout/page.js';
import { assetHref } from '../../platform/assets/registry.js';
import type { KioskMenu } from '../find-kiosk.js';

const SCRIPTS = ['kiosk.js'];
const CODE_SCRIPTS = [...SCRIPTS, 'kiosk-scan.js'];
const SCAN_TEXTS = ['starting', 'looking', 'found', 'denied', 'noCamera', 'failed', 'timeout'] as const;

/** First screen at the entrance: the language, each offered in its own words. */
export function KioskLanguagePage({
  page,
  locationSlug,
  locationName,
}: {
  page: Page;
  locationSlug: string;
  locationName: string;
}) {
  return (
    <BareLayout page={page} title={page.t.t('queue.kiosk.title')} kind="kiosk" scripts={SCRIPTS}>
      <h1 class="kern-heading-large">{locationName}</h1>
      <ul class="site-kiosk-grid">
        {LOCALES.map((locale) => (
          <li key={locale} lang={locale} dir={direction(locale)}>
            <a
              class="kern-btn kern-btn--primary site-kiosk-button"
              href={`/kiosk/${locationSlug}/${locale}`}
              hreflang={locale}
            >
              <span class="kern-label">{ENDONYMS[locale]}</span>
              <span class="site-kiosk-button__hint">{translator(locale).t('queue.kiosk.chooseLanguage')}</span>
            </a>
          </li>
        ))}
      </ul>
    </BareLayout>
  );
}

export function NotKioskPage({ page }: { page: Page }) {
  return (
    <BareLayout page={page} title={page.t.t('queue.kiosk.notKioskTitle')} kind="kiosk">
      <h1 class="kern-heading-large">{page.t.t('queue.kiosk.notKioskTitle')}</h1>
      <p class="kern-body">{page.t.t('queue.kiosk.notKiosk')}</p>
    </BareLayout>
  );
}

interface MenuProps {
  page: Page;
  menu: KioskMenu;
  csrf: string;
  notice: MessageKey | null;
}

/** Second screen: the matter (walk-in, emergency), or "I have an appointment". */
export function KioskMenuPage({ page, menu, csrf, notice }: MenuProps) {
  const { t } = page;
  const base = `/kiosk/${menu.location.slug}/${t.locale}`;
  const button = (serviceId: string, name: string, kind: 'walk_in' | 'emergency') => (
    <form method="post" action={`${base}/tickets`}>
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="serviceId" value={serviceId} />
      <input type="hidden" name="kind" value={kind} />
      <button
        class={`kern-btn ${kind === 'emergency' ? 'kern-btn--secondary' : 'kern-btn--primary'} site-kiosk-button`}
        type="submit"
      >
        <span class="kern-label">{name}</span>
      </button>
    </form>
  );
  return (
    <BareLayout page={page} title={t.t('queue.kiosk.title')} kind="kiosk" scripts={SCRIPTS}>
      <h1 class="kern-heading-large">{t.t('queue.kiosk.chooseMatter')}</h1>
      {notice ? <Alert kind="danger" title={t.t(notice)} live /> : null}
      <a class="kern-btn kern-btn--primary site-kiosk-button" href={`${base}/appointment`}>
        <span class="kern-label">{t.t('queue.kiosk.haveAppointment')}</span>
        <span class="site-kiosk-button__hint">{t.t('queue.kiosk.haveAppointmentHint')}</span>
      </a>
      {menu.walkIn.length > 0 ? (
        <section aria-labelledby="walk-in">
          <h2 class="kern-heading-medium" id="walk-in">
            {t.t('queue.kiosk.walkInTitle')}
          </h2>
          <ul class="site-kiosk-grid">
            {menu.walkIn.map((s) => (
              <li key={s.id}>{button(s.id, s.name, 'walk_in')}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {menu.emergency.length > 0 ? (
        <section aria-labelledby="emergency">
          <h2 class="kern-heading-medium" id="emergency">
            {t.t('queue.kiosk.emergencyTitle')}
          </h2>
          <p class="kern-body">{t.t('queue.kiosk.emergencyHint')}</p>
          <ul class="site-kiosk-grid">
            {menu.emergency.map((s) => (
              <li key={s.id}>{button(s.id, s.name, 'emergency')}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <p>
        <a class="kern-link site-kiosk-link" href={`/kiosk/${menu.location.slug}`}>
          {t.t('queue.kiosk.otherLanguage')}
        </a>
      </p>
    </BareLayout>
  );
}

/** "I have an appointment": the code typed, or the confirmation's QR code held to the scanner (it types for you). */
export function KioskCodePage({
  page,
  locationSlug,
  csrf,
  code,
  error,
}: {
  page: Page;
  locationSlug: string;
  csrf: string;
  code: string;
  error: MessageKey | null;
}) {
  const { t } = page;
  const base = `/kiosk/${locationSlug}/${t.locale}`;
  return (
    <BareLayout page={page} title={t.t('queue.kiosk.haveAppointment')} kind="kiosk" scripts={CODE_SCRIPTS}>
      <h1 class="kern-heading-large">{t.t('queue.kiosk.haveAppointment')}</h1>
      {error ? <Alert kind="danger" title={t.t(error)} live /> : null}
      <KioskScanner page={page} />
      <form method="post" action={`${base}/appointment`} class="site-kiosk-form" data-scan-form>
        <input type="hidden" name="_csrf" value={csrf} />
        <Field
          id="code"
          label={t.t('queue.kiosk.codeLabel')}
          hint={t.t('queue.kiosk.codeHint')}
          error={error ? t.t(error) : undefined}
        >
          <input
            class="kern-form-input__input site-kiosk-input"
            id="code"
            name="code"
            type="text"
            value={code}
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            maxLength={200}
            aria-describedby={error ? 'code-hint code-error' : 'code-hint'}
            aria-invalid={error ? 'true' : undefined}
            autofocus
            dir="ltr"
          />
        </Field>
        <button class="kern-btn kern-btn--primary site-kiosk-button" type="submit">
          <span class="kern-label">{t.t('queue.kiosk.checkIn')}</span>
        </button>
      </form>
      <p>
        <a class="kern-link site-kiosk-link" href={base}>
          {t.t('queue.kiosk.back')}
        </a>
      </p>
    </BareLayout>
  );
}

/**
 * Scanning with the tablet's camera (kiosk-scan.js): hidden until the script finds a camera, so
 * without JavaScript or camera the page is the typed form alone. The script's texts travel in data
 * attributes, in the kiosk's language; jsQR is loaded from our assets only where the browser has no
 * BarcodeDetector.
 */
function KioskScanner({ page }: { page: Page }) {
  const { t } = page;
  const texts = Object.fromEntries(SCAN_TEXTS.map((key) => [`data-text-${key}`, t.t(`queue.kiosk.scan.${key}`)]));
  return (
    <div class="site-kiosk-scan" data-scan data-jsqr={assetHref('jsQR.js')} {...texts} hidden>
      <button class="kern-btn kern-btn--primary site-kiosk-button" type="button" data-scan-start>
        <span class="kern-label">{t.t('queue.kiosk.scan.button')}</span>
        <span class="site-kiosk-button__hint">{t.t('queue.kiosk.scan.buttonHint')}</span>
      </button>
      <div data-scan-error hidden>
        <Alert kind="danger" title="" live />
      </div>
      <section class="site-kiosk-scan__panel" aria-labelledby="scan-title" data-scan-panel hidden>
        <h2 class="kern-heading-medium" id="scan-title" tabIndex={-1}>
          {t.t('queue.kiosk.scan.title')}
        </h2>
        <p class="kern-body">{t.t('queue.kiosk.scan.instructions')}</p>
        <video
          class="site-kiosk-scan__video"
          aria-label={t.t('queue.kiosk.scan.preview')}
          muted
          playsInline
          data-scan-video
        />
        <p class="kern-body site-kiosk-scan__status" role="status" data-scan-status />
        <button class="kern-btn kern-btn--secondary site-kiosk-button" type="button" data-scan-cancel>
          <span class="kern-label">{t.t('queue.kiosk.scan.cancel')}</span>
        </button>
      </section>
      <p class="kern-body site-kiosk-scan__or">{t.t('queue.kiosk.scan.orType')}</p>
    </div>
  );
}

/** The ticket: the number, the QR code for the phone, print and done (the kiosk returns to the start by itself). */
export function KioskTicketPage({
  page,
  locationSlug,
  number,
  qr,
  phoneUrl,
  appointment,
}: {
  page: Page;
  locationSlug: string;
  number: string;
  qr: string;
  phoneUrl: string;
  appointment: boolean;
}) {
  const { t } = page;
  return (
    <BareLayout page={page} title={t.t('queue.kiosk.ticketTitle')} kind="kiosk" scripts={SCRIPTS}>
      <div class="site-ticket" data-kiosk-return={`/kiosk/${locationSlug}`}>
        <h1 class="kern-heading-medium">{t.t('queue.kiosk.ticketTitle')}</h1>
        <p class="site-ticket__number" dir="ltr" data-ticket-number>
          {number}
        </p>
        <p class="kern-body">{t.t(appointment ? 'queue.kiosk.appointmentText' : 'queue.kiosk.ticketText')}</p>
        <img class="site-ticket__qr" src={qr} alt={t.t('queue.kiosk.qrLabel')} width={240} height={240} />
        <p class="kern-body">{t.t('queue.kiosk.scanHint')}</p>
        <p class="kern-body kern-body--small site-ticket__link" dir="ltr" data-phone-url={phoneUrl}>
          {phoneUrl}
        </p>
        <div class="site-kiosk-actions">
          <button class="kern-btn kern-btn--secondary site-kiosk-button" type="button" data-print hidden>
            <span class="kern-label">{t.t('queue.kiosk.print')}</span>
          </button>
          <a class="kern-btn kern-btn--primary site-kiosk-button" href={`/kiosk/${locationSlug}`}>
            <span class="kern-label">{t.t('queue.kiosk.done')}</span>
          </a>
        </div>
      </div>
    </BareLayout>
  );
}
