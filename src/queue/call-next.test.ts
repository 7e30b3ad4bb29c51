import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  DUE_EARLY_MINUTES,
  LANGUAGE_PREFERENCE_MAX_WAIT_MINUTES,
  pickNext,
  positionOf,
  queueOrder,
  type CallingCounter,
  type TicketKind,
  type WaitingTicket,
} from './call-next.js';

const MIN = 60_000;
const NOW = Date.parse('2026-11-24T09:00:00Z');
const counter: CallingCounter = { id: 'c1', serviceIds: ['residence'], staffLanguages: ['en'] };

function ticket(id: string, over: Partial<WaitingTicket> = {}): WaitingTicket {
  return {
    id,
    kind: 'walk_in',
    serviceId: 'residence',
    language: 'de',
    arrivedAt: NOW - 10 * MIN,
    seq: 1,
    dueAt: null,
    assignedCounterId: null,
    ...over,
  };
}

test('a due appointment goes before everything, from five minutes before its start, earliest start first', () => {
  const later = ticket('later', {
    kind: 'appointment',
    dueAt: NOW + DUE_EARLY_MINUTES * MIN,
    arrivedAt: NOW - 30 * MIN,
  });
  const earlier = ticket('earlier', { kind: 'appointment', dueAt: NOW - 2 * MIN, arrivedAt: NOW - MIN });
  const others = [
    ticket('emergency', { kind: 'emergency', arrivedAt: NOW - 60 * MIN }),
    ticket('sent', { assignedCounterId: 'c1', arrivedAt: NOW - 60 * MIN }),
  ];
  assert.equal(pickNext([...others, later, earlier], counter, NOW)?.id, 'earlier');
  assert.equal(pickNext([...others, later], counter, NOW)?.id, 'later');
  // One millisecond more than five minutes early is not yet due.
  const early = ticket('early', { kind: 'appointment', dueAt: NOW + DUE_EARLY_MINUTES * MIN + 1 });
  assert.equal(pickNext([...others, early], counter, NOW)?.id, 'sent');
});

test('then a ticket transferred to this counter, then emergencies, then walk-ins, then early appointments', () => {
  const tickets = [
    ticket('early', { kind: 'appointment', dueAt: NOW + 60 * MIN, arrivedAt: NOW - 50 * MIN, seq: 1 }),
    ticket('walk', { arrivedAt: NOW - 40 * MIN, seq: 2 }),
    ticket('emergency', { kind: 'emergency', arrivedAt: NOW - 5 * MIN, seq: 3 }),
    ticket('sent', { arrivedAt: NOW - MIN, seq: 4, assignedCounterId: 'c1' }),
  ];
  const calls: string[] = [];
  let rest = tickets;
  for (let next = pickNext(rest, counter, NOW); next; next = pickNext(rest, counter, NOW)) {
    calls.push(next.id);
    rest = rest.filter((t) => t !== next);
  }
  assert.deepEqual(calls, ['sent', 'emergency', 'walk', 'early']);
});

test('a counter never calls a matter it does not serve, nor a ticket transferred elsewhere', () => {
  const tickets = [
    ticket('other', { serviceId: 'naturalisation' }),
    ticket('elsewhere', { kind: 'emergency', assignedCounterId: 'c2' }),
  ];
  assert.equal(pickNext(tickets, counter, NOW), null);
  assert.equal(pickNext([], counter, NOW), null);
});

test('within a class a person the caseworker can talk to goes first, but for at most twenty minutes', () => {
  const bound = LANGUAGE_PREFERENCE_MAX_WAIT_MINUTES * MIN;
  const turkish = ticket('tr', { language: 'tr', arrivedAt: NOW - bound + 1, seq: 1 });
  const english = ticket('en', { language: 'en', arrivedAt: NOW - MIN, seq: 2 });
  const german = ticket('de', { language: 'de', arrivedAt: NOW - 2 * MIN, seq: 3 });
  assert.equal(pickNext([turkish, english], counter, NOW)?.id, 'en', 'the caseworker speaks English');
  assert.equal(pickNext([turkish, english, german], counter, NOW)?.id, 'de', 'everyone speaks German; then arrival');
  assert.equal(pickNext([turkish, english], counter, NOW + 1)?.id, 'tr', 'after twenty minutes arrival decides again');
  assert.equal(pickNext([turkish, english], { ...counter, staffLanguages: ['tr'] }, NOW)?.id, 'tr');
  // The preference never lifts a walk-in over an emergency.
  const emergency = ticket('em', { kind: 'emergency', language: 'fa', arrivedAt: NOW });
  assert.equal(pickNext([german, emergency], counter, NOW)?.id, 'em');
});

test('ties of arrival go by issue number, then id', () => {
  assert.equal(pickNext([ticket('a', { seq: 7 }), ticket('b', { seq: 6 })], counter, NOW)?.id, 'b');
  assert.equal(pickNext([ticket('b', { seq: 6 }), ticket('a', { seq: 6 })], counter, NOW)?.id, 'a');
});

test('the queue order for positions ignores counters and languages and orders appointments by their start', () => {
  const tickets = [
    ticket('early2', { kind: 'appointment', dueAt: NOW + 30 * MIN, arrivedAt: NOW - 50 * MIN }),
    ticket('early1', { kind: 'appointment', dueAt: NOW + 20 * MIN, arrivedAt: NOW - 5 * MIN }),
    ticket('walk', { language: 'ar', arrivedAt: NOW - 40 * MIN, assignedCounterId: 'c9' }),
    ticket('emergency', { kind: 'emergency', arrivedAt: NOW - MIN }),
    ticket('due', { kind: 'appointment', dueAt: NOW, arrivedAt: NOW }),
    ticket('other', { serviceId: 'naturalisation', kind: 'emergency', arrivedAt: NOW - 60 * MIN }),
  ];
  assert.deepEqual(
    queueOrder(tickets, NOW).map((t) => t.id),
    ['due', 'other', 'emergency', 'walk', 'early1', 'early2'],
  );
  assert.deepEqual(positionOf(tickets, 'walk', NOW), { position: 3, ahead: 2 });
  assert.deepEqual(positionOf(tickets, 'other', NOW), { position: 1, ahead: 0 });
  assert.equal(positionOf(tickets, 'gone', NOW), null);
});

// Random queues: few services, languages and instants, so that ties and boundaries are common.
const SERVICES = ['s1', 's2', 's3'];
const LANGUAGES = ['de', 'en', 'tr', 'uk', 'ar', 'ru', 'fa'];
const COUNTERS = ['c1', 'c2', 'c3'];

const offsetArb = (edge: number) =>
  fc.oneof(
    fc.integer({ min: -60, max: 60 }).map((m) => m * MIN),
    fc.constantFrom(edge - 1, edge, edge + 1),
  );

const ticketsArb = fc
  .array(
    fc.record({
      kind: fc.constantFrom<TicketKind>('appointment', 'emergency', 'walk_in'),
      serviceId: fc.constantFrom(...SERVICES),
      language: fc.constantFrom(...LANGUAGES),
      waited: offsetArb(LANGUAGE_PREFERENCE_MAX_WAIT_MINUTES * MIN),
      seq: fc.integer({ min: 1, max: 5 }),
      dueIn: offsetArb(DUE_EARLY_MINUTES * MIN),
      assignedCounterId: fc.option(fc.constantFrom(...COUNTERS), { freq: 3 }),
    }),
    { maxLength: 25 },
  )
  .map((rows) =>
    rows.map(
      (r, i): WaitingTicket => ({
        // Ids in an order unrelated to arrival, so the id tie-break is exercised on its own.
        id: `t${(i * 7919) % 1000}-${i}`,
        kind: r.kind,
        serviceId: r.serviceId,
        language: r.language,
        arrivedAt: NOW - r.waited,
        seq: r.seq,
        dueAt: r.kind === 'appointment' ? NOW + r.dueIn : null,
        assignedCounterId: r.assignedCounterId,
      }),
    ),
  );

const counterArb = fc.record({
  id: fc.constantFrom(...COUNTERS),
  serviceIds: fc.subarray(SERVICES),
  staffLanguages: fc.subarray(LANGUAGES.slice(1)),
});

// Independent restatements of the rule, for the properties below.
const eligible = (t: WaitingTicket, c: CallingCounter) =>
  c.serviceIds.includes(t.serviceId) && (t.assignedCounterId === null || t.assignedCounterId === c.id);
const isDue = (t: WaitingTicket) => t.kind === 'appointment' && t.dueAt! - NOW <= DUE_EARLY_MINUTES * MIN;
const classOf = (t: WaitingTicket, c: CallingCounter) =>
  isDue(t) ? 0 : t.assignedCounterId === c.id ? 1 : ({ emergency: 2, walk_in: 3, appointment: 4 } as const)[t.kind];
const speaks = (t: WaitingTicket, c: CallingCounter) =>
  t.language === 'de' ||
  c.staffLanguages.includes(t.language) ||
  NOW - t.arrivedAt >= LANGUAGE_PREFERENCE_MAX_WAIT_MINUTES * MIN;

test('(a) a due appointment is never skipped', () => {
  fc.assert(
    fc.property(ticketsArb, counterArb, (tickets, c) => {
      const pick = pickNext(tickets, c, NOW);
      if (tickets.some((t) => eligible(t, c) && isDue(t))) assert.ok(pick && isDue(pick));
    }),
    { numRuns: 500 },
  );
});

test('(b) a counter is never given a matter it does not serve or a ticket transferred to another counter', () => {
  fc.assert(
    fc.property(ticketsArb, counterArb, (tickets, c) => {
      const pick = pickNext(tickets, c, NOW);
      if (pick) {
        assert.ok(c.serviceIds.includes(pick.serviceId));
        assert.ok(pick.assignedCounterId === null || pick.assignedCounterId === c.id);
      }
    }),
    { numRuns: 500 },
  );
});

test('(c) among equals the first to arrive is called, and the class and language order hold', () => {
  fc.assert(
    fc.property(ticketsArb, counterArb, (tickets, c) => {
      const pick = pickNext(tickets, c, NOW);
      if (!pick) return;
      const candidates = tickets.filter((t) => eligible(t, c));
      const cls = classOf(pick, c);
      assert.equal(cls, Math.min(...candidates.map((t) => classOf(t, c))));
      // Due and early appointments go by their booked start: equals share it.
      const byStart = cls === 0 || cls === 4;
      const sameClass = candidates.filter((t) => classOf(t, c) === cls && (!byStart || t.dueAt === pick.dueAt));
      if (byStart)
        assert.ok(
          candidates.filter((t) => classOf(t, c) === cls).every((t) => t.dueAt! >= pick.dueAt!),
          'earliest booked start',
        );
      if (!speaks(pick, c))
        assert.ok(
          sameClass.every((t) => !speaks(t, c)),
          'language preference',
        );
      for (const t of sameClass.filter((u) => speaks(u, c) === speaks(pick, c))) {
        assert.ok(
          pick.arrivedAt < t.arrivedAt || (pick.arrivedAt === t.arrivedAt && pick.seq <= t.seq),
          `${pick.id} before ${t.id}`,
        );
      }
    }),
    { numRuns: 500 },
  );
});

test('(d) there is a pick exactly when something is eligible, and it does not depend on the input order', () => {
  fc.assert(
    fc.property(ticketsArb, counterArb, (tickets, c) => {
      const pick = pickNext(tickets, c, NOW);
      assert.equal(
        pick !== null,
        tickets.some((t) => eligible(t, c)),
      );
      assert.equal(pickNext([...tickets].reverse(), c, NOW), pick);
    }),
    { numRuns: 500 },
  );
});

test('(e) calling until nothing is left calls every eligible ticket exactly once', () => {
  fc.assert(
    fc.property(ticketsArb, counterArb, (tickets, c) => {
      let rest = tickets;
      const called: WaitingTicket[] = [];
      for (let next = pickNext(rest, c, NOW); next; next = pickNext(rest, c, NOW)) {
        assert.ok(rest.includes(next));
        called.push(next);
        rest = rest.filter((t) => t !== next);
      }
      const ids = (ts: WaitingTicket[]) => ts.map((t) => t.id).sort();
      assert.deepEqual(ids(called), ids(tickets.filter((t) => eligible(t, c))));
      assert.ok(rest.every((t) => !eligible(t, c)));
    }),
    { numRuns: 300 },
  );
});

test('(f) positions agree with the queue order and run 1..n within each service', () => {
  fc.assert(
    fc.property(ticketsArb, (tickets) => {
      const order = queueOrder(tickets, NOW);
      assert.deepEqual(
        [...order].sort((a, b) => (a.id < b.id ? -1 : 1)),
        [...tickets].sort((a, b) => (a.id < b.id ? -1 : 1)),
      );
      for (const service of SERVICES) {
        const inService = order.filter((t) => t.serviceId === service);
        const positions = inService.map((t) => positionOf(tickets, t.id, NOW));
        assert.deepEqual(
          positions,
          inService.map((_, i) => ({ position: i + 1, ahead: i })),
        );
      }
      assert.equal(positionOf(tickets, 'absent', NOW), null);
    }),
    { numRuns: 300 },
  );
});

test('a counter serving everything in every language, with no transfers, calls the head of the queue order (apart from early appointments)', () => {
  // queueOrder orders early appointments by start, pickNext by arrival; both put them last.
  const universal: CallingCounter = { id: 'c1', serviceIds: SERVICES, staffLanguages: LANGUAGES };
  fc.assert(
    fc.property(ticketsArb, (raw) => {
      const tickets = raw.map((t) => ({ ...t, assignedCounterId: null }));
      const head = queueOrder(tickets, NOW)[0];
      const pick = pickNext(tickets, universal, NOW);
      if (!head || (head.kind === 'appointment' && !isDue(head))) return;
      assert.equal(pick, head);
    }),
    { numRuns: 300 },
  );
});
