import type pg from 'pg';
import { erasePastAppointments } from '../appointments/erase-past-appointments.js';
import { erasePastDrawRegistrations } from '../appointments/draws/erase-past-draw-registrations.js';
import { purgeCaseFiles } from '../cases/documents/purge-case-files.js';
import { purgeEndedStatusSignIns } from '../cases/status/purge-ended-status-sign-ins.js';
import { purgeExpiredDrafts } from '../cases/apply/purge-expired-drafts.js';
import { recordAudit } from '../audit/record-audit.js';
import { listAuthorities } from '../authorities/find-authority.js';
import { casesClosedBefore, purgeClosedCases } from '../cases/purge-closed-cases.js';
import { purgeEndedAccess } from '../identity/purge-ended-access.js';
import type { RetentionDays } from '../platform/config.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import { purgeSentMail } from '../platform/mail/purge-sent-mail.js';
import { erasePastTickets } from '../queue/erase-past-tickets.js';
import { purgeExpiredPermits } from '../renewals/purge-expired-permits.js';
import { retentionCutoffs, type Cutoffs } from './cutoffs.js';

export const RETENTION_JOB = 'retention-sweep';
const SYSTEM = { kind: 'system', process: 'retention' } as const;

export interface RetentionDeps {
  readonly pool: pg.Pool;
  readonly periods: RetentionDays;
}

/** How many rows one sweep deleted or erased in one authority: what its audit entry records. */
export interface SweepCounts {
  readonly drafts: number;
  readonly draftFiles: number;
  readonly caseDocuments: number;
  readonly cases: number;
  readonly appointments: number;
  readonly drawRegistrations: number;
  readonly queueTickets: number;
  readonly permits: number;
  readonly staffSessions: number;
  readonly staffLinks: number;
  readonly statusCodes: number;
  readonly statusSessions: number;
  readonly mailBodies: number;
  readonly mails: number;
}

/**
 * One authority's sweep, in one transaction: each capability deletes or erases its own expired
 * data through its own function, and one audit entry records the counts and periods (never the
 * data). A failure leaves the authority as it was, to be swept the next night.
 */
export async function sweepAuthority(
  { cutoffs, periods }: { cutoffs: Cutoffs; periods: RetentionDays },
  ctx: Context,
): Promise<SweepCounts> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    // Whole cases first: their documents then need no second look.
    const cases = await purgeClosedCases(tx, cutoffs.casesClosedBefore);
    const caseDocuments = await purgeCaseFiles(tx, await casesClosedBefore(tx, cutoffs.caseDocumentsClosedBefore));
    const { drafts, files: draftFiles } = await purgeExpiredDrafts(tx, cutoffs.now);
    const appointments = await erasePastAppointments(tx, cutoffs.appointmentsBefore, cutoffs.now);
    const drawRegistrations = await erasePastDrawRegistrations(tx, cutoffs.drawRoundsBefore, cutoffs.now);
    const queueTickets = await erasePastTickets(tx, cutoffs.queueDaysBefore, cutoffs.now);
    const permits = await purgeExpiredPermits(tx, cutoffs.permitsExpiredBefore);
    const { sessions: staffSessions, links: staffLinks } = await purgeEndedAccess(tx, cutoffs.now);
    const { codes: statusCodes, sessions: statusSessions } = await purgeEndedStatusSignIns(tx, cutoffs.now);
    const { bodies: mailBodies, mails } = await purgeSentMail(tx, {
      bodiesSentBefore: cutoffs.mailBodiesSentBefore,
      rowsBefore: cutoffs.mailsBefore,
    });
    const counts: SweepCounts = {
      drafts,
      draftFiles,
      caseDocuments,
      cases,
      appointments,
      drawRegistrations,
      queueTickets,
      permits,
      staffSessions,
      staffLinks,
      statusCodes,
      statusSessions,
      mailBodies,
      mails,
    };
    // Written even when nothing was due: the trail then shows that the sweep ran.
    await recordAudit(tx, ctx.authorityId, ctx.actor, { action: 'retention.swept', details: { ...counts, periods } });
    return counts;
  });
}

/**
 * The nightly sweep over every authority. One failing authority does not stop the others; the
 * first failure is reported to the job runner after all were tried.
 */
export async function sweepExpiredData(deps: RetentionDeps, now = Date.now()): Promise<Map<string, SweepCounts>> {
  const cutoffs = retentionCutoffs(deps.periods, now);
  const swept = new Map<string, SweepCounts>();
  let failure: unknown = null;
  for (const authority of await listAuthorities(deps.pool)) {
    try {
      swept.set(
        authority.id,
        await sweepAuthority(
          { cutoffs, periods: deps.periods },
          { pool: deps.pool, authorityId: authority.id, actor: SYSTEM },
        ),
      );
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure) throw failure;
  return swept;
}
