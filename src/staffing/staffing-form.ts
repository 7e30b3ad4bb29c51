/**
 * The staffing form as typed and as numbers: pure parsing with one error per bad field. Staff
 * type German numbers: a decimal comma ("12,5") or point; whole numbers may carry thousands
 * separators ("96.000", "96 000"), decimals may not (a "1.5" is one and a half, not fifteen).
 */

export type ErrorCode =
  | 'annualWorkingMinutes'
  | 'surchargePercent'
  | 'totalPosts'
  | 'caseworkMinutes'
  | 'counterMinutes'
  | 'forecastCases'
  | 'forecastVisits'
  | 'posts'
  | 'scenarioService'
  | 'scenarioPercent';

export interface FieldError {
  readonly field: string;
  readonly code: ErrorCode;
  /** The service the field belongs to, for the message. */
  readonly serviceId?: string;
}

export const SERVICE_FIELDS = [
  'caseworkMinutes',
  'counterMinutes',
  'forecastCases',
  'forecastVisits',
  'posts',
] as const;
export type ServiceField = (typeof SERVICE_FIELDS)[number];

export interface ServiceEntry {
  readonly caseworkMinutes: number | null;
  readonly counterMinutes: number | null;
  readonly forecastCases: number | null;
  readonly forecastVisits: number | null;
  readonly posts: number | null;
}

export interface StaffingEntries {
  readonly annualWorkingMinutes: number | null;
  readonly surchargePercent: number | null;
  readonly totalPosts: number | null;
  readonly services: ReadonlyMap<string, ServiceEntry>;
}

type Kind = 'whole' | 'decimal';
interface Rule {
  readonly kind: Kind;
  readonly min: number;
  readonly max: number;
}

const AUTHORITY_RULES = {
  annualWorkingMinutes: { kind: 'whole', min: 10_000, max: 200_000 },
  surchargePercent: { kind: 'decimal', min: 0, max: 50 },
  totalPosts: { kind: 'decimal', min: 0, max: 100_000 },
} as const satisfies Record<string, Rule>;

const SERVICE_RULES: Readonly<Record<ServiceField, Rule>> = {
  caseworkMinutes: { kind: 'decimal', min: 0, max: 10_000 },
  counterMinutes: { kind: 'decimal', min: 0, max: 10_000 },
  forecastCases: { kind: 'whole', min: 0, max: 100_000_000 },
  forecastVisits: { kind: 'whole', min: 0, max: 100_000_000 },
  posts: { kind: 'decimal', min: 0, max: 100_000 },
};

/** The form field of a service's input: `caseworkMinutes-<service id>`. */
export function serviceField(field: ServiceField, serviceId: string): string {
  return `${field}-${serviceId}`;
}

/** A typed number: null for an empty field, undefined for one that is no number in range. */
export function parseNumber(text: string | undefined, rule: Rule): number | null | undefined {
  const value = (text ?? '').trim();
  if (value === '') return null;
  const whole = /^\d{1,3}(?:[. \u00a0]\d{3})+$|^\d{1,12}$/;
  const decimal = /^\d{1,12}(?:[.,]\d{1,2})?$/;
  let parsed: number;
  if (rule.kind === 'whole') {
    if (!whole.test(value)) return undefined;
    parsed = Number(value.replace(/[. \u00a0]/g, ''));
  } else {
    if (!decimal.test(value)) return undefined;
    parsed = Number(value.replace(',', '.'));
  }
  return parsed >= rule.min && parsed <= rule.max ? parsed : undefined;
}

/** The settings form: the authority's three values and each service's five (empty: not set). */
export function parseStaffingForm(
  body: Readonly<Record<string, string | undefined>>,
  serviceIds: readonly string[],
): { ok: true; entries: StaffingEntries } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const read = (field: string, rule: Rule, code: ErrorCode, serviceId?: string): number | null => {
    const value = parseNumber(body[field], rule);
    if (value !== undefined) return value;
    errors.push({ field, code, ...(serviceId ? { serviceId } : {}) });
    return null;
  };
  const annualWorkingMinutes = read(
    'annualWorkingMinutes',
    AUTHORITY_RULES.annualWorkingMinutes,
    'annualWorkingMinutes',
  );
  const surchargePercent = read('surchargePercent', AUTHORITY_RULES.surchargePercent, 'surchargePercent');
  const totalPosts = read('totalPosts', AUTHORITY_RULES.totalPosts, 'totalPosts');
  const services = new Map<string, ServiceEntry>();
  for (const id of serviceIds) {
    const entry = Object.fromEntries(
      SERVICE_FIELDS.map((f) => [f, read(serviceField(f, id), SERVICE_RULES[f], f, id)]),
    ) as unknown as ServiceEntry;
    services.set(id, entry);
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, entries: { annualWorkingMinutes, surchargePercent, totalPosts, services } };
}

/** The scenario of the page's GET form: both fields empty is no scenario. */
export function parseScenario(
  query: { scenarioService?: string | undefined; scenarioPercent?: string | undefined },
  serviceIds: readonly string[],
): { ok: true; scenario: { serviceId: string; percent: number } | null } | { ok: false; errors: FieldError[] } {
  const service = query.scenarioService ?? '';
  const percentText = (query.scenarioPercent ?? '').trim();
  if (service === '' && percentText === '') return { ok: true, scenario: null };
  const errors: FieldError[] = [];
  if (!serviceIds.includes(service)) errors.push({ field: 'scenarioService', code: 'scenarioService' });
  const negative = percentText.startsWith('-') || percentText.startsWith('−');
  const magnitude = parseNumber(negative ? percentText.slice(1) : percentText.replace(/^\+/, ''), {
    kind: 'decimal',
    min: 0,
    max: negative ? 100 : 1000,
  });
  if (magnitude === null || magnitude === undefined) errors.push({ field: 'scenarioPercent', code: 'scenarioPercent' });
  if (errors.length > 0 || magnitude === null || magnitude === undefined) return { ok: false, errors };
  return { ok: true, scenario: { serviceId: service, percent: negative ? -magnitude : magnitude } };
}
