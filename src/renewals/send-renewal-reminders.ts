import { officeToday } from '../platform/clock/office-time.js';
import { listAuthorities } from '../authorities/find-authority.js';
import { recordAudit } from '../audit/record-audit.js';
import { withTenant } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';
import { translator } from '../platform/i18n/translator.js';
import { enqueueMail } from '../platform/mail/outbox.js';
import type { RenewalDeps } from './renewals-deps.js';
import { weeksBefore } from './update-renewal-settings.js';

export const REMINDER_JOB = 'renewals-reminders';
const SYSTEM = { kind: 'system', process: 'renewal-reminders' } as const;

const formats = new Map<Locale, Intl.DateTimeFormat>();

/** A permit's expiry day as the reader writes dates, always in the Gregorian calendar (as on the card). */
export function formatExpiry(locale: Locale, day: string): string {
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      calendar: 'gregory',
      timeZone: 'UTC',
    });
    formats.set(locale, format);
  }
  return format.format(new Date(`${day}T12:00:00Z`));
}

/**
 * The daily reminder: each holder whose permit expires within the authority's window (weeks before
 * expiry) and who has not been written to gets one e-mail in their language with the link to apply
 * online. Each mail is queued in the transaction that marks it sent, one permit at a time: a permit
 * that fails is left for the next day and does not stop the others; the outbox does the sending. A permit whose holder
 * already has a later one in the register (renewed early) is passed over.
 */
export async function sendRenewalReminders(deps: RenewalDeps, now = Date.now()): Promise<number> {
  const today = officeToday(now);
  let total = 0;
  let failure: unknown = null;
  for (const authority of await listAuthorities(deps.pool)) {
    const due = await withTenant(deps.pool, authority.id, async (tx) => {
      const weeks = await weeksBefore(tx);
      const { rows } = await tx.query<{ id: string }>(
        `SELECT p.id FROM issued_permits p
          WHERE p.notified_at IS NULL AND p.expires_on >= $1::date AND p.expires_on <= $1::date + $2::int * 7
            AND NOT EXISTS (SELECT 1 FROM issued_permits later
                             WHERE lower(later.email) = lower(p.email) AND lower(later.last_name) = lower(p.last_name)
                               AND lower(later.first_name) = lower(p.first_name) AND later.birth_date IS NOT DISTINCT FROM p.birth_date
                               AND later.expires_on > p.expires_on)
          ORDER BY p.expires_on, p.id`,
        [today, weeks],
      );
      return rows.map((r) => r.id);
    });
    let sent = 0;
    for (const id of due) {
      try {
        sent += await withTenant(deps.pool, authority.id, async (tx) => {
          const {
            rows: [permit],
          } = await tx.query<{
            first_name: string;
            last_name: string;
            email: string;
            locale: Locale;
            expires_on: string;
            renewal_service_slug: string;
          }>(
            `UPDATE issued_permits SET notified_at = now() WHERE id = $1 AND notified_at IS NULL
             RETURNING first_name, last_name, email, locale, expires_on::text, renewal_service_slug`,
            [id],
          );
          if (!permit) return 0;
          const t = translator(permit.locale);
          const date = formatExpiry(permit.locale, permit.expires_on);
          await enqueueMail(tx, authority.id, {
            to: permit.email,
            subject: t.t('mail.renewal.subject', { date }),
            text: t.t('mail.renewal.text', {
              name: `${permit.first_name} ${permit.last_name}`.trim(),
              date,
              authority: authority.name,
              link: `${deps.links.base}/${permit.locale}/apply/${permit.renewal_service_slug}`,
            }),
          });
          return 1;
        });
      } catch (error) {
        failure ??= error;
      }
    }
    if (sent > 0) {
      await withTenant(deps.pool, authority.id, (tx) =>
        recordAudit(tx, authority.id, SYSTEM, { action: 'renewals.reminders_sent', details: { count: sent } }),
      );
    }
    total += sent;
  }
  // Reported to the job runner; what was sent stays sent, the rest is tried again tomorrow.
  if (failure) throw failure;
  return total;
}
