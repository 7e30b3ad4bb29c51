import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import { noShowRate, rate } from './figures.js';
import type { ReportFilter } from './report-filter.js';
import { figureCondition, mayView, periodCondition } from './report-scope.js';

export interface AppointmentRow {
  readonly serviceId: string;
  readonly booked: number;
  readonly served: number;
  readonly noShow: number;
  readonly cancelled: number;
  readonly noShowRate: number | null;
  /** Cancelled ÷ (confirmed + cancelled). */
  readonly cancellationRate: number | null;
}

export interface CapacityRow {
  readonly serviceId: string;
  readonly locationId: string;
  readonly nextFreeAt: Date | null;
  readonly freeSlots: number;
  readonly booked: number;
}

export interface AppointmentFigures {
  readonly byService: AppointmentRow[];
  readonly capacity: CapacityRow[];
  /** When the capacity was last computed (null: not yet). */
  readonly capacityAt: Date | null;
}

/** Booked, served, missed and cancelled appointments per service; next free time and capacity. Null: not allowed. */
export async function readAppointmentFigures(
  { filter }: { filter: ReportFilter },
  ctx: Context,
): Promise<AppointmentFigures | null> {
  const actor = ctx.actor;
  if (!mayView(actor, filter)) return null;
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const columns = { location: 'location_id', service: 'service_id' };
    const params: unknown[] = [];
    const where = `${periodCondition(filter, params)} AND ${figureCondition(actor, filter, columns, params)}`;
    const { rows } = await tx.query<{
      service_id: string;
      booked: number;
      served: number;
      no_show: number;
      cancelled: number;
    }>(
      `SELECT service_id, sum(booked)::int AS booked, sum(served)::int AS served, sum(no_show)::int AS no_show,
              sum(cancelled)::int AS cancelled
         FROM report_appointments WHERE ${where} GROUP BY 1`,
      params,
    );
    const capParams: unknown[] = [];
    const { rows: capacity } = await tx.query<{
      service_id: string;
      location_id: string;
      next_free_at: Date | null;
      free_slots: number;
      booked: number;
    }>(
      `SELECT service_id, location_id, next_free_at, free_slots, booked FROM report_lead_times
        WHERE ${figureCondition(actor, filter, columns, capParams)} ORDER BY service_id, location_id`,
      capParams,
    );
    const { rows: runs } = await tx.query<{ lead_times_at: Date | null }>('SELECT lead_times_at FROM report_runs');
    return {
      byService: rows.map((r) => ({
        serviceId: r.service_id,
        booked: r.booked,
        served: r.served,
        noShow: r.no_show,
        cancelled: r.cancelled,
        noShowRate: noShowRate(r.served, r.no_show),
        cancellationRate: rate(r.cancelled, r.booked + r.cancelled),
      })),
      capacity: capacity.map((c) => ({
        serviceId: c.service_id,
        locationId: c.location_id,
        nextFreeAt: c.next_free_at,
        freeSlots: c.free_slots,
        booked: c.booked,
      })),
      capacityAt: runs[0]?.lead_times_at ?? null,
    };
  });
}
