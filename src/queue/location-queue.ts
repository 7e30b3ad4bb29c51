import { countersAt, type QueueCounter } from '../appointments/check-in/counters-at.js';
import { walkInServices } from '../catalog/walk-in-services.js';
import type { Scope } from '../platform/access/policies.js';
import { scopeCondition } from '../platform/access/scope-sql.js';
import type { Tx } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';
import type { TicketKind, WaitingTicket } from './call-next.js';
import type { TicketStatus } from './ticket-steps.js';

/** An open ticket of the day, as every view of the queue needs it. */
export interface OpenTicket extends WaitingTicket {
  readonly number: string;
  readonly status: TicketStatus;
  readonly counterId: string | null;
  readonly calledAt: number | null;
  readonly calls: number;
  readonly locale: Locale;
}

/** One location's queue at one moment: what displays, phone pages and "call next" are computed from. */
export interface LocationQueue {
  readonly authorityId: string;
  readonly locationId: string;
  readonly officeDay: string;
  readonly loadedAt: number;
  readonly tickets: readonly OpenTicket[];
  readonly counters: readonly QueueCounter[];
  /** Minutes of the recent visits per matter (newest first), for the waiting estimate. */
  readonly recentMinutes: ReadonlyMap<string, readonly number[]>;
  /** The usual appointment length per matter: the estimate before real times are known. */
  readonly usualMinutes: ReadonlyMap<string, number>;
}

const OPEN_TICKETS = `SELECT id, kind, service_id, locale, arrived_at, seq, due_at, assigned_counter_id, number, status, counter_id, called_at, calls
             FROM queue_tickets
            WHERE location_id = $1 AND office_day = $2 AND status IN ('waiting', 'called', 'serving', 'parked')`;

/** The query for the open tickets: for displays named (planned once per connection), for staff with their reach. */
function openTickets(locationId: string, officeDay: string, scopes: readonly Scope[] | undefined) {
  if (!scopes)
    return { name: 'queue-open-tickets', text: `${OPEN_TICKETS} ORDER BY seq`, values: [locationId, officeDay] };
  const values: unknown[] = [locationId, officeDay];
  const reached = scopeCondition(scopes, { location: 'location_id', service: 'service_id' }, values);
  return { text: `${OPEN_TICKETS} AND ${reached} ORDER BY seq`, values };
}

/** How many recent visits of a matter the estimate looks at, and how far back. */
const RECENT_VISITS = 20;
const RECENT_DAYS = 14;

/**
 * Reads a location's open tickets of the office day, its counters and recent service times (tenant
 * transaction). With `scopes` (a member of staff's, `scopesFor()`), only the tickets they reach.
 */
export async function readLocationQueue(
  tx: Tx,
  {
    authorityId,
    locationId,
    officeDay,
    now,
    scopes,
  }: { authorityId: string; locationId: string; officeDay: string; now: number; scopes?: readonly Scope[] },
): Promise<LocationQueue> {
  const { rows } = await tx.query<{
    id: string;
    kind: TicketKind;
    service_id: string;
    locale: Locale;
    arrived_at: Date;
    seq: number;
    due_at: Date | null;
    assigned_counter_id: string | null;
    number: string;
    status: TicketStatus;
    counter_id: string | null;
    called_at: Date | null;
    calls: number;
  }>(openTickets(locationId, officeDay, scopes));
  const tickets = rows.map(
    (r): OpenTicket => ({
      id: r.id,
      kind: r.kind,
      serviceId: r.service_id,
      language: r.locale,
      locale: r.locale,
      arrivedAt: r.arrived_at.getTime(),
      seq: r.seq,
      dueAt: r.due_at?.getTime() ?? null,
      assignedCounterId: r.assigned_counter_id,
      number: r.number,
      status: r.status,
      counterId: r.counter_id,
      calledAt: r.called_at?.getTime() ?? null,
      calls: r.calls,
    }),
  );
  const { rows: recent } = await tx.query<{ service_id: string; minutes: number[] }>({
    name: 'queue-recent-minutes',
    text: `SELECT service_id, array_agg(minutes ORDER BY ended_at DESC) AS minutes FROM (
             SELECT service_id, ended_at, extract(epoch FROM ended_at - started_at) / 60 AS minutes,
                    row_number() OVER (PARTITION BY service_id ORDER BY ended_at DESC) AS n
               FROM queue_tickets
              WHERE location_id = $1 AND status = 'served' AND started_at IS NOT NULL AND ended_at > $2::timestamptz - make_interval(days => $3)
           ) recent WHERE n <= $4 GROUP BY service_id`,
    values: [locationId, new Date(now), RECENT_DAYS, RECENT_VISITS],
  });
  const services = await walkInServices(tx, 'de', locationId, { all: true });
  return {
    authorityId,
    locationId,
    officeDay,
    loadedAt: now,
    tickets,
    counters: await countersAt(tx, locationId),
    recentMinutes: new Map(recent.map((r) => [r.service_id, r.minutes.map(Number)])),
    usualMinutes: new Map(services.map((s) => [s.id, s.durationMinutes])),
  };
}
