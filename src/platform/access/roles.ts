/** The roles staff can hold in an authority. */
export const ROLES = ['caseworker', 'team_lead', 'authority_admin', 'data_protection_officer', 'partner'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
