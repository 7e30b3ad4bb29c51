import type { Scope } from '../platform/access/policies.js';
import { scopeCondition } from '../platform/access/scope-sql.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import type { Tx } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';

export interface OpeningHours {
  readonly weekday: number;
  readonly opens: string;
  readonly closes: string;
}

export interface Location {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly street: string;
  readonly postalCode: string;
  readonly city: string;
  readonly phone: string;
  readonly email: string;
  readonly access: string;
  readonly openingHours: readonly OpeningHours[];
}

const LOCATION_COLUMNS = `SELECT l.id, l.slug, l.name, l.street, l.postal_code, l.city, l.phone, l.email, t.access,
            (SELECT json_agg(json_build_object('weekday', h.weekday, 'opens', to_char(h.opens, 'HH24:MI'),
                                               'closes', to_char(h.closes, 'HH24:MI')) ORDER BY h.weekday, h.opens)
               FROM opening_hours h WHERE h.location_id = l.id) AS hours
       FROM locations l LEFT JOIN location_texts t ON t.location_id = l.id AND t.locale = $1`;

interface LocationRow {
  id: string;
  slug: string;
  name: string;
  street: string;
  postal_code: string;
  city: string;
  phone: string;
  email: string;
  access: string | null;
  hours: OpeningHours[] | null;
}

/** The authority's locations (all, or those with the given ids), texts in the locale. Tenant-scoped transaction. */
export async function listLocations(tx: Tx, locale: Locale, ids?: readonly string[]): Promise<Location[]> {
  const { rows } = await tx.query<LocationRow>({
    // Named: prepared once per connection, so PostgreSQL plans it once.
    name: 'list-locations',
    text: `${LOCATION_COLUMNS} WHERE $2::uuid[] IS NULL OR l.id = ANY($2::uuid[]) ORDER BY l.name`,
    values: [locale, ids ?? null],
  });
  return rows.map(toLocation);
}

/** The locations a member of staff reaches with these scopes (`scopesFor()` of the action), for their pickers. */
export async function locationsWithin(tx: Tx, locale: Locale, scopes: readonly Scope[]): Promise<Location[]> {
  const params: unknown[] = [locale];
  const reached = scopeCondition(scopes, { location: 'l.id' }, params);
  const { rows } = await tx.query<LocationRow>(`${LOCATION_COLUMNS} WHERE ${reached} ORDER BY l.name`, params);
  return rows.map(toLocation);
}

function toLocation(r: LocationRow): Location {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    street: r.street,
    postalCode: r.postal_code,
    city: r.city,
    phone: r.phone,
    email: r.email,
    access: r.access ?? '',
    openingHours: r.hours ?? [],
  };
}

/** All locations of the authority, for the public pages. */
export function locationsOf({ locale }: { locale: Locale }, ctx: Context): Promise<Location[]> {
  return withTenant(ctx.pool, ctx.authorityId, (tx) => listLocations(tx, locale));
}

/** The German state of an authority (decides its public holidays). */
export async function authorityStateCode(tx: Tx, authorityId: string): Promise<string | null> {
  const { rows } = await tx.query<{ state_code: string }>({
    name: 'authority-state',
    text: 'SELECT state_code FROM authorities WHERE id = $1',
    values: [authorityId],
  });
  return rows[0]?.state_code ?? null;
}

/** A location's opening hours, `HH:MM` local time, each with its id (to remove it). */
export async function openingHoursOf(tx: Tx, locationId: string): Promise<(OpeningHours & { id: string })[]> {
  const { rows } = await tx.query<OpeningHours & { id: string }>({
    name: 'location-opening-hours',
    text: `SELECT id::text, weekday, to_char(opens, 'HH24:MI') AS opens, to_char(closes, 'HH24:MI') AS closes
             FROM opening_hours WHERE location_id = $1 ORDER BY weekday, opens`,
    values: [locationId],
  });
  return rows;
}
