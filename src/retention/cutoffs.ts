import { OFFICE_TIME_ZONE, officeToday } from '../platform/clock/office-time.js';
import { addDays, instantOf, type Day } from '../platform/clock/office-time.js';
import type { RetentionDays } from '../platform/config.js';

/**
 * Where each retention period ends, as of one moment. A period of N days counts whole office days
 * (Europe/Berlin) after the day of the event: data of day D is kept through day D + N and goes in
 * the first sweep after that. No period ever reaches into today, so nothing in use is touched.
 */
export interface Cutoffs {
  readonly now: Date;
  /** Appointments that start before this instant are erased. */
  readonly appointmentsBefore: Date;
  /** Draw rounds whose last slot day and closing day both lie before this day are erased. */
  readonly drawRoundsBefore: Day;
  /** Queue tickets of office days before this day lose their links. */
  readonly queueDaysBefore: Day;
  /** Cases closed before this instant lose their uploaded documents. */
  readonly caseDocumentsClosedBefore: Date;
  /** Cases closed before this instant are deleted. */
  readonly casesClosedBefore: Date;
  /** Register rows of permits that expired before this day are deleted. */
  readonly permitsExpiredBefore: Day;
  /** Mails sent before this instant lose their body and attachments. */
  readonly mailBodiesSentBefore: Date;
  /** Outbox rows of mails sent (or failed mails queued) before this instant are deleted. */
  readonly mailsBefore: Date;
}

export function retentionCutoffs(days: RetentionDays, now: number): Cutoffs {
  const today = officeToday(now);
  const firstKeptDay = (period: number): Day => addDays(today, -period);
  const startOf = (day: Day): Date => new Date(instantOf(day, 0, OFFICE_TIME_ZONE));
  return {
    now: new Date(now),
    appointmentsBefore: startOf(firstKeptDay(days.appointments)),
    drawRoundsBefore: firstKeptDay(days.appointments),
    queueDaysBefore: firstKeptDay(days.queueTickets),
    caseDocumentsClosedBefore: startOf(firstKeptDay(days.caseDocuments)),
    casesClosedBefore: startOf(firstKeptDay(days.cases)),
    permitsExpiredBefore: firstKeptDay(days.permits),
    mailBodiesSentBefore: startOf(firstKeptDay(days.mailBodies)),
    mailsBefore: startOf(firstKeptDay(days.mails)),
  };
}
