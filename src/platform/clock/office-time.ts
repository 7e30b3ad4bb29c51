/**
 * Wall-clock time at the office. Appointments are planned in the office's local time (opening
 * hours, "Tuesday 9:30") but stored as instants; these helpers convert between the two, across
 * daylight-saving changes, with nothing but Intl.
 */

/** A calendar day as `YYYY-MM-DD`. */
export type Day = string;

/**
 * The office's time zone. Every German authority keeps German time, so it is one constant here and
 * in SQL (passed as a parameter or interpolated from this constant), not a column per authority.
 */
export const OFFICE_TIME_ZONE = 'Europe/Berlin';

/** Today at the office, as a day. */
export function officeToday(now: number): Day {
  return localParts(now, OFFICE_TIME_ZONE).day;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The local calendar fields of an instant in a time zone. */
export function localParts(instant: number, timeZone: string): { day: Day; minutes: number; weekday: number } {
  const parts: Record<string, string> = {};
  for (const part of partsFormatter(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  return { day, minutes: Number(parts.hour) * 60 + Number(parts.minute), weekday: isoWeekday(day) };
}

/** Offset of local time from UTC, in minutes, at an instant. */
function offsetMinutes(instant: number, timeZone: string): number {
  const { day, minutes } = localParts(instant, timeZone);
  const asUtc =
    Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) + minutes * 60_000;
  return Math.round((asUtc - Math.floor(instant / 60_000) * 60_000) / 60_000);
}

/** The instant (ms since epoch) of a local day and minute of the day, in a time zone. */
export function instantOf(day: Day, minuteOfDay: number, timeZone: string): number {
  const utcGuess = dayStartUtc(day) + minuteOfDay * 60_000;
  // Two passes: the offset at the guess, then at the corrected instant (right across DST changes).
  const first = utcGuess - offsetMinutes(utcGuess, timeZone) * 60_000;
  return utcGuess - offsetMinutes(first, timeZone) * 60_000;
}

export function isDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const date = new Date(dayStartUtc(value));
  return (
    date.getUTCFullYear() === Number(match[1]) &&
    date.getUTCMonth() + 1 === Number(match[2]) &&
    date.getUTCDate() === Number(match[3])
  );
}

function dayStartUtc(day: Day): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
}

export function addDays(day: Day, count: number): Day {
  return new Date(dayStartUtc(day) + count * 86_400_000).toISOString().slice(0, 10);
}

/** ISO weekday: 1 Monday … 7 Sunday. */
export function isoWeekday(day: Day): number {
  return ((new Date(dayStartUtc(day)).getUTCDay() + 6) % 7) + 1;
}

/** `HH:MM` (or `HH:MM:SS` as PostgreSQL returns a time) to minutes after midnight. */
export function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

export function timeOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
