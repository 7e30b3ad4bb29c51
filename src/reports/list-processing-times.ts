import { applicationServiceNames } from '../catalog/service-names.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';
import { MIN_PUBLIC_CASES } from './figures.js';
import { publishedProcessingTimes } from './published-processing-times.js';

export interface ServiceProcessingTime {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly cases: number;
  /** Null: fewer than MIN_PUBLIC_CASES decided in the period, "not enough data". */
  readonly medianDays: number | null;
  readonly p80Days: number | null;
}

export interface ProcessingTimes {
  readonly period: { from: string; to: string } | null;
  readonly minimumCases: number;
  readonly services: ServiceProcessingTime[];
}

/**
 * The names of the services open for online application, kept a minute per authority and language
 * like the times themselves: the public API answers from memory under load (a renamed service
 * shows a minute later).
 */
const NAMES_TTL_MS = 60_000;
const names = new Map<string, { value: Promise<{ id: string; slug: string; name: string }[]>; until: number }>();

function serviceNamesOf(ctx: Context, locale: Locale, now = Date.now()) {
  const key = `${ctx.authorityId}/${locale}`;
  const hit = names.get(key);
  if (hit && hit.until > now) return hit.value;
  const value = withTenant(ctx.pool, ctx.authorityId, (tx) => applicationServiceNames(tx, locale));
  names.set(key, { value, until: now + NAMES_TTL_MS });
  value.catch(() => names.delete(key));
  return value;
}

/** The public processing times of every service open for online application, in catalogue order. */
export async function listProcessingTimes({ locale }: { locale: Locale }, ctx: Context): Promise<ProcessingTimes> {
  const [published, services] = await Promise.all([publishedProcessingTimes(ctx), serviceNamesOf(ctx, locale)]);
  return {
    period: published.period,
    minimumCases: MIN_PUBLIC_CASES,
    services: services.map((s) => {
      const time = published.times.get(s.id);
      return {
        id: s.id,
        slug: s.slug,
        name: s.name,
        cases: time?.cases ?? 0,
        medianDays: time?.medianDays ?? null,
        p80Days: time?.p80Days ?? null,
      };
    }),
  };
}
