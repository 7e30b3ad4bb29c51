import type { RoleGrant } from '../context.js';
import type { Role } from './roles.js';

/**
 * What a member of staff can be allowed to do. Each staff route names the one action it needs
 * (the guard asks without a target: "may this person do this to anything at all?"), and each use
 * case asks again with the loaded object (`can(actor, action, target)`) before it reads or changes
 * it. Writes have write names: a route that changes something never needs only a `.view` action.
 */
export type StaffAction =
  | 'dashboard.view'
  | 'profile.edit'
  | 'staff.manage'
  | 'audit.read'
  | 'appointments.view'
  | 'appointments.attend'
  | 'appointments.book'
  | 'appointments.configure'
  | 'queue.serve'
  | 'queue.configure'
  | 'cases.view'
  | 'cases.work'
  | 'cases.decide'
  | 'cases.approve_refusal'
  | 'renewals.manage'
  | 'pathways.advise'
  | 'reports.view'
  | 'staffing.plan'
  | 'surveys.configure'
  | 'competences.view_team'
  | 'trainings.manage'
  | 'toolkit.read'
  | 'toolkit.edit'
  | 'partners.manage'
  | 'referrals.create'
  | 'referrals.answer';

export const STAFF_ACTIONS: readonly StaffAction[] = [
  'dashboard.view',
  'profile.edit',
  'staff.manage',
  'audit.read',
  'appointments.view',
  'appointments.attend',
  'appointments.book',
  'appointments.configure',
  'queue.serve',
  'queue.configure',
  'cases.view',
  'cases.work',
  'cases.decide',
  'cases.approve_refusal',
  'renewals.manage',
  'pathways.advise',
  'reports.view',
  'staffing.plan',
  'surveys.configure',
  'competences.view_team',
  'trainings.manage',
  'toolkit.read',
  'toolkit.edit',
  'partners.manage',
  'referrals.create',
  'referrals.answer',
];

export interface StaffSubject {
  readonly authorityId: string;
  readonly roles: readonly RoleGrant[];
}

/**
 * The object acted on, with what decides whether the actor may act on it. It must belong to the
 * actor's authority. For the location and the service, three cases:
 * - absent (undefined): the kind of object has no such dimension (a staff account has no service;
 *   a case, applied for online to the authority, has no location: cases/case-policy.ts);
 * - null: the object belongs to the whole authority (the permit register): only a grant without
 *   that limit reaches it;
 * - an id: a grant limited in that dimension reaches it only if the id is among its ids.
 */
export interface Target {
  readonly authorityId: string;
  readonly locationId?: string | null;
  readonly serviceId?: string | null;
  /**
   * The partner organisation a referral is addressed to. A partner's grant reaches it only when
   * bound to that organisation; the office's own roles have no partner dimension.
   */
  readonly partnerId?: string;
}

/** One grant's reach for an action, as lists use it in SQL (null: no limit in that dimension). */
export interface Scope {
  readonly locationIds: readonly string[] | null;
  readonly serviceIds: readonly string[] | null;
}

const ALLOWED: Readonly<Record<StaffAction, readonly Role[]>> = {
  'dashboard.view': ['caseworker', 'team_lead', 'authority_admin', 'data_protection_officer', 'partner'],
  'profile.edit': ['caseworker', 'team_lead', 'authority_admin', 'data_protection_officer', 'partner'],
  // Only the authority's admins manage staff accounts and roles.
  'staff.manage': ['authority_admin'],
  // The data-protection officer reads the audit trail, and that is all they can do beyond their profile.
  'audit.read': ['data_protection_officer'],
  // Caseworkers see the day's appointments at their counters; team leads and admins plan with them.
  'appointments.view': ['caseworker', 'team_lead', 'authority_admin'],
  // Recording who came and who was served is counter work.
  'appointments.attend': ['caseworker', 'team_lead'],
  'appointments.book': ['caseworker', 'team_lead'],
  // Counters, their hours and channels, closed days and draws shape everyone's capacity.
  'appointments.configure': ['team_lead', 'authority_admin'],
  // Caseworkers call people from the walk-in queue to their counter and record what happens.
  'queue.serve': ['caseworker', 'team_lead'],
  // Which tablets are the entrance kiosks decides who can draw a ticket at all.
  'queue.configure': ['team_lead', 'authority_admin'],
  // Cases (residence status, passports) are read and worked by caseworkers and team leads only. The
  // authority's admin manages accounts and does not decide cases: who controls the accounts should
  // not also decide about people's residence (separation of duties).
  'cases.view': ['caseworker', 'team_lead'],
  'cases.work': ['caseworker', 'team_lead'],
  // Granting, recording the hearing and proposing a refusal.
  'cases.decide': ['caseworker', 'team_lead'],
  // The second pair of eyes on a refusal (never the proposer: cases/case-state.ts).
  'cases.approve_refusal': ['team_lead'],
  // The register of issued permits (personal data of every holder) and when holders are reminded to renew.
  'renewals.manage': ['team_lead', 'authority_admin'],
  // Running the pathway check with a person at the counter and printing it (advice appointments).
  'pathways.advise': ['caseworker', 'team_lead'],
  // The office's figures are aggregates without personal data: for those who plan the office.
  'reports.view': ['team_lead', 'authority_admin'],
  // The staffing-need inputs (minutes per case, posts, scenarios) are the head's planning figures.
  'staffing.plan': ['team_lead', 'authority_admin'],
  // The customer questionnaire and the quarterly staff pulse.
  'surveys.configure': ['team_lead', 'authority_admin'],
  // Languages and trainings of the team (everyone edits their own with profile.edit).
  'competences.view_team': ['team_lead', 'authority_admin'],
  // The authority's training catalogue and the training plan.
  'trainings.manage': ['team_lead', 'authority_admin'],
  // The toolkit of practices (Werkzeugkoffer) is for all of the office's own staff, not for partners.
  'toolkit.read': ['caseworker', 'team_lead', 'authority_admin', 'data_protection_officer'],
  'toolkit.edit': ['team_lead', 'authority_admin'],
  // The partner directory and the partner organisations' accounts.
  'partners.manage': ['team_lead', 'authority_admin'],
  // Referring a person to a partner is case work.
  'referrals.create': ['caseworker', 'team_lead'],
  // Partner staff answer the referrals addressed to their organisation (bound to it: partners/).
  'referrals.answer': ['partner'],
};

/** Who may do what: the one place that decides it, asked by the guard and by every use case. */
export function can(actor: StaffSubject, action: StaffAction, target?: Target): boolean {
  if (target && target.authorityId !== actor.authorityId) return false;
  return grantsFor(actor, action).some((grant) => !target || reaches(grant, target));
}

/**
 * The reach of each grant that allows the action, for lists: a row is visible when some scope
 * reaches it (`scopeCondition()` writes that in SQL). Empty: the actor may not do it at all.
 */
export function scopesFor(actor: StaffSubject, action: StaffAction): readonly Scope[] {
  return grantsFor(actor, action).map((grant) => ({ locationIds: grant.locationIds, serviceIds: grant.serviceIds }));
}

export function rolesFor(action: StaffAction): readonly Role[] {
  return ALLOWED[action];
}

function grantsFor(actor: StaffSubject, action: StaffAction): readonly RoleGrant[] {
  const roles = Object.hasOwn(ALLOWED, action) ? ALLOWED[action] : [];
  return actor.roles.filter((grant) => roles.includes(grant.role));
}

function reaches(grant: RoleGrant, target: Target): boolean {
  if (grant.role === 'partner' && target.partnerId !== undefined && grant.partnerId !== target.partnerId) return false;
  return within(grant.locationIds, target.locationId) && within(grant.serviceIds, target.serviceId);
}

function within(limit: readonly string[] | null, id: string | null | undefined): boolean {
  if (limit === null || id === undefined) return true;
  return id !== null && limit.includes(id);
}
