import type { Tx } from '../../platform/database/index.js';
import { translator } from '../../platform/i18n/translator.js';
import { enqueueMail } from '../../platform/mail/outbox.js';
import { appointmentView } from '../appointment-view.js';
import { formatSlot } from '../slot-format.js';

/**
 * Reminds people two days before their appointment, once (queued with the mark that it was sent).
 * Appointments booked less than two days ahead get no reminder: the confirmation is recent enough.
 */
export async function sendDueReminders(tx: Tx, authorityId: string): Promise<number> {
  const { rows } = await tx.query<{ id: string; locale: 'de' }>(
    `UPDATE appointments SET reminder_sent_at = now()
      WHERE status = 'booked' AND reminder_sent_at IS NULL AND email IS NOT NULL
        AND starts_at > now() AND starts_at <= now() + interval '48 hours' AND confirmed_at < starts_at - interval '48 hours'
      RETURNING id, locale`,
  );
  for (const row of rows) {
    const view = (await appointmentView(tx, { id: row.id }, row.locale))!;
    const t = translator(row.locale);
    const { date, time } = formatSlot(row.locale, view.startsAt);
    await enqueueMail(tx, authorityId, {
      to: view.email!,
      subject: t.t('mail.reminder.subject', { date, time }),
      text: t.t('mail.reminder.text', {
        service: view.service.name,
        date,
        time,
        place: `${view.location.name}, ${view.location.street}, ${view.location.postalCode} ${view.location.city}`,
        reference: view.reference,
        documents: view.service.documents.map((d) => `- ${d}`).join('\n'),
      }),
    });
  }
  return rows.length;
}

/** Holds and codes that ran out anywhere give their time back (the booking path also does this locally). */
export async function releaseAllLapsed(tx: Tx): Promise<number> {
  const { rowCount } = await tx.query(
    `UPDATE appointments SET occupies = false, status = CASE WHEN status IN ('held', 'unconfirmed') THEN 'expired' ELSE status END
      WHERE occupies AND releases_at <= now() AND status <> 'offered'`,
  );
  return rowCount ?? 0;
}
