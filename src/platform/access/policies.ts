import type { RoleGrant } from '../context.js';
import type { Role } from './roles.js';

/** What a member of staff can be allowed to do. Each staff route names the one action it needs. */
export type StaffAction =
  | 'dashboard.view'
  | 'profile.edit'
  | 'staff.manage'
  | 'audit.read'
  | 'appointments.view'
  | 'appointments.book'
  | 'appointments.configure'
  | 'queue.serve'
  | 'queue.configure'
  | 'cases.work'
  | 'renewals.manage';

export interface StaffSubject {
  readonly authorityId: string;
  readonly roles: readonly RoleGrant[];
}

/** The object acted on, where there is one: it must belong to the actor's authority. */
export interface Target {
  readonly authorityId: string;
}

const ALLOWED: Readonly<Record<StaffAction, readonly Role[]>> = {
  'dashboard.view': ['caseworker', 'team_lead', 'authority_admin', 'data_protection_officer', 'partner'],
  'profile.edit': ['caseworker', 'team_lead', 'authority_admin', 'data_protection_officer', 'partner'],
  // Only the authority's admins manage staff accounts and roles.
  'staff.manage': ['authority_admin'],
  // The data-protection officer reads the audit trail, and that is all they can do beyond their profile.
  'audit.read': ['data_protection_officer'],
  // Caseworkers see the day's appointments at their counters, record attendance and book for callers.
  'appointments.view': ['caseworker', 'team_lead', 'authority_admin'],
  'appointments.book': ['caseworker', 'team_lead'],
  // Counters, their hours and channels, closed days and draws shape everyone's capacity.
  'appointments.configure': ['team_lead', 'authority_admin'],
  // Caseworkers call people from the walk-in queue to their counter and record what happens.
  'queue.serve': ['caseworker', 'team_lead'],
  // Which tablets are the entrance kiosks decides who can draw a ticket at all.
  'queue.configure': ['team_lead', 'authority_admin'],
  // Caseworkers and team leads open, work and decide cases; refusals need a second person (cases/case-state.ts).
  'cases.work': ['caseworker', 'team_lead'],
  // The register of issued permits (personal data of every holder) and when holders are reminded to renew.
  'renewals.manage': ['team_lead', 'authority_admin'],
};

/** Who may do what: the one place that decides it, used by every staff route. */
export function can(actor: StaffSubject, action: StaffAction, target?: Target): boolean {
  if (target && target.authorityId !== actor.authorityId) return false;
  return actor.roles.some((grant) => ALLOWED[action].includes(grant.role));
}

export function rolesFor(action: StaffAction): readonly Role[] {
  return ALLOWED[action];
}
