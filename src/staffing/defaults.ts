import { type Static, Type } from '@sinclair/typebox';
import path from 'node:path';
import { isDay } from '../platform/clock/office-time.js';
import { readSeedFile, SEEDS_DIR } from '../platform/seed-files.js';

/**
 * The published defaults of the staffing need as data (seeds/<office>/staffing.json): the annual
 * working minutes of a full-time worker and the Verteilzeit surcharge, each with its source and
 * when someone last checked it. The authority's own values (staffing_settings) override them.
 */
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

const Fact = (minimum: number, maximum: number) =>
  Type.Object(
    {
      value: Type.Number({ minimum, maximum }),
      source: Type.String({ minLength: 10, maxLength: 1000 }),
      url: Type.String({ pattern: '^https://' }),
      lastChecked: Day,
    },
    { additionalProperties: false },
  );

const DefaultsSchema = Type.Object(
  {
    note: Type.String(),
    annualWorkingMinutes: Fact(10_000, 200_000),
    surchargePercent: Fact(0, 50),
  },
  { additionalProperties: false },
);

export type StaffingDefaults = Static<typeof DefaultsSchema>;
export type PublishedFact = StaffingDefaults['surchargePercent'];

export async function readStaffingDefaults(folder = path.join(SEEDS_DIR, 'demo')): Promise<StaffingDefaults> {
  const file = path.join(folder, 'staffing.json');
  const defaults = await readSeedFile(file, DefaultsSchema);
  for (const fact of [defaults.annualWorkingMinutes, defaults.surchargePercent])
    if (!isDay(fact.lastChecked)) throw new Error(`Seed file ${file}: ${fact.lastChecked} is no calendar day`);
  return defaults;
}
