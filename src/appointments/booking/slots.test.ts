import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { addDays, instantOf, localParts } from '../../platform/clock/office-time.js';
import { freeSlots, overlapsAny, type BusyTime, type Channel, type CounterPlan, type SlotRequest } from './slots.js';

const TZ = 'Europe/Berlin';
const SERVICE = 'svc';

const hoursArb = fc
  .record({
    weekday: fc.integer({ min: 1, max: 7 }),
    opens: fc.integer({ min: 6 * 60, max: 14 * 60 }),
    length: fc.integer({ min: 15, max: 6 * 60 }),
  })
  .map((h) => ({ weekday: h.weekday, opens: h.opens, closes: h.opens + h.length }));

const channelArb = fc.constantFrom<Channel>('online', 'staff', 'emergency');

const counterArb = (id: string) =>
  fc
    .record({
      serves: fc.boolean(),
      hours: fc.array(fc.record({ h: hoursArb, channel: channelArb }), { maxLength: 8 }),
    })
    .map(
      ({ serves, hours }): CounterPlan => ({
        id,
        serviceIds: serves ? [SERVICE, 'other'] : ['other'],
        hours: hours.map(({ h, channel }) => ({ ...h, channel })),
      }),
    );

const scenarioArb = fc.record({
  firstDay: fc.integer({ min: 0, max: 800 }).map((n) => addDays('2026-01-01', n)),
  days: fc.integer({ min: 1, max: 21 }),
  duration: fc.constantFrom(10, 15, 20, 30, 45, 60),
  channel: channelArb,
  opening: fc.array(hoursArb, { minLength: 1, maxLength: 10 }),
  closedOffsets: fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 5 }),
  counters: fc.tuple(counterArb('c1'), counterArb('c2'), counterArb('c3')),
  busy: fc.array(
    fc.record({
      counter: fc.constantFrom('c1', 'c2', 'c3'),
      dayOffset: fc.integer({ min: 0, max: 20 }),
      minute: fc.integer({ min: 360, max: 1200 }),
      length: fc.integer({ min: 5, max: 120 }),
    }),
    { maxLength: 30 },
  ),
  notBeforeOffset: fc.integer({ min: -1, max: 5 * 24 * 60 }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function build(s: Scenario) {
  const start = instantOf(s.firstDay, 0, TZ);
  const request: SlotRequest = {
    serviceId: SERVICE,
    durationMinutes: s.duration,
    channel: s.channel,
    firstDay: s.firstDay,
    days: s.days,
    notBefore: s.notBeforeOffset < 0 ? 0 : start + s.notBeforeOffset * 60_000,
    timeZone: TZ,
    openingHours: s.opening,
    closedDays: new Set(s.closedOffsets.map((n) => addDays(s.firstDay, n))),
  };
  const busy: BusyTime[] = s.busy.map((b) => {
    const startsAt = instantOf(addDays(s.firstDay, b.dayOffset), b.minute, TZ);
    return { counterId: b.counter, startsAt, endsAt: startsAt + b.length * 60_000 };
  });
  return { request, busy };
}

test("every slot lies inside opening hours and the counter's hours for the channel, never on a closed day, never before the lead time", () => {
  fc.assert(
    fc.property(scenarioArb, (s) => {
      const { request, busy } = build(s);
      for (const { day, slots } of freeSlots(request, s.counters, busy)) {
        assert.ok(!request.closedDays.has(day));
        for (const slot of slots) {
          assert.equal(slot.endsAt - slot.startsAt, s.duration * 60_000);
          assert.ok(slot.startsAt >= request.notBefore);
          const start = localParts(slot.startsAt, TZ);
          assert.equal(start.day, day);
          const from = start.minutes;
          const to = from + s.duration;
          assert.ok(
            s.opening.some((o) => o.weekday === start.weekday && o.opens <= from && to <= o.closes),
            'inside opening hours',
          );
          assert.ok(slot.counterIds.length > 0);
          for (const id of slot.counterIds) {
            const counter = s.counters.find((c) => c.id === id)!;
            assert.ok(counter.serviceIds.includes(SERVICE), 'counter serves the service');
            assert.ok(
              counter.hours.some(
                (h) => h.channel === s.channel && h.weekday === start.weekday && h.opens <= from && to <= h.closes,
              ),
              'inside counter hours',
            );
          }
        }
      }
    }),
    { numRuns: 300 },
  );
});

test('no slot is offered at a counter whose time overlaps something already occupying it', () => {
  fc.assert(
    fc.property(scenarioArb, (s) => {
      const { request, busy } = build(s);
      for (const { slots } of freeSlots(request, s.counters, busy)) {
        for (const slot of slots) {
          for (const id of slot.counterIds) {
            assert.ok(!busy.some((b) => b.counterId === id && b.startsAt < slot.endsAt && slot.startsAt < b.endsAt));
          }
        }
      }
    }),
    { numRuns: 300 },
  );
});

test('with nothing busy, each counter window yields exactly floor(length / duration) slots', () => {
  const counters: CounterPlan[] = [
    { id: 'a', serviceIds: [SERVICE], hours: [{ weekday: 2, opens: 480, closes: 600, channel: 'online' }] },
    {
      id: 'b',
      serviceIds: [SERVICE],
      hours: [
        { weekday: 2, opens: 480, closes: 570, channel: 'online' },
        { weekday: 2, opens: 600, closes: 660, channel: 'staff' },
      ],
    },
  ];
  const request: SlotRequest = {
    serviceId: SERVICE,
    durationMinutes: 30,
    channel: 'online',
    firstDay: '2026-11-24',
    days: 1,
    notBefore: 0,
    timeZone: TZ,
    openingHours: [{ weekday: 2, opens: 480, closes: 720 }],
    closedDays: new Set(),
  };
  const [day] = freeSlots(request, counters, []);
  assert.deepEqual(
    day!.slots.map((s) => s.counterIds.length),
    [2, 2, 2, 1],
  );
  assert.equal(day!.slots[0]!.startsAt, Date.parse('2026-11-24T07:00:00Z'));
});

test('slots follow local time across the change to summer time', () => {
  const counters: CounterPlan[] = [
    { id: 'a', serviceIds: [SERVICE], hours: [{ weekday: 1, opens: 540, closes: 570, channel: 'online' }] },
  ];
  const base = {
    serviceId: SERVICE,
    durationMinutes: 30,
    channel: 'online' as const,
    days: 1,
    notBefore: 0,
    timeZone: TZ,
    openingHours: [{ weekday: 1, opens: 480, closes: 720 }],
    closedDays: new Set<string>(),
  };
  assert.equal(
    freeSlots({ ...base, firstDay: '2026-03-23' }, counters, [])[0]!.slots[0]!.startsAt,
    Date.parse('2026-03-23T08:00:00Z'),
  );
  assert.equal(
    freeSlots({ ...base, firstDay: '2026-03-30' }, counters, [])[0]!.slots[0]!.startsAt,
    Date.parse('2026-03-30T07:00:00Z'),
  );
  assert.equal(instantOf('2026-03-29', 150, TZ), Date.parse('2026-03-29T01:30:00Z')); // 02:30 does not exist; it is read as 03:30 summer time
  assert.equal(instantOf('2026-10-25', 60, TZ), Date.parse('2026-10-24T23:00:00Z'));
});

test('overlapsAny agrees with a linear scan', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ s: fc.integer({ min: 0, max: 1000 }), l: fc.integer({ min: 1, max: 100 }) })),
      fc.integer({ min: 0, max: 1100 }),
      fc.integer({ min: 1, max: 100 }),
      (raw, start, length) => {
        // Non-overlapping, as occupying rows of one counter always are.
        const sorted = raw
          .sort((a, b) => a.s - b.s)
          .reduce<{ startsAt: number; endsAt: number }[]>((acc, r) => {
            const last = acc.at(-1);
            if (!last || r.s >= last.endsAt) acc.push({ startsAt: r.s, endsAt: r.s + r.l });
            return acc;
          }, []);
        const expected = sorted.some((i) => i.startsAt < start + length && start < i.endsAt);
        assert.equal(overlapsAny(sorted, start, start + length), expected);
      },
    ),
  );
});
