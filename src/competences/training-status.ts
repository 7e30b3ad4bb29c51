/**
 * Training planning (issue #16), pure: when each member's training falls due again, how much of the
 * team is trained per course, and the planned trainings per quarter. Dates are ISO days (YYYY-MM-DD).
 */

export interface Course {
  readonly id: string;
  readonly name: string;
  /** Null: taken once, never due again. */
  readonly refreshMonths: number | null;
}

export interface TrainingTaken {
  readonly userId: string;
  readonly courseId: string;
  readonly takenOn: string;
}

export interface PlannedTraining {
  readonly userId: string;
  readonly courseId: string;
  readonly plannedOn: string;
}

export type TrainingState = 'never' | 'due' | 'valid';

export interface MemberCourse {
  readonly userId: string;
  readonly courseId: string;
  readonly state: TrainingState;
  readonly lastTakenOn: string | null;
  /** When it falls (or fell) due; null when never taken or never due again. */
  readonly dueOn: string | null;
}

/** The day `months` after `day`, the month's last day when it has no such day (31 Jan + 1 → 28/29 Feb). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Each member's state in each course: never taken, due (refresh period passed), or valid. */
export function trainingStates(
  members: readonly string[],
  courses: readonly Course[],
  taken: readonly TrainingTaken[],
  today: string,
): MemberCourse[] {
  const latest = new Map<string, string>();
  for (const t of taken) {
    const key = `${t.userId}|${t.courseId}`;
    const seen = latest.get(key);
    if (!seen || t.takenOn > seen) latest.set(key, t.takenOn);
  }
  return members.flatMap((userId) =>
    courses.map((course): MemberCourse => {
      const lastTakenOn = latest.get(`${userId}|${course.id}`) ?? null;
      if (lastTakenOn === null) return { userId, courseId: course.id, state: 'never', lastTakenOn, dueOn: null };
      const dueOn = course.refreshMonths === null ? null : addMonths(lastTakenOn, course.refreshMonths);
      const state = dueOn !== null && dueOn <= today ? 'due' : 'valid';
      return { userId, courseId: course.id, state, lastTakenOn, dueOn };
    }),
  );
}

export interface CourseShare {
  readonly courseId: string;
  readonly trained: number;
  readonly members: number;
  /** trained / members, 0…1 (0 for an empty team). */
  readonly share: number;
}

/** Per course, how many of the team hold a valid training. */
export function sharesTrained(
  courses: readonly Course[],
  states: readonly MemberCourse[],
  members: number,
): CourseShare[] {
  return courses.map((course) => {
    const trained = states.filter((s) => s.courseId === course.id && s.state === 'valid').length;
    return { courseId: course.id, trained, members, share: members === 0 ? 0 : trained / members };
  });
}

/** "2026-Q3" for a day. */
export function quarterOf(day: string): string {
  const month = Number(day.slice(5, 7));
  return `${day.slice(0, 4)}-Q${Math.ceil(month / 3)}`;
}

/** Planned trainings grouped by quarter, quarters and entries in date order. */
export function planByQuarter(plans: readonly PlannedTraining[]): { quarter: string; plans: PlannedTraining[] }[] {
  const sorted = [...plans].sort((a, b) => a.plannedOn.localeCompare(b.plannedOn) || a.userId.localeCompare(b.userId));
  const groups = new Map<string, PlannedTraining[]>();
  for (const plan of sorted) {
    const quarter = quarterOf(plan.plannedOn);
    groups.set(quarter, [...(groups.get(quarter) ?? []), plan]);
  }
  return [...groups].map(([quarter, entries]) => ({ quarter, plans: entries }));
}
