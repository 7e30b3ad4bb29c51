/** A service (Leistung) of the catalogue, with its texts in one language. */
export interface ServiceSummary {
  readonly id: string;
  readonly slug: string;
  readonly category: 'residence' | 'permanent' | 'documents' | 'humanitarian' | 'advice';
  readonly name: string;
  readonly summary: string;
  readonly feeCents: number;
  readonly feeMaxCents: number | null;
  readonly appointmentMinutes: number;
  readonly processingDays: { readonly min: number; readonly max: number };
  readonly onlineApplication: boolean;
  readonly walkIn: boolean;
}

export interface RequiredDocument {
  readonly slug: string;
  readonly name: string;
  readonly hint: string;
}

export interface ServiceDetail extends ServiceSummary {
  readonly audience: string;
  readonly feeNote: string | null;
  readonly legalBasis: string;
  /** LeiKa: key of the federal catalogue of administrative services, where known. */
  readonly leikaKey: string | null;
  readonly documents: readonly RequiredDocument[];
  readonly locationIds: readonly string[];
}

/** Columns for a ServiceSummary; `t` is the text in the asked locale, `d` the German fallback. */
export const SUMMARY_COLUMNS = `s.id, s.slug, s.category, coalesce(t.name, d.name) AS name, coalesce(t.summary, d.summary) AS summary,
  s.fee_cents, s.fee_max_cents, s.appointment_minutes, s.processing_days_min, s.processing_days_max,
  s.online_application, s.walk_in`;

export const TEXT_JOINS = `LEFT JOIN service_texts t ON t.service_id = s.id AND t.locale = $1
  JOIN service_texts d ON d.service_id = s.id AND d.locale = 'de'`;

export interface SummaryRow {
  id: string;
  slug: string;
  category: ServiceSummary['category'];
  name: string;
  summary: string;
  fee_cents: number;
  fee_max_cents: number | null;
  appointment_minutes: number;
  processing_days_min: number;
  processing_days_max: number;
  online_application: boolean;
  walk_in: boolean;
}

export function toSummary(row: SummaryRow): ServiceSummary {
  return {
    id: row.id,
    slug: row.slug,
    category: row.category,
    name: row.name,
    summary: row.summary,
    feeCents: row.fee_cents,
    feeMaxCents: row.fee_max_cents,
    appointmentMinutes: row.appointment_minutes,
    processingDays: { min: row.processing_days_min, max: row.processing_days_max },
    onlineApplication: row.online_application,
    walkIn: row.walk_in,
  };
}
