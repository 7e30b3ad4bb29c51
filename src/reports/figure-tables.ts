/**
 * The figures as tables: one description used for the page (table and chart), the CSV and the PDF,
 * so all three always show the same numbers. Pure: figures, names and the translator in, tables out.
 */
import type { StaffMessageKey } from '../platform/i18n/catalogues.js';
import type { StaffTranslator } from '../platform/i18n/staff-translator.js';
import { AGE_BUCKETS } from './figures.js';
import type { AppointmentFigures } from './read-appointment-figures.js';
import type { ProcessingFigures } from './read-processing-figures.js';
import type { WaitingFigures } from './read-waiting-figures.js';

export type Cell = string | number | null;

export interface FigureTable {
  /** Stable name: the CSV's file name and its URL. */
  readonly id: string;
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
  /** Which column the chart beside the table draws (labels from column 0); none for wide tables. */
  readonly chartColumn?: number;
  /** The columns joined into a bar's label (default: the first). */
  readonly labelColumns?: readonly number[];
}

export const REPORT_PAGES = ['waiting', 'appointments', 'processing'] as const;
export type ReportPageId = (typeof REPORT_PAGES)[number];

export interface Names {
  readonly services: ReadonlyMap<string, string>;
  readonly locations: ReadonlyMap<string, string>;
}

const DAY_MS = 86_400_000;
const percent = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 10);
const name = (map: ReadonlyMap<string, string>, id: string) => map.get(id) ?? id;

function columns(t: StaffTranslator, keys: readonly StaffMessageKey[]): string[] {
  return keys.map((key) => t.t(key));
}

export function waitingTables(figures: WaitingFigures, names: Names, t: StaffTranslator): FigureTable[] {
  return [
    {
      id: 'waiting-locations',
      title: t.t('reports.waiting.byLocation'),
      columns: columns(t, [
        'reports.col.location',
        'reports.col.calledTickets',
        'reports.col.p50Minutes',
        'reports.col.p90Minutes',
      ]),
      rows: figures.byLocation.map((c) => [name(names.locations, c.locationId), c.tickets, c.p50, c.p90]),
      chartColumn: 3,
    },
    {
      id: 'tickets-per-hour',
      title: t.t('reports.waiting.perHour'),
      columns: columns(t, ['reports.col.hour', 'reports.col.tickets', 'reports.col.ticketsPerDay']),
      rows: figures.perHour.map((h) => [hourLabel(h.hour), h.tickets, Math.round(h.perDay * 10) / 10]),
      chartColumn: 2,
    },
    {
      id: 'waiting-hours',
      title: t.t('reports.waiting.byHour'),
      columns: columns(t, [
        'reports.col.location',
        'reports.col.weekday',
        'reports.col.hour',
        'reports.col.calledTickets',
        'reports.col.p50Minutes',
        'reports.col.p90Minutes',
      ]),
      rows: figures.cells.map((c) => [
        name(names.locations, c.locationId),
        t.weekday(c.weekday ?? 1),
        hourLabel(c.hour ?? 0),
        c.tickets,
        c.p50,
        c.p90,
      ]),
    },
  ];
}

export function appointmentTables(
  figures: AppointmentFigures,
  names: Names,
  t: StaffTranslator,
  now: number,
): FigureTable[] {
  return [
    {
      id: 'appointments-services',
      title: t.t('reports.appointments.byService'),
      columns: columns(t, [
        'reports.col.service',
        'reports.col.booked',
        'reports.col.served',
        'reports.col.noShow',
        'reports.col.cancelled',
        'reports.col.noShowRate',
        'reports.col.cancellationRate',
      ]),
      rows: figures.byService
        .map((r) => [
          name(names.services, r.serviceId),
          r.booked,
          r.served,
          r.noShow,
          r.cancelled,
          percent(r.noShowRate),
          percent(r.cancellationRate),
        ])
        .sort(byLabel),
      chartColumn: 5,
    },
    {
      id: 'lead-times',
      title: t.t('reports.appointments.leadTimes'),
      columns: columns(t, [
        'reports.col.service',
        'reports.col.location',
        'reports.col.nextFree',
        'reports.col.leadDays',
        'reports.col.freeSlots',
        'reports.col.bookedComing',
      ]),
      rows: figures.capacity
        .map((c) => [
          name(names.services, c.serviceId),
          name(names.locations, c.locationId),
          c.nextFreeAt ? t.dateTime(c.nextFreeAt) : t.t('reports.none'),
          c.nextFreeAt ? Math.max(0, Math.round(((c.nextFreeAt.getTime() - now) / DAY_MS) * 10) / 10) : null,
          c.freeSlots,
          c.booked,
        ])
        .sort(byLabel),
      chartColumn: 3,
      labelColumns: [0, 1],
    },
  ];
}

export function processingTables(figures: ProcessingFigures, names: Names, t: StaffTranslator): FigureTable[] {
  return [
    {
      id: 'processing-services',
      title: t.t('reports.processing.byService'),
      columns: columns(t, [
        'reports.col.service',
        'reports.col.decided',
        'reports.col.medianDays',
        'reports.col.p80Days',
      ]),
      rows: figures.byService
        .map((r) => [name(names.services, r.serviceId), r.cases, r.medianDays, r.p80Days])
        .sort(byLabel),
      chartColumn: 2,
    },
    {
      id: 'backlog',
      title: t.t('reports.processing.backlog'),
      columns: [
        t.t('reports.col.state'),
        ...AGE_BUCKETS.map((bucket) =>
          bucket === '181+'
            ? t.t('reports.col.ageOver')
            : t.t('reports.col.ageBucket', { bucket: bucket.replace('-', '–') }),
        ),
        t.t('reports.col.total'),
      ],
      rows: figures.backlog.map((r) => [
        t.t(`reports.state.${r.state}` as StaffMessageKey),
        ...AGE_BUCKETS.map((bucket) => r.buckets[bucket]),
        r.total,
      ]),
      chartColumn: 5,
    },
    {
      id: 'open-work',
      title: t.t('reports.processing.openWork'),
      columns: columns(t, ['reports.col.figure', 'reports.col.count']),
      rows: [
        [t.t('reports.openRequests'), figures.openRequests],
        [t.t('reports.overdueRequests'), figures.overdueRequests],
        [t.t('reports.heard'), figures.heard],
      ],
      chartColumn: 1,
    },
  ];
}

function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

function byLabel(a: readonly Cell[], b: readonly Cell[]): number {
  return String(a[0]).localeCompare(String(b[0]));
}
