import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  allowedActions,
  CASE_ACTION_TYPES,
  CASE_STATES,
  initialCase,
  MIN_REASONS_LENGTH,
  transition,
  TRANSITIONS,
  type ActorRef,
  type CaseAction,
  type CaseActionType,
  type CaseRecord,
  type CaseState,
  type RefusalReason,
} from './case-state.js';

/** An actor as the use case describes them: what the staff policy allows them on the case. */
const who = (userId: string, mayDecide: boolean, mayApproveRefusal: boolean): ActorRef => ({
  userId,
  mayDecide,
  mayApproveRefusal,
});
/** Caseworkers: they decide, they do not approve refusals. */
const alice = who('alice', true, false);
const bob = who('bob', true, false);
/** A team lead: decides and approves. */
const carol = who('carol', true, true);
/** May approve a refusal of this case but not decide it (a team lead's grant reaching further than a caseworker's). */
const dave = who('dave', false, true);
/** May do neither (the data-protection officer, a partner, an admin, or a grant that does not reach the case). */
const erin = who('erin', false, false);
const nobody = who('nobody', false, false);
/** Alice again, now also allowed to approve: still the same person. */
const aliceLead = who('alice', true, true);
const ACTORS = [alice, bob, carol, dave, erin, nobody, aliceLead];

const REASONS = 'Ihr Einkommen reicht nicht für Ihren Lebensunterhalt. Dafür bräuchten Sie 1.200 € im Monat.';
const DAY = '2025-03-14';

type With<K extends CaseActionType> = Extract<CaseAction, { type: K }>;

/** A valid action of the given type (valid content; the actor decides whether it is allowed). */
function act(type: CaseActionType, by: ActorRef = type === 'approve_refusal' ? carol : alice): CaseAction {
  switch (type) {
    case 'record_hearing':
      return { type, by, heardOn: DAY };
    case 'propose_refusal':
      return { type, by, reasons: REASONS, counsellingInfoGiven: true };
    case 'grant':
    case 'approve_refusal':
    case 'withdraw_refusal':
      return { type, by };
    default:
      return { type } as CaseAction;
  }
}

function run(record: CaseRecord, actions: readonly CaseAction[]): CaseRecord {
  return actions.reduce((current, action) => {
    const result = transition(current, action);
    assert.ok(result.ok, `${action.type} from ${current.state}: ${result.ok ? '' : result.reason}`);
    return result.record;
  }, record);
}

const TO_DECISION: CaseAction[] = [act('start_review'), act('mark_ready')];
const HEARD: CaseAction[] = [...TO_DECISION, act('record_hearing')];
const PROPOSED: CaseAction[] = [...HEARD, act('propose_refusal', alice)];
const GRANTED: CaseAction[] = [...TO_DECISION, act('grant')];

/** One way to each state. */
const ROUTE: Record<CaseState, CaseAction[]> = {
  received: [],
  incomplete: [act('request_documents')],
  in_review: [act('start_review')],
  waiting_other_authority: [act('start_review'), act('ask_other_authority')],
  ready_for_decision: TO_DECISION,
  granted: GRANTED,
  refused: [...PROPOSED, act('approve_refusal', carol)],
  card_ordered: [...GRANTED, act('order_card')],
  ready_for_pickup: [...GRANTED, act('order_card'), act('card_arrived')],
  closed: [...GRANTED, act('order_card'), act('card_arrived'), act('handed_over')],
};

const reach = (state: CaseState): CaseRecord => run(initialCase(), ROUTE[state]);

/** What an action in "ready for decision" needs beforehand. */
function setupFor(type: CaseActionType): CaseAction[] {
  if (type === 'propose_refusal') return [act('record_hearing')];
  if (type === 'approve_refusal' || type === 'withdraw_refusal')
    return [act('record_hearing'), act('propose_refusal', alice)];
  return [];
}

function refusal(record: CaseRecord, action: CaseAction): RefusalReason | 'ok' {
  const result = transition(record, action);
  return result.ok ? 'ok' : result.reason;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

// ——— the table ———

test('the table names every state, and only known states and actions', () => {
  assert.deepEqual(Object.keys(TRANSITIONS).sort(), [...CASE_STATES].sort());
  for (const row of Object.values(TRANSITIONS)) {
    for (const [type, next] of Object.entries(row)) {
      assert.ok((CASE_ACTION_TYPES as readonly string[]).includes(type), type);
      assert.ok((CASE_STATES as readonly string[]).includes(next), next);
    }
  }
  assert.deepEqual(TRANSITIONS.closed, {});
});

test('every route reaches its state', () => {
  for (const state of CASE_STATES) assert.equal(reach(state).state, state);
});

test('every allowed transition in the table succeeds, moves to its state, counts a version and names an event', () => {
  let count = 0;
  for (const state of CASE_STATES) {
    for (const [type, next] of Object.entries(TRANSITIONS[state]) as [CaseActionType, CaseState][]) {
      const before = run(reach(state), state === 'ready_for_decision' ? setupFor(type) : []);
      const result = transition(before, act(type));
      assert.ok(result.ok, `${state} × ${type}: ${result.ok ? '' : result.reason}`);
      assert.equal(result.record.state, next, `${state} × ${type}`);
      assert.equal(result.record.version, before.version + 1);
      assert.match(result.event, /^case\.[a-z_]+$/);
      count++;
    }
  }
  assert.equal(count, 16);
});

test("every action missing from a state's row is refused as not allowed from that state, whoever acts", () => {
  let count = 0;
  for (const state of CASE_STATES) {
    const record = reach(state);
    for (const type of CASE_ACTION_TYPES) {
      if (TRANSITIONS[state][type] !== undefined) continue;
      for (const by of [alice, carol, nobody])
        assert.equal(refusal(record, act(type, by)), 'not_allowed_from_state', `${state} × ${type}`);
      assert.deepEqual(transition(record, act(type)), { ok: false, reason: 'not_allowed_from_state' });
      count++;
    }
  }
  assert.equal(count, CASE_STATES.length * CASE_ACTION_TYPES.length - 16);
});

test('in "ready for decision" the decision actions depend on hearing and proposal', () => {
  const situations = { fresh: TO_DECISION, heard: HEARD, proposed: PROPOSED };
  const expected: Record<keyof typeof situations, Partial<Record<CaseActionType, RefusalReason | 'ok'>>> = {
    fresh: {
      grant: 'ok',
      record_hearing: 'ok',
      propose_refusal: 'hearing_missing',
      approve_refusal: 'proposal_missing',
      withdraw_refusal: 'proposal_missing',
    },
    heard: {
      grant: 'ok',
      record_hearing: 'ok',
      propose_refusal: 'ok',
      approve_refusal: 'proposal_missing',
      withdraw_refusal: 'proposal_missing',
    },
    proposed: {
      grant: 'proposal_pending',
      record_hearing: 'proposal_pending',
      propose_refusal: 'proposal_pending',
      approve_refusal: 'ok',
      withdraw_refusal: 'ok',
    },
  };
  for (const [name, route] of Object.entries(situations) as [keyof typeof situations, CaseAction[]][]) {
    const record = run(initialCase(), route);
    for (const [type, outcome] of Object.entries(expected[name]) as [CaseActionType, RefusalReason | 'ok'][]) {
      assert.equal(refusal(record, act(type)), outcome, `${name} × ${type}`);
    }
    const allowed = Object.entries(expected[name])
      .filter(([, outcome]) => outcome === 'ok')
      .map(([type]) => type);
    assert.deepEqual([...allowedActions(record)].sort(), allowed.sort(), name);
  }
});

// ——— four eyes and the parts of a refusal ———

test('the proposer cannot approve their own refusal, not even after becoming a team lead', () => {
  const proposedByLead = run(initialCase(), [...HEARD, act('propose_refusal', carol)]);
  assert.equal(refusal(proposedByLead, act('approve_refusal', carol)), 'same_person');
  const proposedByAlice = run(initialCase(), PROPOSED);
  assert.equal(refusal(proposedByAlice, act('approve_refusal', aliceLead)), 'same_person');
  assert.equal(refusal(proposedByAlice, act('approve_refusal', alice)), 'same_person');
});

test('the second person must be allowed to approve refusals; deciding is not enough', () => {
  const record = run(initialCase(), PROPOSED);
  for (const by of [bob, erin, nobody])
    assert.equal(refusal(record, act('approve_refusal', by)), 'role_missing', by.userId);
  for (const by of [carol, dave]) assert.equal(refusal(record, act('approve_refusal', by)), 'ok', by.userId);
});

test('a refusal cannot be proposed without hearing, reasons or counselling information', () => {
  const fresh = run(initialCase(), TO_DECISION);
  const heard = run(initialCase(), HEARD);
  const propose = (reasons: string, counsellingInfoGiven: boolean): CaseAction => ({
    type: 'propose_refusal',
    by: alice,
    reasons,
    counsellingInfoGiven,
  });
  assert.equal(refusal(fresh, propose(REASONS, true)), 'hearing_missing');
  assert.equal(refusal(heard, propose('', true)), 'reasons_missing');
  assert.equal(refusal(heard, propose(' \n\t ', true)), 'reasons_missing');
  assert.equal(refusal(heard, propose(`   ${'x'.repeat(MIN_REASONS_LENGTH - 1)}   `, true)), 'reasons_too_short');
  assert.equal(refusal(heard, propose('ا'.repeat(MIN_REASONS_LENGTH), true)), 'ok');
  assert.equal(refusal(heard, propose(REASONS, false)), 'counselling_missing');
  assert.equal(refusal(heard, propose('', false)), 'reasons_missing', 'reasons are checked first');
});

test('the proposal keeps the trimmed reasons and follows the hearing', () => {
  const record = run(initialCase(), [
    ...HEARD,
    { type: 'propose_refusal', by: alice, reasons: `  ${REASONS}\n`, counsellingInfoGiven: true },
  ]);
  assert.equal(record.refusalProposal?.reasons, REASONS);
  assert.ok(record.hearing && record.refusalProposal && record.hearing.version < record.refusalProposal.version);
});

test('only staff who may decide the case may hear, propose or grant', () => {
  const fresh = run(initialCase(), TO_DECISION);
  const heard = run(initialCase(), HEARD);
  for (const by of [dave, erin, nobody]) {
    assert.equal(refusal(fresh, act('record_hearing', by)), 'role_missing');
    assert.equal(refusal(fresh, act('grant', by)), 'role_missing');
    assert.equal(refusal(heard, act('propose_refusal', by)), 'role_missing');
  }
  for (const by of [alice, carol, aliceLead]) assert.equal(refusal(heard, act('propose_refusal', by)), 'ok');
});

test('the record keeps who acted, not what they were allowed', () => {
  const refused = run(initialCase(), [...PROPOSED, act('approve_refusal', carol)]);
  assert.deepEqual(refused.hearing?.by, { userId: 'alice' });
  assert.deepEqual(refused.refusalProposal?.by, { userId: 'alice' });
  assert.deepEqual(refused.refusalApproval?.by, { userId: 'carol' });
});

test('records stored with the roles of their day (before the policy decided) still load and keep four eyes', () => {
  const proposed = run(initialCase(), PROPOSED);
  // As a row written before: each signature's actor carried the roles they held.
  const legacy = JSON.parse(
    JSON.stringify({
      ...proposed,
      hearing: { ...proposed.hearing, by: { userId: 'alice', roles: ['caseworker'] } },
      refusalProposal: { ...proposed.refusalProposal, by: { userId: 'alice', roles: ['caseworker'] } },
    }),
  ) as CaseRecord;
  assert.equal(refusal(legacy, act('approve_refusal', aliceLead)), 'same_person');
  assert.equal(refusal(legacy, act('withdraw_refusal', alice)), 'ok');
  const refused = transition(legacy, act('approve_refusal', carol));
  assert.ok(refused.ok);
  assert.equal(refused.record.state, 'refused');
  assert.deepEqual(refused.record.refusalApproval?.by, { userId: 'carol' });
});

test('the hearing needs a real calendar date', () => {
  const record = run(initialCase(), TO_DECISION);
  for (const heardOn of ['', '2025-02-30', '2025-3-14', '14.03.2025', '2025-03-14T10:00', '2025-13-01']) {
    assert.equal(refusal(record, { type: 'record_hearing', by: alice, heardOn }), 'hearing_date_invalid', heardOn);
  }
  assert.equal(refusal(record, { type: 'record_hearing', by: alice, heardOn: '2024-02-29' }), 'ok');
});

test('granting needs no hearing and no second person', () => {
  const record = run(initialCase(), [...TO_DECISION, act('grant', alice)]);
  assert.equal(record.state, 'granted');
  assert.deepEqual(record.grant?.by, { userId: 'alice' });
});

test('withdrawal clears the proposal; a new hearing and a new proposal may follow', () => {
  const withdrawn = run(initialCase(), [...PROPOSED, act('withdraw_refusal', alice)]);
  assert.equal(withdrawn.refusalProposal, null);
  assert.notEqual(withdrawn.hearing, null);
  const refused = run(withdrawn, [
    { type: 'record_hearing', by: bob, heardOn: '2025-04-01' },
    act('propose_refusal', bob),
    act('approve_refusal', dave),
  ]);
  assert.equal(refused.state, 'refused');
  assert.equal(refused.hearing?.heardOn, '2025-04-01');
  assert.deepEqual(refused.refusalProposal?.by, { userId: 'bob' });
  assert.deepEqual(refused.refusalApproval?.by, { userId: 'dave' });
});

test('the proposer, or a team lead sending it back, may withdraw a proposal; no one else', () => {
  const record = run(initialCase(), PROPOSED);
  for (const by of [alice, aliceLead, carol, dave])
    assert.equal(refusal(record, act('withdraw_refusal', by)), 'ok', by.userId);
  for (const by of [bob, erin, nobody])
    assert.equal(refusal(record, act('withdraw_refusal', by)), 'role_missing', by.userId);
  // Not the one who proposed, and may not approve: may not send it back either, even a lead in other matters.
  assert.equal(refusal(record, act('withdraw_refusal', who('carol', true, false))), 'role_missing');
});

test('approval checks the proposal again, for records read from storage', () => {
  const proposed = run(initialCase(), PROPOSED);
  const proposal = proposed.refusalProposal!;
  const tampered: [Partial<CaseRecord>, RefusalReason][] = [
    [{ hearing: null }, 'hearing_missing'],
    [{ hearing: { ...proposed.hearing!, version: proposal.version + 1 } }, 'hearing_missing'],
    [{ refusalProposal: { ...proposal, reasons: '  ' } }, 'reasons_missing'],
    [{ refusalProposal: { ...proposal, reasons: 'Nein.' } }, 'reasons_too_short'],
    [{ refusalProposal: { ...proposal, counsellingInfoGiven: false as true } }, 'counselling_missing'],
  ];
  for (const [change, reason] of tampered)
    assert.equal(refusal({ ...proposed, ...change }, act('approve_refusal', carol)), reason);
});

test('unknown actions and states are refused, never thrown', () => {
  const record = reach('in_review');
  assert.deepEqual(transition(record, { type: 'teleport' } as unknown as CaseAction), {
    ok: false,
    reason: 'unknown_action',
  });
  assert.deepEqual(transition(record, { type: 'constructor' } as unknown as CaseAction), {
    ok: false,
    reason: 'unknown_action',
  });
  const odd = { ...record, state: 'constructor' as CaseState };
  assert.deepEqual(transition(odd, act('mark_ready')), { ok: false, reason: 'not_allowed_from_state' });
  assert.deepEqual(allowedActions(odd), []);
});

test('each action has its own audit event', () => {
  const events = new Set<string>();
  for (const state of CASE_STATES) {
    for (const type of Object.keys(TRANSITIONS[state]) as CaseActionType[]) {
      const result = transition(run(reach(state), state === 'ready_for_decision' ? setupFor(type) : []), act(type));
      if (result.ok) events.add(result.event);
    }
  }
  assert.equal(events.size, CASE_ACTION_TYPES.length);
});

// ——— properties ———

const actor = fc.constantFrom(...ACTORS);
/** Content is mostly valid, so that the refusal path is reached often; the rest is every kind of wrong. */
const reasons = fc.oneof(
  { arbitrary: fc.constant(REASONS), weight: 6 },
  { arbitrary: fc.constantFrom('', '   ', 'Abgelehnt.', ` ${'x'.repeat(MIN_REASONS_LENGTH - 1)} `), weight: 2 },
  { arbitrary: fc.string({ maxLength: 40 }), weight: 1 },
);
const heardOn = fc.oneof(
  { arbitrary: fc.constant(DAY), weight: 4 },
  { arbitrary: fc.constantFrom('2025-02-30', '', '14.03.2025'), weight: 1 },
);
const counselling = fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 });

function actionOf(by: fc.Arbitrary<ActorRef>): fc.Arbitrary<CaseAction> {
  const simple = fc
    .constantFrom(
      ...CASE_ACTION_TYPES.filter(
        (type) => !['grant', 'record_hearing', 'propose_refusal', 'approve_refusal', 'withdraw_refusal'].includes(type),
      ),
    )
    .map((type) => ({ type }) as CaseAction);
  return fc.oneof(
    { arbitrary: simple, weight: 4 },
    { arbitrary: fc.record({ type: fc.constant('grant' as const), by }), weight: 1 },
    { arbitrary: fc.record({ type: fc.constant('record_hearing' as const), by, heardOn }), weight: 3 },
    {
      arbitrary: fc.record({
        type: fc.constant('propose_refusal' as const),
        by,
        reasons,
        counsellingInfoGiven: counselling,
      }),
      weight: 3,
    },
    { arbitrary: fc.record({ type: fc.constant('approve_refusal' as const), by }), weight: 3 },
    { arbitrary: fc.record({ type: fc.constant('withdraw_refusal' as const), by }), weight: 1 },
  );
}

/** Half of the sequences start by bringing the case to a decision, so the refusal path is explored often. */
function sequences(by: fc.Arbitrary<ActorRef>): fc.Arbitrary<CaseAction[]> {
  return fc
    .tuple(fc.boolean(), fc.array(actionOf(by), { maxLength: 30, size: 'max' }))
    .map(([prefix, rest]) => (prefix ? [...TO_DECISION, ...rest] : rest));
}

const isApprover = (by: ActorRef) => by.mayApproveRefusal === true;

/**
 * The test's own view, from the successful actions alone (not the record's fields): the latest
 * hearing and the pending proposal, each with the step at which it happened.
 */
interface Seen {
  hearingAt: number | null;
  proposal: { at: number; action: With<'propose_refusal'> } | null;
}

function observe(seen: Seen, action: CaseAction, at: number): Seen {
  if (action.type === 'record_hearing') return { ...seen, hearingAt: at };
  if (action.type === 'propose_refusal') return { ...seen, proposal: { at, action } };
  if (action.type === 'withdraw_refusal') return { ...seen, proposal: null };
  return seen;
}

function assertRefusalComplete(record: CaseRecord, seen: Seen, approval: With<'approve_refusal'>): void {
  const { hearing, refusalProposal: proposal, refusalApproval } = record;
  // From the sequence itself.
  assert.ok(seen.proposal, 'a proposal was made and not withdrawn');
  assert.ok(seen.hearingAt !== null && seen.hearingAt < seen.proposal.at, 'a hearing came before the proposal');
  assert.ok([...seen.proposal.action.reasons.trim()].length >= MIN_REASONS_LENGTH);
  assert.equal(seen.proposal.action.counsellingInfoGiven, true);
  assert.ok(seen.proposal.action.by.mayDecide, 'the proposer may decide the case');
  assert.notEqual(approval.by.userId, seen.proposal.action.by.userId);
  assert.ok(isApprover(approval.by));
  // From the record.
  assert.ok(hearing && proposal && refusalApproval);
  assert.ok(hearing.version < proposal.version && proposal.version < refusalApproval.version);
  assert.ok(proposal.reasons.trim().length > 0 && [...proposal.reasons].length >= MIN_REASONS_LENGTH);
  assert.equal(proposal.counsellingInfoGiven, true);
  assert.notEqual(refusalApproval.by.userId, proposal.by.userId);
  assert.deepEqual(refusalApproval.by, { userId: approval.by.userId });
}

test('property: whenever a case becomes refused, it was heard, reasoned, counselled and approved by a second person', () => {
  let refusals = 0;
  fc.assert(
    fc.property(sequences(actor), (actions) => {
      let record = deepFreeze(initialCase());
      let seen: Seen = { hearingAt: null, proposal: null };
      actions.forEach((action, at) => {
        const result = transition(record, action);
        if (!result.ok) return;
        seen = observe(seen, action, at);
        if (result.record.state === 'refused' && record.state !== 'refused') {
          assert.equal(action.type, 'approve_refusal');
          assertRefusalComplete(result.record, seen, action as With<'approve_refusal'>);
          refusals++;
        }
        assert.equal(
          result.record.refusalApproval !== null,
          ['refused', 'closed'].includes(result.record.state) && result.record.grant === null,
        );
        record = deepFreeze(result.record);
      });
    }),
    { numRuns: 2000 },
  );
  assert.ok(refusals > 20, `the refusal path was reached only ${refusals} times`);
});

test('property: no sequence of actions by a single user ever reaches "refused"', () => {
  // The same person, allowed anything or nothing, differently from one step to the next.
  const solo = fc.record({ userId: fc.constant('solo'), mayDecide: fc.boolean(), mayApproveRefusal: fc.boolean() });
  fc.assert(
    fc.property(sequences(solo), fc.boolean(), (actions, fullPath) => {
      // Sometimes the single user goes the whole valid way first, allowed everything there is.
      const all = who('solo', true, true);
      const attempt: CaseAction[] = fullPath
        ? [
            ...TO_DECISION,
            act('record_hearing', all),
            act('propose_refusal', all),
            act('approve_refusal', all),
            ...actions,
          ]
        : actions;
      let record = initialCase();
      for (const action of attempt) {
        const result = transition(record, action);
        if (result.ok) record = result.record;
        assert.notEqual(record.state, 'refused');
        assert.equal(record.refusalApproval, null);
      }
    }),
    { numRuns: 1000 },
  );
});

test('property: allowedActions lists exactly the actions that succeed (with valid content)', () => {
  fc.assert(
    fc.property(sequences(actor), actor, (actions, by) => {
      const record = actions.reduce((current, action) => {
        const result = transition(current, action);
        return result.ok ? result.record : current;
      }, initialCase());
      const forActor = allowedActions(record, by);
      const forAnyone = allowedActions(record);
      for (const type of CASE_ACTION_TYPES) {
        assert.equal(
          forActor.includes(type),
          transition(record, act(type, by)).ok,
          `${record.state} × ${type} by ${by.userId}`,
        );
        if (forActor.includes(type)) assert.ok(forAnyone.includes(type));
      }
    }),
    { numRuns: 1000 },
  );
});

test('property: transition never changes its input; a success follows the table and counts the version', () => {
  fc.assert(
    fc.property(sequences(actor), (actions) => {
      let record = deepFreeze(initialCase());
      for (const action of actions) {
        const snapshot = structuredClone(record);
        const result = transition(record, action);
        assert.deepEqual(record, snapshot);
        if (!result.ok) continue;
        assert.equal(result.record.version, record.version + 1);
        assert.equal(result.record.state, TRANSITIONS[record.state][action.type]);
        record = deepFreeze(result.record);
      }
    }),
    { numRuns: 500 },
  );
});
