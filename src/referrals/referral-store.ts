import type { Actor } from '../platform/context.js';
import type { Tx } from '../platform/database/index.js';
import type { Category } from './consent.js';

/** SQL shared by the referral use cases (the tables are this capability's: migrations/025_referrals.sql). */

export type AnswerKind = 'accepted' | 'appointment' | 'question' | 'done' | 'declined' | 'no_show';
export const ANSWER_KINDS: readonly AnswerKind[] = [
  'accepted',
  'appointment',
  'question',
  'done',
  'declined',
  'no_show',
];

export interface Answer {
  readonly kind: AnswerKind;
  readonly body: string;
  readonly appointmentAt: Date | null;
  readonly at: Date;
}

export interface Disclosure {
  readonly categories: readonly Category[];
  readonly at: Date;
}

/** The consent state now: valid (until), ended (withdrawn or expired), or never given. */
export type ConsentState =
  | { readonly kind: 'none' }
  | { readonly kind: 'valid'; readonly givenAt: Date; readonly expiresAt: Date }
  | { readonly kind: 'withdrawn'; readonly at: Date }
  | { readonly kind: 'expired'; readonly at: Date };

/** The partner a member of staff works for: their partner grant's organisation (none: not a partner). */
export function partnerOf(actor: Actor): string | null {
  if (actor.kind !== 'staff') return null;
  return actor.roles.find((g) => g.role === 'partner' && g.partnerId)?.partnerId ?? null;
}

export async function answersOf(tx: Tx, referralId: string): Promise<Answer[]> {
  const { rows } = await tx.query<{ kind: AnswerKind; body: string; appointment_at: Date | null; created_at: Date }>(
    'SELECT kind, body, appointment_at, created_at FROM referral_answers WHERE referral_id = $1 ORDER BY created_at, id',
    [referralId],
  );
  return rows.map((r) => ({ kind: r.kind, body: r.body, appointmentAt: r.appointment_at, at: r.created_at }));
}

export async function disclosuresOf(tx: Tx, referralId: string): Promise<Disclosure[]> {
  const { rows } = await tx.query<{ categories: Category[]; shown_at: Date }>(
    'SELECT categories, shown_at FROM referral_disclosures WHERE referral_id = $1 ORDER BY shown_at',
    [referralId],
  );
  return rows.map((r) => ({ categories: r.categories, at: r.shown_at }));
}

/** The latest consent's state (an office transaction: the partner's context would hide ended ones). */
export async function consentStateOf(tx: Tx, referralId: string): Promise<ConsentState> {
  const { rows } = await tx.query<{ given_at: Date; expires_at: Date; ended_at: Date | null }>(
    `SELECT c.given_at, c.expires_at, e.ended_at FROM referral_consents c
       LEFT JOIN referral_consent_ends e ON e.consent_id = c.id
      WHERE c.referral_id = $1 ORDER BY c.given_at DESC LIMIT 1`,
    [referralId],
  );
  const row = rows[0];
  if (!row) return { kind: 'none' };
  if (row.ended_at) return { kind: 'withdrawn', at: row.ended_at };
  if (row.expires_at.getTime() <= Date.now()) return { kind: 'expired', at: row.expires_at };
  return { kind: 'valid', givenAt: row.given_at, expiresAt: row.expires_at };
}

/** The consents valid now, locked: giving and withdrawing serialise on the referral's row. */
export async function lockReferral(tx: Tx, referralId: string): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('referral:' || $1, 0))", [referralId]);
}

export async function validConsentIds(tx: Tx, referralId: string): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    `SELECT c.id FROM referral_consents c
      WHERE c.referral_id = $1 AND c.given_at <= now() AND c.expires_at > now()
        AND NOT EXISTS (SELECT 1 FROM referral_consent_ends e WHERE e.consent_id = c.id)`,
    [referralId],
  );
  return rows.map((r) => r.id);
}

/** The office's view of a referral's head row and source (no partner context). */
export interface ReferralHead {
  readonly id: string;
  readonly partnerId: string;
  readonly offerId: string;
  readonly message: string;
  readonly categories: readonly Category[];
  readonly createdAt: Date;
  readonly sourceKind: 'case' | 'appointment' | 'ticket';
  readonly sourceId: string;
  readonly serviceId: string | null;
  readonly personEmail: string;
  readonly personLocale: string;
}

export async function referralHead(tx: Tx, where: 'id' | 'token', value: unknown): Promise<ReferralHead | null> {
  const { rows } = await tx.query<ReferralHead>(
    `SELECT r.id, r.partner_id AS "partnerId", r.offer_id AS "offerId", r.message, r.categories,
            r.created_at AS "createdAt", s.source_kind AS "sourceKind", s.source_id AS "sourceId",
            s.service_id AS "serviceId", s.person_email AS "personEmail", s.person_locale AS "personLocale"
       FROM referrals r JOIN referral_sources s ON s.referral_id = r.id
      WHERE ${where === 'id' ? 'r.id = $1' : 's.token_hash = $1'}`,
    [value],
  );
  return rows[0] ?? null;
}
