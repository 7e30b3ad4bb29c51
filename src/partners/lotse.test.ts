import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/helpers/app.js';
import { applyOnline } from '../../test/helpers/applications.js';
import { Client, csrfIn } from '../../test/helpers/client.js';
import { startMailbox, type Mailbox } from '../../test/helpers/mailbox.js';
import { CATALOGUES } from '../platform/i18n/catalogues.js';
import { LOCALES, type Locale } from '../platform/i18n/locales.js';
import { languageName } from './views/PartnerViews.js';

let app: TestApp;
let mailbox: Mailbox;
before(async () => {
  mailbox = await startMailbox();
  app = await startTestApp({ SMTP_URL: mailbox.url, LOG_LEVEL: process.env.TEST_LOG ?? 'silent' });
});
after(async () => {
  await app?.close();
  await mailbox?.close();
});

async function html(path: string, status = 200): Promise<string> {
  const response = await fetch(app.base + path);
  const text = await response.text();
  assert.equal(response.status, status, `${path}: ${text.slice(0, 200)}`);
  return text;
}

/** The escaped form of a message as it appears in a page (apostrophes and quotes escaped by the renderer). */
const shown = (locale: Locale, key: string) =>
  CATALOGUES[locale][key]!.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
const section = (page: string, marker: string) => {
  const start = page.indexOf(marker);
  assert.ok(start >= 0, `${marker} on the page`);
  return page.slice(start, page.indexOf('</section>', start));
};

describe('the office as guide (Lotse), public', () => {
  test('service pages in all seven languages show the partners that help, grouped by when', async () => {
    for (const locale of LOCALES) {
      const page = await html(`/${locale}/services/fast-track-skilled-workers`);
      const related = section(page, 'data-partners="related"');
      assert.ok(related.includes(shown(locale, 'partners.related.title')), `${locale}: the section's title`);
      const before = related.slice(related.indexOf('data-timing="before"'));
      assert.ok(before.includes(shown(locale, 'partners.timing.before')), `${locale}: "before you apply"`);
      // Recognition counselling comes before the application, linked to its entry on the help page.
      assert.ok(before.includes(`href="/${locale}/help#partner-iq-anerkennung"`), `${locale}: IQ linked`);
      assert.ok(before.includes(`href="/${locale}/help#partner-hwk-musterstadt"`), `${locale}: HWK linked`);
      // German proper names are marked as German outside German pages; the address is isolated.
      const name =
        locale === 'de'
          ? 'IQ Anerkennungsberatung Musterstadt'
          : '<span lang="de">IQ Anerkennungsberatung Musterstadt</span>';
      assert.ok(before.includes(name), `${locale}: the name as a German proper name`);
      assert.ok(
        before.includes('<bdi lang="de">Am Wall 9, 31134 Musterstadt</bdi>'),
        `${locale}: the address in <bdi>`,
      );
    }
    // A service no partner is linked to has no such section.
    assert.ok(!(await html('/de/services/passport-transfer')).includes('data-partners="related"'));
  });

  test('the help page in every language lists the partners by need, with address, hours, languages, contact', async () => {
    const { rows } = await app.db.owner.query<{ slug: string }>('SELECT slug FROM partner_organisations WHERE active');
    assert.ok(rows.length >= 10, 'the demo office has its directory');
    for (const locale of LOCALES) {
      const page = await html(`/${locale}/help`);
      assert.ok(page.includes(shown(locale, 'partners.help.title')), `${locale}: title`);
      for (const { slug } of rows) assert.ok(page.includes(`id="partner-${slug}"`), `${locale}: ${slug}`);
      for (const kind of ['jobcenter', 'migration_counselling', 'recognition_counselling', 'language_courses'])
        assert.ok(page.includes(`href="#need-${kind}"`) && page.includes(shown(locale, `partners.kind.${kind}`)));
      const jobcenter = page.slice(page.indexOf('id="partner-jobcenter-musterstadt"'));
      // The languages spoken there, named in the reader's language.
      assert.ok(jobcenter.includes(languageName(locale, 'ar')), `${locale}: Arabic named`);
      assert.ok(jobcenter.includes('<bdi dir="ltr">+49 5121 204-0</bdi>'), `${locale}: phone in <bdi>`);
      assert.ok(jobcenter.includes('href="tel:+495121204'), `${locale}: phone dialable`);
      assert.ok(jobcenter.includes(shown(locale, 'partners.hours')));
      if (locale === 'ar' || locale === 'fa') assert.match(page, new RegExp(`<html lang="${locale}" dir="rtl">`));
    }
    // In German the names are not wrapped; in Arabic, Arabic is "العربية".
    assert.equal(languageName('ar', 'ar'), 'العربية');
    assert.equal(languageName('de', 'fa'), 'Persisch');
  });

  test('the start page and every footer link to the help page', async () => {
    const start = await html('/tr/');
    assert.ok(start.includes('href="/tr/help"'));
    assert.ok(start.includes(shown('tr', 'partners.start.title')));
    const footer = (await html('/fa/services')).split('<footer')[1]!;
    assert.ok(footer.includes('href="/fa/help"') && footer.includes(shown('fa', 'partners.nav')));
  });

  test("the guide's results and the pathway check link the partners that help", async () => {
    const guide = await html('/en/guide?situation=permit&goal=extend&expiry=soon');
    const links = guide.slice(guide.indexOf('aria-labelledby="result"'), guide.indexOf('</main>'));
    assert.match(links, /data-partners="listed"/);
    assert.ok(links.includes('href="/en/help#partner-mbe-caritas"'), 'migration counselling for the extension');
    assert.ok(links.includes('href="/en/help#partner-jobcenter-musterstadt"'));
    // The emergency (the permit has run out): the counselling services beside the note.
    const expired = await html('/ar/guide?situation=permit&goal=extend&expiry=expired');
    const note = expired.slice(expired.indexOf(shown('ar', 'guide.note.expired')));
    assert.ok(note.indexOf(shown('ar', 'partners.emergency.help')) > 0);
    assert.ok(note.includes('href="/ar/help#partner-fluechtlingsberatung"'));
  });

  test('the status page of a refused case links the counselling services', async () => {
    const person = {
      firstName: 'Olena',
      lastName: 'Koval',
      birthDate: '1990-05-06',
      email: 'olena@example.org',
      locale: 'ru',
    };
    const { statusPath, caseId } = await applyOnline(app, mailbox, person);
    const reader = new Client(app.base);
    const read = async () => {
      const gate = await reader.get(statusPath.replace('/de/', '/ru/'));
      return (
        await reader.post(statusPath.replace('/de/', '/ru/'), { _csrf: csrfIn(gate.html), birthDate: person.birthDate })
      ).html;
    };
    assert.ok(!(await read()).includes('id="refusal-help"'), 'nothing while the case is open');
    // The decision itself is case work (cases/work); here only its outcome matters.
    await app.db.owner.query("UPDATE cases SET state = 'refused' WHERE id = $1", [caseId]);
    const refused = section(await read(), 'id="refusal-help"');
    assert.ok(refused.includes(shown('ru', 'partners.refusal.title')));
    assert.ok(refused.includes('href="/ru/help#partner-mbe-caritas"'));
    assert.ok(refused.includes('href="/ru/help#partner-fluechtlingsberatung"'));
    assert.ok(!refused.includes('partner-jobcenter-musterstadt'), 'only counselling services');
  });
});
