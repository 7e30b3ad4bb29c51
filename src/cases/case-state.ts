/**
 * The life of a case (Vorgang) as one pure state machine: the table TRANSITIONS says which action
 * may follow which state, RULES say what each action needs and what the record keeps of it.
 * No I/O, no clock, no roles: the use case that calls transition() loads the record, asks the staff
 * policy (platform/access/policies.ts) what the actor may do to this case and passes the answer in
 * the ActorRef, stores the new record and writes the returned event to the audit trail. Who may
 * decide is the policy's question; that the approver is not the proposer is this machine's.
 *
 *   received → incomplete ⇄ in review ⇄ waiting for another authority
 *   in review → ready for decision → granted → card ordered → ready for pick-up → closed
 *                                  → refused → closed
 *
 * A refusal is a residence-terminating measure: an application for a (further) residence permit
 * that is refused ends the fictional continuation of the old permit (Fiktionswirkung, §81(4)
 * AufenthG), and with it the right to stay and to work. So it can only be reached through
 *   1. a recorded hearing (Anhörung, §28(1) VwVfG: before an administrative act that interferes
 *      with a person's rights, the person must have had the chance to comment on the facts that
 *      matter for it),
 *   2. a proposal with reasons in plain language (§39 VwVfG requires reasons; the transparency
 *      guideline of the model project requires them to be understandable) and the confirmation
 *      that the person was told of counselling services,
 *   3. the approval of a second person (four eyes) whom the staff policy allows to approve
 *      refusals of this case (`cases.approve_refusal`) and who is not the proposer.
 * No single user can complete it. The exceptions of §28(2) VwVfG (hearing dispensed with) are not
 * modelled: this office always hears the person before refusing.
 * Granting burdens no one, so it needs neither a hearing nor a second person.
 */

export const CASE_STATES = [
  'received',
  'incomplete',
  'in_review',
  'waiting_other_authority',
  'ready_for_decision',
  'granted',
  'refused',
  'card_ordered',
  'ready_for_pickup',
  'closed',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

/**
 * Who acts, with what the staff policy said about them and this case at that moment: whether they
 * may decide it (`cases.decide`: grant, hear, propose a refusal) and approve a refusal of it
 * (`cases.approve_refusal`). The same userId is the same person, whatever they may do.
 */
export interface ActorRef {
  readonly userId: string;
  readonly mayDecide: boolean;
  readonly mayApproveRefusal: boolean;
}

/**
 * Who acted, as the record keeps it: the person only. What they were allowed is not kept, since it
 * is the policy's answer of the moment. Records stored before carried `roles` here; they are
 * read as they are (only `userId` is ever read).
 */
export interface ActorId {
  readonly userId: string;
}

export type CaseAction =
  | { readonly type: 'request_documents' }
  | { readonly type: 'documents_received' }
  | { readonly type: 'start_review' }
  | { readonly type: 'ask_other_authority' }
  | { readonly type: 'other_authority_answered' }
  | { readonly type: 'mark_ready' }
  | { readonly type: 'grant'; readonly by: ActorRef }
  | { readonly type: 'record_hearing'; readonly by: ActorRef; readonly heardOn: string /* YYYY-MM-DD */ }
  | {
      readonly type: 'propose_refusal';
      readonly by: ActorRef;
      readonly reasons: string;
      readonly counsellingInfoGiven: boolean;
    }
  | { readonly type: 'approve_refusal'; readonly by: ActorRef }
  | { readonly type: 'withdraw_refusal'; readonly by: ActorRef }
  | { readonly type: 'order_card' }
  | { readonly type: 'card_arrived' }
  | { readonly type: 'handed_over' }
  | { readonly type: 'close' };
export type CaseActionType = CaseAction['type'];

/** The hearing (Anhörung) as recorded; `version` is the record's version it was recorded at. */
export interface Hearing {
  readonly by: ActorId;
  readonly heardOn: string;
  readonly version: number;
}

export interface RefusalProposal {
  readonly by: ActorId;
  /** Trimmed, at least MIN_REASONS_LENGTH characters. */
  readonly reasons: string;
  readonly counsellingInfoGiven: true;
  readonly version: number;
}

export interface Signature {
  readonly by: ActorId;
  readonly version: number;
}

export interface CaseRecord {
  readonly state: CaseState;
  /** Counts successful transitions: orders the steps (hearing before proposal before approval) without a clock. */
  readonly version: number;
  readonly hearing: Hearing | null;
  /** A pending or (once refused) the approved proposal. Cleared by withdrawal. */
  readonly refusalProposal: RefusalProposal | null;
  /** The second person's approval: set exactly when the case was refused. */
  readonly refusalApproval: Signature | null;
  readonly grant: Signature | null;
}

export type RefusalReason =
  | 'unknown_action'
  | 'not_allowed_from_state'
  | 'hearing_missing'
  | 'hearing_date_invalid'
  | 'reasons_missing'
  | 'reasons_too_short'
  | 'counselling_missing'
  | 'proposal_missing'
  | 'proposal_pending'
  | 'same_person'
  | 'role_missing';

export type Transition =
  | { readonly ok: true; readonly record: CaseRecord; readonly event: string }
  | { readonly ok: false; readonly reason: RefusalReason };

/** Plain-language reasons say what was decided and why; a few words cannot. Counted in characters (code points). */
export const MIN_REASONS_LENGTH = 20;

type Row = Readonly<Partial<Record<CaseActionType, CaseState>>>;

/** The table: state × action → next state. An action that keeps the state maps to the same state. */
export const TRANSITIONS: Readonly<Record<CaseState, Row>> = {
  received: { start_review: 'in_review', request_documents: 'incomplete' },
  incomplete: { documents_received: 'in_review' },
  in_review: {
    request_documents: 'incomplete',
    ask_other_authority: 'waiting_other_authority',
    mark_ready: 'ready_for_decision',
  },
  waiting_other_authority: { other_authority_answered: 'in_review' },
  ready_for_decision: {
    grant: 'granted',
    record_hearing: 'ready_for_decision',
    propose_refusal: 'ready_for_decision',
    withdraw_refusal: 'ready_for_decision',
    approve_refusal: 'refused',
  },
  granted: { order_card: 'card_ordered' },
  card_ordered: { card_arrived: 'ready_for_pickup' },
  ready_for_pickup: { handed_over: 'closed' },
  // The use case closes a refused case once the decision has been delivered (Zustellung).
  refused: { close: 'closed' },
  closed: {},
};

type ActionOf<K extends CaseActionType> = Extract<CaseAction, { type: K }>;
type Facts = Partial<Pick<CaseRecord, 'hearing' | 'refusalProposal' | 'refusalApproval' | 'grant'>>;

/** What one action needs and keeps. Checks return null when satisfied. Method syntax on purpose (see RULES lookup). */
interface Rule<A extends CaseAction> {
  /** The audit event, as `area.verb`. */
  readonly event: string;
  /** What the record must show, whoever acts (the UI hides the action otherwise). */
  requires?(record: CaseRecord): RefusalReason | null;
  /** Who may act. */
  actor?(record: CaseRecord, by: ActorRef): RefusalReason | null;
  /** What the action must carry. */
  payload?(action: A): RefusalReason | null;
  /** What the record keeps of the action; `version` is the new record's. */
  apply?(record: CaseRecord, action: A, version: number): Facts;
}

const RULES: { readonly [K in CaseActionType]: Rule<ActionOf<K>> } = {
  request_documents: { event: 'case.documents_requested' },
  documents_received: { event: 'case.documents_received' },
  start_review: { event: 'case.review_started' },
  ask_other_authority: { event: 'case.other_authority_asked' },
  other_authority_answered: { event: 'case.other_authority_answered' },
  mark_ready: { event: 'case.ready_for_decision' },
  grant: {
    event: 'case.granted',
    // Deciding both ways at once is contradictory: a pending refusal is withdrawn first.
    requires: noPendingProposal,
    actor: (_, by) => mayDecide(by),
    apply: (_, { by }, version) => ({ grant: { by: idOf(by), version } }),
  },
  record_hearing: {
    event: 'case.hearing_recorded',
    // A new hearing may replace an earlier one, but not under a pending proposal: the proposal's
    // reasons answer the hearing it followed. Withdraw the proposal, hear again, propose again.
    requires: noPendingProposal,
    actor: (_, by) => mayDecide(by),
    payload: ({ heardOn }) => (isIsoDate(heardOn) ? null : 'hearing_date_invalid'),
    apply: (_, { by, heardOn }, version) => ({ hearing: { by: idOf(by), heardOn, version } }),
  },
  propose_refusal: {
    event: 'case.refusal_proposed',
    requires: (record) => noPendingProposal(record) ?? (record.hearing ? null : 'hearing_missing'),
    actor: (_, by) => mayDecide(by),
    payload: ({ reasons, counsellingInfoGiven }) =>
      reasonsRefusal(reasons) ?? (counsellingInfoGiven === true ? null : 'counselling_missing'),
    apply: (_, { by, reasons }, version) => ({
      refusalProposal: { by: idOf(by), reasons: reasons.trim(), counsellingInfoGiven: true, version },
    }),
  },
  approve_refusal: {
    event: 'case.refused',
    requires: completeProposal,
    // Four eyes: the same person (by userId, whatever they may do now) cannot approve their own proposal.
    actor: (record, by) => (by.userId === record.refusalProposal?.by.userId ? 'same_person' : mayApprove(by)),
    apply: (_, { by }, version) => ({ refusalApproval: { by: idOf(by), version } }),
  },
  withdraw_refusal: {
    event: 'case.refusal_withdrawn',
    requires: (record) => (record.refusalProposal ? null : 'proposal_missing'),
    // The proposer takes it back, or the second person sends it back instead of approving.
    actor: (record, by) => (by.userId === record.refusalProposal?.by.userId ? null : mayApprove(by)),
    apply: () => ({ refusalProposal: null }),
  },
  order_card: { event: 'case.card_ordered' },
  card_arrived: { event: 'case.card_arrived' },
  handed_over: { event: 'case.card_handed_over' },
  close: { event: 'case.closed' },
};

export const CASE_ACTION_TYPES = Object.keys(RULES) as readonly CaseActionType[];

export function initialCase(): CaseRecord {
  return { state: 'received', version: 0, hearing: null, refusalProposal: null, refusalApproval: null, grant: null };
}

/** The one way a case changes: the new record and its audit event, or why not. Never mutates `record`. */
export function transition(record: CaseRecord, action: CaseAction): Transition {
  const reason = refusalOf(record, action);
  if (reason) return { ok: false, reason };
  const version = record.version + 1;
  const state = nextState(record.state, action.type) as CaseState;
  const rule = ruleOf(action.type);
  return {
    ok: true,
    record: { ...record, ...rule.apply?.(record, action, version), state, version },
    event: rule.event,
  };
}

/**
 * The actions the record allows now, in table order (for the UI). With an actor, also only those
 * that actor may take (the proposer does not see "approve"); the action's content (reasons,
 * date, counselling) is checked only by transition().
 */
export function allowedActions(record: CaseRecord, actor?: ActorRef): CaseActionType[] {
  const row = Object.hasOwn(TRANSITIONS, record.state) ? TRANSITIONS[record.state] : {};
  return (Object.keys(row) as CaseActionType[]).filter((type) => {
    const rule = ruleOf(type);
    return (rule.requires?.(record) ?? (actor ? rule.actor?.(record, actor) : null) ?? null) === null;
  });
}

export function isCaseActionType(value: unknown): value is CaseActionType {
  return typeof value === 'string' && Object.hasOwn(RULES, value);
}

function refusalOf(record: CaseRecord, action: CaseAction): RefusalReason | null {
  if (!isCaseActionType(action.type)) return 'unknown_action';
  if (nextState(record.state, action.type) === undefined) return 'not_allowed_from_state';
  const rule = ruleOf(action.type);
  const actorReason = 'by' in action ? rule.actor?.(record, action.by) : null;
  return rule.requires?.(record) ?? actorReason ?? rule.payload?.(action) ?? null;
}

function nextState(state: CaseState, type: CaseActionType): CaseState | undefined {
  // hasOwn: a state read from storage could be anything, even "constructor".
  return Object.hasOwn(TRANSITIONS, state) ? TRANSITIONS[state][type] : undefined;
}

/** The rule for an action type, seen as taking any action (the caller passes the matching one). */
function ruleOf(type: CaseActionType): Rule<CaseAction> {
  return RULES[type] as Rule<CaseAction>;
}

function noPendingProposal(record: CaseRecord): RefusalReason | null {
  return record.refusalProposal ? 'proposal_pending' : null;
}

/**
 * Checked again at approval, not only at proposal: the record may come from storage, and the
 * second person must never sign a refusal that lacks any of its parts.
 */
function completeProposal(record: CaseRecord): RefusalReason | null {
  const { hearing, refusalProposal: proposal } = record;
  if (!proposal) return 'proposal_missing';
  if (!hearing || hearing.version >= proposal.version) return 'hearing_missing';
  return reasonsRefusal(proposal.reasons) ?? (proposal.counsellingInfoGiven === true ? null : 'counselling_missing');
}

function reasonsRefusal(reasons: string): RefusalReason | null {
  const length = [...(typeof reasons === 'string' ? reasons.trim() : '')].length;
  if (length === 0) return 'reasons_missing';
  return length < MIN_REASONS_LENGTH ? 'reasons_too_short' : null;
}

function mayDecide(by: ActorRef): RefusalReason | null {
  return by.mayDecide === true ? null : 'role_missing';
}

function mayApprove(by: ActorRef): RefusalReason | null {
  return by.mayApproveRefusal === true ? null : 'role_missing';
}

/** What the record keeps of an actor: who, not what they were allowed that day. */
function idOf(by: ActorRef): ActorId {
  return { userId: by.userId };
}

function isIsoDate(value: string): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
