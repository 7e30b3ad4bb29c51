import { Type } from '@sinclair/typebox';
import type { Location } from '../authorities/list-locations.js';
import type { Locale } from '../platform/i18n/locales.js';
import type { ServiceDetail, ServiceSummary } from './service.js';

/** Whitelists between the catalogue's records and the public JSON API (and its OpenAPI schemas). */

const Durations = {
  appointmentMinutes: Type.Integer({ description: 'Usual length of the appointment at the counter, in minutes' }),
  processingDays: Type.Object(
    { min: Type.Integer(), max: Type.Integer() },
    {
      description: 'Usual processing time after a complete application, in calendar days (0 when done at the counter)',
    },
  ),
};

export const ServiceSummarySchema = Type.Object(
  {
    id: Type.String({ description: 'Stable identifier of the service (its slug)' }),
    locale: Type.String(),
    name: Type.String(),
    summary: Type.String({ description: 'What the service is for, in plain language' }),
    category: Type.String(),
    feeCents: Type.Integer({ description: 'Fee in euro cents (the lowest where it varies)' }),
    feeMaxCents: Type.Union([Type.Integer(), Type.Null()], {
      description: 'Highest fee in euro cents where it varies',
    }),
    ...Durations,
    onlineApplication: Type.Boolean(),
    walkIn: Type.Boolean(),
    url: Type.String({ description: 'The service page in the portal' }),
  },
  { $id: 'ServiceSummary' },
);

const LocationSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  street: Type.String(),
  postalCode: Type.String(),
  city: Type.String(),
  phone: Type.String(),
  email: Type.String(),
  openingHours: Type.Array(
    Type.Object({
      weekday: Type.Integer({ minimum: 1, maximum: 7, description: 'ISO weekday, 1 = Monday' }),
      opens: Type.String({ description: 'HH:MM, Europe/Berlin' }),
      closes: Type.String(),
    }),
  ),
});

export const ServiceDetailSchema = Type.Object(
  {
    ...ServiceSummarySchema.properties,
    audience: Type.String({ description: 'Who needs this service' }),
    feeNote: Type.Union([Type.String(), Type.Null()]),
    legalBasis: Type.String(),
    leikaKey: Type.Union([Type.String({ pattern: '^[0-9]{14}$' }), Type.Null()], {
      description: 'LeiKa key where known',
    }),
    documents: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), hint: Type.String() })),
    locations: Type.Array(LocationSchema),
  },
  { $id: 'ServiceDetail' },
);

export function presentSummary(service: ServiceSummary, locale: Locale) {
  return {
    id: service.slug,
    locale,
    name: service.name,
    summary: service.summary,
    category: service.category,
    feeCents: service.feeCents,
    feeMaxCents: service.feeMaxCents,
    appointmentMinutes: service.appointmentMinutes,
    processingDays: { min: service.processingDays.min, max: service.processingDays.max },
    onlineApplication: service.onlineApplication,
    walkIn: service.walkIn,
    url: `/${locale}/services/${service.slug}`,
  };
}

export function presentDetail(service: ServiceDetail, locations: readonly Location[], locale: Locale) {
  return {
    ...presentSummary(service, locale),
    audience: service.audience,
    feeNote: service.feeNote,
    legalBasis: service.legalBasis,
    leikaKey: service.leikaKey,
    documents: service.documents.map((d) => ({ id: d.slug, name: d.name, hint: d.hint })),
    locations: locations.map((l) => ({
      id: l.slug,
      name: l.name,
      street: l.street,
      postalCode: l.postalCode,
      city: l.city,
      phone: l.phone,
      email: l.email,
      openingHours: l.openingHours.map((h) => ({ weekday: h.weekday, opens: h.opens, closes: h.closes })),
    })),
  };
}
