import type { Tx } from '../../platform/database/index.js';
import { translator } from '../../platform/i18n/translator.js';
import { enqueueMail } from '../../platform/mail/outbox.js';
import type { Locale } from '../../platform/i18n/locales.js';
import type { AppointmentDeps } from '../appointments-deps.js';
import type { AppointmentView } from '../appointment-view.js';
import { OFFICE_TIME_ZONE } from '../../platform/clock/office-time.js';
import type { AppointmentDocumentData } from './confirmation-documents.js';
import { formatSlot } from '../slot-format.js';

export function manageLink(deps: AppointmentDeps, locale: Locale, manageToken: string): string {
  return `${deps.links.base}/${locale}/appointments/manage/${manageToken}`;
}

/** Where the QR code of the confirmation leads: the check-in of the office (staff, kiosk). */
export function checkInLink(deps: AppointmentDeps, checkInCode: string): string {
  return `${deps.links.base}/staff/check-in/${checkInCode}`;
}

function documentData(
  deps: AppointmentDeps,
  view: AppointmentView,
  locale: Locale,
  authorityName: string,
  manageToken: string,
): AppointmentDocumentData {
  const t = translator(locale);
  const { date, time } = formatSlot(locale, view.startsAt);
  const address = `${view.location.street}, ${view.location.postalCode} ${view.location.city}`;
  return {
    locale,
    uid: view.id,
    reference: view.reference,
    authorityName,
    serviceName: view.service.name,
    locationName: view.location.name,
    address,
    startsAt: view.startsAt,
    endsAt: view.endsAt,
    timeZone: OFFICE_TIME_ZONE,
    personName: `${view.firstName ?? ''} ${view.lastName ?? ''}`.trim(),
    documents: view.service.documents,
    checkInCode: view.checkInCode ?? '',
    checkInUrl: checkInLink(deps, view.checkInCode ?? ''),
    manageUrl: manageLink(deps, locale, manageToken),
    labels: {
      title: t.t('appointment.pdf.title'),
      date: t.t('appointment.field.date'),
      time: t.t('appointment.field.time'),
      place: t.t('appointment.field.place'),
      service: t.t('appointment.field.service'),
      person: t.t('appointment.field.person'),
      reference: t.t('appointment.field.reference'),
      bring: t.t('appointment.bring'),
      checkIn: t.t('appointment.pdf.checkIn'),
      manage: t.t('appointment.pdf.manage'),
      calendarSummary: t.t('appointment.calendarSummary', { service: view.service.name, authority: authorityName }),
      formattedDate: date,
      formattedTime: time,
    },
  };
}

/** The outbox's name for the confirmation PDF's renderer (registered at the composition root). */
export const CONFIRMATION_PDF = 'appointment-confirmation-pdf';

type StoredDocumentData = Omit<AppointmentDocumentData, 'startsAt' | 'endsAt'> & { startsAt: string; endsAt: string };

/**
 * Renders the confirmation PDF from the document data queued with the mail (as JSON), when the
 * outbox sends it: a PDF takes hundreds of milliseconds, which the booking's transaction (its row
 * lock, its connection) no longer waits for.
 */
export async function renderConfirmationPdf(recipe: unknown): Promise<Uint8Array> {
  const data = recipe as StoredDocumentData;
  const { appointmentPdf } = await import('./confirmation-documents.js');
  return appointmentPdf({ ...data, startsAt: new Date(data.startsAt), endsAt: new Date(data.endsAt) });
}

/** The confirmation (queued in the caller's transaction): date, place, documents to bring, a calendar file and a PDF with the check-in QR code. */
export async function sendConfirmation(
  tx: Tx,
  authorityId: string,
  deps: AppointmentDeps,
  view: AppointmentView,
  authorityName: string,
  manageToken: string,
  kind: 'booked' | 'moved' = 'booked',
): Promise<void> {
  if (!view.email) return;
  const locale = view.locale ?? 'de';
  const t = translator(locale);
  const data = documentData(deps, view, locale, authorityName, manageToken);
  // Loaded on the first confirmation: PDF, shaping and font code need memory no page view does.
  const { appointmentIcs } = await import('./confirmation-documents.js');
  const documents = view.service.documents.map((d) => `- ${d}`).join('\n');
  await enqueueMail(tx, authorityId, {
    to: view.email,
    subject: t.t(kind === 'moved' ? 'mail.moved.subject' : 'mail.confirmed.subject', {
      date: data.labels.formattedDate,
      time: data.labels.formattedTime,
    }),
    text: t.t('mail.confirmed.text', {
      name: data.personName,
      service: view.service.name,
      date: data.labels.formattedDate,
      time: data.labels.formattedTime,
      place: `${view.location.name}, ${data.address}`,
      reference: view.reference,
      checkInCode: data.checkInCode,
      documents,
      link: data.manageUrl,
      authority: authorityName,
    }),
    attachments: [
      {
        filename: 'termin.ics',
        content: Buffer.from(appointmentIcs(data), 'utf8'),
        contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
      },
      // Rendered by the outbox worker after the commit, not in the caller's transaction (see below).
      {
        filename: `termin-${view.reference}.pdf`,
        contentType: 'application/pdf',
        render: { renderer: CONFIRMATION_PDF, recipe: data },
      },
    ],
  });
}
