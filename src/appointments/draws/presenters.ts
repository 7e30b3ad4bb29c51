import { type Static, Type } from '@sinclair/typebox';
import type { PublicDraw } from './draw-rounds.js';

export const DrawJson = Type.Object({
  id: Type.String({ format: 'uuid' }),
  registration: Type.Object({
    opensAt: Type.String({ format: 'date-time' }),
    closesAt: Type.String({ format: 'date-time' }),
  }),
  slots: Type.Object({
    from: Type.String({ format: 'date' }),
    until: Type.String({ format: 'date' }),
    count: Type.Union([Type.Integer(), Type.Null()]),
  }),
  commitment: Type.String({ description: 'SHA-256 (hex) of the 32 seed bytes, published before registration opened' }),
  seed: Type.Union([Type.String(), Type.Null()], { description: 'The seed (hex), revealed after the draw' }),
  entries: Type.Array(Type.Object({ pseudonym: Type.String(), urgent: Type.Boolean() })),
  order: Type.Union([Type.Array(Type.String()), Type.Null()]),
  winners: Type.Union([Type.Array(Type.Object({ pseudonym: Type.String(), slotIndex: Type.Integer() })), Type.Null()]),
  verified: Type.Union([Type.Boolean(), Type.Null()], {
    description:
      'Whether the stored allocation equals the one recomputed from the seed, and the seed matches the commitment',
  }),
  algorithm: Type.String(),
});

/** A draw as published: no names, no dates of birth, nothing but pseudonyms and urgency. */
export function presentDraw(draw: PublicDraw): Static<typeof DrawJson> {
  const { round } = draw;
  return {
    id: round.id,
    registration: { opensAt: round.opensAt.toISOString(), closesAt: round.closesAt.toISOString() },
    slots: { from: round.slotsFrom, until: round.slotsUntil, count: round.slotCount },
    commitment: round.seedHash,
    seed: round.seed,
    entries: draw.entries.map((e) => ({ pseudonym: e.pseudonym, urgent: e.urgent })),
    order: draw.result ? [...draw.result.order] : null,
    winners: draw.result ? draw.result.winners.map((w) => ({ pseudonym: w.pseudonym, slotIndex: w.slotIndex })) : null,
    verified: draw.verified,
    algorithm: draw.algorithm,
  };
}
