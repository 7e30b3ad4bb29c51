import { Type } from '@sinclair/typebox';
import { PerLocale } from '../platform/seed-files.js';
import { PARTNER_KINDS } from './partner-kinds.js';
import { TIMINGS } from './timing.js';

const Slug = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 80 });

/** `seeds/<office>/partners.json`: the partner directory's starting point (see seeds/README.md). */
export const PartnerSeeds = Type.Array(
  Type.Object(
    {
      slug: Slug,
      kind: Type.Union(PARTNER_KINDS.map((k) => Type.Literal(k))),
      name: Type.String({ minLength: 1, maxLength: 200 }),
      languages: Type.Array(Type.String({ pattern: '^[a-z]{2}$' }), { maxItems: 30 }),
      street: Type.String({ maxLength: 200 }),
      postalCode: Type.String({ pattern: '^([0-9]{5})?$' }),
      city: Type.String({ maxLength: 100 }),
      phone: Type.String({ maxLength: 50 }),
      email: Type.String({ maxLength: 254 }),
      website: Type.String({ pattern: '^(https://.+)?$', maxLength: 300 }),
      takesReferrals: Type.Boolean(),
      texts: PerLocale(
        Type.Object(
          { summary: Type.String({ minLength: 1, maxLength: 1000 }), hours: Type.String({ maxLength: 500 }) },
          { additionalProperties: false },
        ),
      ),
      offers: Type.Array(
        Type.Object(
          {
            key: Slug,
            texts: PerLocale(
              Type.Object(
                {
                  title: Type.String({ minLength: 1, maxLength: 200 }),
                  description: Type.String({ maxLength: 1000 }),
                },
                { additionalProperties: false },
              ),
            ),
          },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: 10 },
      ),
      services: Type.Array(
        Type.Object(
          { service: Slug, timing: Type.Union(TIMINGS.map((t) => Type.Literal(t))) },
          { additionalProperties: false },
        ),
      ),
    },
    { additionalProperties: false },
  ),
);
