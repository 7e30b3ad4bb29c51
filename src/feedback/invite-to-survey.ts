import { decidedCasesSince } from '../cases/decided-cases.js';
import { servedAppointmentsSince } from '../appointments/served-appointments.js';
import { listAuthorities } from '../authorities/find-authority.js';
import { type Tx, withTenant } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';
import { translator } from '../platform/i18n/translator.js';
import { enqueueMail } from '../platform/mail/outbox.js';
import { servedTicketsSince } from '../queue/served-tickets.js';
import type { FeedbackDeps } from './feedback-deps.js';
import { type SurveySource, surveyLink, surveyToken, surveyTokenHash } from './survey-token.js';

export const INVITE_JOB = 'feedback-invitations';

/** A served or decided event, as the survey sees it. */
interface SurveyEvent {
  readonly source: SurveySource;
  readonly id: string;
  readonly serviceId: string;
  readonly locationId: string | null;
  readonly channel: 'appointment' | 'walk_in' | 'online';
  readonly locale: Locale;
  readonly email: string | null;
  readonly at: Date;
}

const BATCH = 500;
/** On the first run the job looks this far back, not through the whole history. */
const FIRST_LOOK_BACK_MS = 2 * 24 * 3600_000;
/** Events of transactions that committed late carry an earlier time: read a little behind the latest. */
const OVERLAP_MS = 10 * 60_000;

type Reader = (tx: Tx, since: Date, limit: number) => Promise<SurveyEvent[]>;

const READERS: Record<SurveySource, Reader> = {
  appointment: async (tx, since, limit) =>
    (await servedAppointmentsSince(tx, since, limit)).map((a) => ({
      source: 'appointment',
      id: a.id,
      serviceId: a.serviceId,
      locationId: a.locationId,
      channel: 'appointment',
      locale: a.locale,
      email: a.email,
      at: a.servedAt,
    })),
  // A walk-in has no e-mail: the ticket's phone page shows the link (queue, through the root's hook).
  ticket: async (tx, since, limit) =>
    (await servedTicketsSince(tx, since, limit)).map((t) => ({
      source: 'ticket',
      id: t.id,
      serviceId: t.serviceId,
      locationId: t.locationId,
      channel: 'walk_in',
      locale: t.locale,
      email: null,
      at: t.servedAt,
    })),
  case: async (tx, since, limit) =>
    (await decidedCasesSince(tx, since, limit)).map((c) => ({
      source: 'case',
      id: c.id,
      serviceId: c.serviceId,
      locationId: null,
      channel: 'online',
      locale: c.locale,
      email: c.email,
      at: c.decidedAt,
    })),
};

/**
 * The invitation job: for every authority and kind of event, what was served or decided since the
 * latest event it has invited for gets one invitation (the unique source key makes a second run a
 * no-op) and, where there is an address, one mail queued in the same transaction.
 */
export async function inviteToSurvey(deps: FeedbackDeps, now = Date.now()): Promise<number> {
  let invited = 0;
  for (const authority of await listAuthorities(deps.pool)) {
    for (const source of Object.keys(READERS) as SurveySource[]) {
      invited += await withTenant(deps.pool, authority.id, (tx) =>
        inviteBatch(tx, deps, { authorityId: authority.id, authorityName: authority.name, source, now }),
      );
    }
  }
  return invited;
}

async function inviteBatch(
  tx: Tx,
  deps: FeedbackDeps,
  job: { authorityId: string; authorityName: string; source: SurveySource; now: number },
): Promise<number> {
  const {
    rows: [latest],
  } = await tx.query<{ at: Date | null }>('SELECT max(event_at) AS at FROM survey_invitations WHERE source_kind = $1', [
    job.source,
  ]);
  const since = latest?.at ? new Date(latest.at.getTime() - OVERLAP_MS) : new Date(job.now - FIRST_LOOK_BACK_MS);
  let count = 0;
  for (const event of await READERS[job.source](tx, since, BATCH)) {
    const token = surveyToken(deps.surveyKey, event.source, event.id);
    const { rowCount } = await tx.query(
      `INSERT INTO survey_invitations (authority_id, source_kind, source_id, token_hash, service_id, location_id, channel, locale, event_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (authority_id, source_kind, source_id) DO NOTHING`,
      [
        job.authorityId,
        event.source,
        event.id,
        surveyTokenHash(token),
        event.serviceId,
        event.locationId,
        event.channel,
        event.locale,
        event.at,
      ],
    );
    if (rowCount !== 1) continue;
    count += 1;
    if (event.email) await mailInvitation(tx, deps, job, event, token);
  }
  return count;
}

async function mailInvitation(
  tx: Tx,
  deps: FeedbackDeps,
  job: { authorityId: string; authorityName: string },
  event: SurveyEvent,
  token: string,
): Promise<void> {
  const t = translator(event.locale);
  await enqueueMail(tx, job.authorityId, {
    to: event.email!,
    subject: t.t('feedback.mail.subject', { authority: job.authorityName }),
    text: t.t('feedback.mail.text', {
      link: surveyLink(deps.links.base, event.locale, token),
      authority: job.authorityName,
    }),
  });
}
