import { Type } from '@sinclair/typebox';
import { PerLocale } from '../platform/seed-files.js';

const Slug = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 80 });
const Time = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });

export const AuthoritySeed = Type.Object(
  {
    slug: Slug,
    stateCode: Type.String({ pattern: '^[A-Z]{2}$' }),
    email: Type.String({ minLength: 3 }),
    phone: Type.String({ minLength: 3 }),
    website: Type.Optional(Type.String()),
    texts: PerLocale(
      Type.Object({ name: Type.String({ minLength: 1 }), tagline: Type.String() }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);

export const LocationSeeds = Type.Array(
  Type.Object(
    {
      slug: Slug,
      name: Type.String({ minLength: 1 }),
      street: Type.String({ minLength: 1 }),
      postalCode: Type.String({ pattern: '^[0-9]{5}$' }),
      city: Type.String({ minLength: 1 }),
      phone: Type.String({ minLength: 3 }),
      email: Type.String({ minLength: 3 }),
      texts: PerLocale(Type.Object({ access: Type.String() }, { additionalProperties: false })),
      openingHours: Type.Array(
        Type.Object(
          { weekday: Type.Integer({ minimum: 1, maximum: 7 }), opens: Time, closes: Time },
          { additionalProperties: false },
        ),
      ),
    },
    { additionalProperties: false },
  ),
);
