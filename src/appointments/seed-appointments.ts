import { Type } from '@sinclair/typebox';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { servicesAt } from '../catalog/booking-facts.js';
import type { Tx } from '../platform/database/index.js';
import { readSeedFile } from '../platform/seed-files.js';
import { commitSeed, newSeed } from './draws/draw.js';
import { addDays } from '../platform/clock/office-time.js';
import { officeToday } from '../platform/clock/office-time.js';

const Time = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });
const Channel = Type.Union([Type.Literal('online'), Type.Literal('staff'), Type.Literal('emergency')]);

const CounterSeeds = Type.Array(
  Type.Object(
    {
      location: Type.String(),
      label: Type.String({ minLength: 1, maxLength: 40 }),
      staff: Type.Union([Type.String(), Type.Null()]),
      services: Type.Union([Type.Literal('all'), Type.Array(Type.String())]),
      hours: Type.Array(
        Type.Object(
          {
            weekdays: Type.Array(Type.Integer({ minimum: 1, maximum: 7 })),
            opens: Time,
            closes: Time,
            channel: Channel,
          },
          { additionalProperties: false },
        ),
      ),
    },
    { additionalProperties: false },
  ),
);

const DrawSeeds = Type.Array(
  Type.Object(
    {
      service: Type.String(),
      location: Type.String(),
      days: Type.Integer({ minimum: 1, maximum: 28 }),
      slotsFromDay: Type.Integer({ minimum: 1 }),
      slotsUntilDay: Type.Integer({ minimum: 1 }),
    },
    { additionalProperties: false },
  ),
);

/**
 * Counters of a seed folder (`counters.json`) with their services and hours per channel. Like staff,
 * a counter is seeded once; afterwards its configuration belongs to the office's admins.
 */
export async function seedCounters(
  tx: Tx,
  folder: string,
  authorityId: string,
  locationIds: ReadonlyMap<string, string>,
  staffIds: ReadonlyMap<string, string>,
): Promise<number> {
  const file = path.join(folder, 'counters.json');
  if (!existsSync(file)) return 0;
  let created = 0;
  for (const counter of await readSeedFile(file, CounterSeeds)) {
    const locationId = locationIds.get(counter.location);
    if (!locationId) throw new Error(`Seed file ${file}: unknown location "${counter.location}"`);
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO counters (authority_id, location_id, label, staff_user_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (location_id, label) DO NOTHING RETURNING id`,
      [authorityId, locationId, counter.label, counter.staff ? (staffIds.get(counter.staff) ?? null) : null],
    );
    if (!rows[0]) continue;
    created++;
    const offered = await servicesAt(tx, locationId);
    const serviceIds =
      counter.services === 'all'
        ? offered.map((s) => s.id)
        : offered.filter((s) => counter.services.includes(s.slug)).map((s) => s.id);
    for (const serviceId of serviceIds) {
      await tx.query('INSERT INTO counter_services (counter_id, service_id, authority_id) VALUES ($1, $2, $3)', [
        rows[0].id,
        serviceId,
        authorityId,
      ]);
    }
    for (const h of counter.hours) {
      for (const weekday of h.weekdays) {
        await tx.query(
          'INSERT INTO counter_hours (counter_id, authority_id, weekday, opens, closes, channel) VALUES ($1, $2, $3, $4, $5, $6)',
          [rows[0].id, authorityId, weekday, h.opens, h.closes, h.channel],
        );
      }
    }
  }
  return created;
}

/** Draw rounds of a seed folder (`draws.json`), opened now when none is open for that service and location. */
export async function seedDraws(
  tx: Tx,
  folder: string,
  authorityId: string,
  locationIds: ReadonlyMap<string, string>,
  seal: (seed: string) => string,
): Promise<void> {
  const file = path.join(folder, 'draws.json');
  if (!existsSync(file)) return;
  const today = officeToday(Date.now());
  for (const draw of await readSeedFile(file, DrawSeeds)) {
    const locationId = locationIds.get(draw.location)!;
    const service = (await servicesAt(tx, locationId)).find((s) => s.slug === draw.service);
    if (!service) throw new Error(`Seed file ${file}: service "${draw.service}" is not offered at "${draw.location}"`);
    const seed = newSeed();
    await tx.query(
      `INSERT INTO draw_rounds (authority_id, service_id, location_id, opens_at, closes_at, slots_from, slots_until, seed_hash, sealed_seed)
       SELECT $1, $2, $3, now(), now() + make_interval(days => $4), $5, $6, $7, $8
        WHERE NOT EXISTS (SELECT 1 FROM draw_rounds WHERE service_id = $2 AND location_id = $3 AND drawn_at IS NULL)`,
      [
        authorityId,
        service.id,
        locationId,
        draw.days,
        addDays(today, draw.slotsFromDay),
        addDays(today, draw.slotsUntilDay),
        commitSeed(seed),
        seal(seed),
      ],
    );
  }
}
