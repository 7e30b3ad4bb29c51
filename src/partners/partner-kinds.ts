/** The kinds of partner organisation (migrations/019_partner_directory.sql checks the same list). */
export const PARTNER_KINDS = [
  'jobcenter',
  'employment_agency',
  'youth_welfare',
  'migration_counselling',
  'refugee_counselling',
  'return_counselling',
  'recognition_counselling',
  'language_courses',
  'university',
  'chamber',
  'other',
] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

export function isPartnerKind(value: unknown): value is PartnerKind {
  return typeof value === 'string' && (PARTNER_KINDS as readonly string[]).includes(value);
}

/**
 * The independent counselling services that the refusal and emergency paths point to: they explain
 * a decision and the options, free of charge (return counselling is on the help page, not pushed here).
 */
export const COUNSELLING_KINDS: readonly PartnerKind[] = ['migration_counselling', 'refugee_counselling'];
