import { Type } from '@sinclair/typebox';
import { PerLocale } from '../platform/seed-files.js';

const Slug = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 80 });

export const DocumentSeeds = Type.Array(
  Type.Object(
    {
      slug: Slug,
      texts: PerLocale(
        Type.Object({ name: Type.String({ minLength: 1 }), hint: Type.String() }, { additionalProperties: false }),
      ),
    },
    { additionalProperties: false },
  ),
);

/** A question the online application asks (see seeds/README.md); checks across fields: seed-questions.ts. */
export const QuestionSeed = Type.Object(
  {
    slug: Slug,
    kind: Type.Union(['text', 'longtext', 'date', 'select', 'yesno'].map((k) => Type.Literal(k))),
    required: Type.Boolean(),
    maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    options: Type.Optional(Type.Array(Slug, { minItems: 2 })),
    texts: PerLocale(
      Type.Object(
        {
          label: Type.String({ minLength: 1, maxLength: 300 }),
          hint: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
          options: Type.Optional(Type.Record(Type.String(), Type.String({ minLength: 1, maxLength: 200 }))),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const ServiceSeed = Type.Object(
  {
    slug: Slug,
    position: Type.Integer(),
    category: Type.Union(['residence', 'permanent', 'documents', 'humanitarian', 'advice'].map((c) => Type.Literal(c))),
    leikaKey: Type.Union([Type.String({ pattern: '^[0-9]{14}$' }), Type.Null()]),
    legalBasis: Type.String({ minLength: 1, maxLength: 300 }),
    feeCents: Type.Integer({ minimum: 0 }),
    feeMaxCents: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
    appointmentMinutes: Type.Integer({ minimum: 5, maximum: 480 }),
    processingDays: Type.Object(
      { min: Type.Integer({ minimum: 0 }), max: Type.Integer({ minimum: 0 }) },
      { additionalProperties: false },
    ),
    onlineApplication: Type.Boolean(),
    /** Documents an online application must include (slugs among `documents`); the others may be uploaded. */
    applicationDocuments: Type.Optional(Type.Array(Slug)),
    /** What the online application asks beyond the person's details, in order. */
    applicationQuestions: Type.Optional(Type.Array(QuestionSeed, { maxItems: 10 })),
    walkIn: Type.Boolean(),
    /** Whoever's permit is about to expire may come for this service without an appointment (an emergency ticket). */
    emergencyWalkIn: Type.Optional(Type.Boolean()),
    /** 'draw' for scarce services whose appointments are allocated by a verifiable draw. */
    allocation: Type.Optional(Type.Union([Type.Literal('first_come'), Type.Literal('draw')])),
    locations: Type.Array(Slug, { minItems: 1 }),
    documents: Type.Array(Slug),
    texts: PerLocale(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 200 }),
          summary: Type.String({ minLength: 1 }),
          audience: Type.String({ minLength: 1 }),
          feeNote: Type.Union([Type.String(), Type.Null()]),
          keywords: Type.Array(Type.String()),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
