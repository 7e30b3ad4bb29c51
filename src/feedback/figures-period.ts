/**
 * The figures' period: whole months (answers carry only their month), `YYYY-MM` from and to,
 * both included. Empty or unreadable: the last twelve months up to `today`'s. Pure.
 */
export interface Period {
  /** First day of the first month (YYYY-MM-01). */
  readonly from: string;
  /** First day of the last month (YYYY-MM-01). */
  readonly to: string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function parsePeriod(from: string | undefined, to: string | undefined, today: string): Period {
  const last = MONTH.test(to ?? '') ? to! : today.slice(0, 7);
  const first = MONTH.test(from ?? '') ? from! : shiftMonth(last, -11);
  return first <= last ? { from: `${first}-01`, to: `${last}-01` } : { from: `${last}-01`, to: `${first}-01` };
}

export function shiftMonth(month: string, by: number): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (number - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
