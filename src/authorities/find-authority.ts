import type pg from 'pg';
import type { Locale } from '../platform/i18n/locales.js';

export interface Authority {
  readonly id: string;
  readonly slug: string;
  readonly stateCode: string;
  readonly email: string;
  readonly phone: string;
  readonly website: string | null;
  readonly names: Readonly<Partial<Record<Locale, { name: string; tagline: string }>>>;
}

const cache = new Map<string, { value: Authority | null; until: number }>();
const TTL_MS = 60_000;

/**
 * The authority with this slug, or null. Authorities are public facts and carry no tenant; the
 * result is cached briefly because every page needs it.
 */
export async function findAuthority(pool: pg.Pool, slug: string): Promise<Authority | null> {
  const hit = cache.get(slug);
  if (hit && hit.until > Date.now()) return hit.value;
  const { rows } = await pool.query<{
    id: string;
    slug: string;
    state_code: string;
    email: string;
    phone: string;
    website: string | null;
    texts: { locale: Locale; name: string; tagline: string }[] | null;
  }>(
    `SELECT a.id, a.slug, a.state_code, a.email, a.phone, a.website,
            json_agg(json_build_object('locale', t.locale, 'name', t.name, 'tagline', t.tagline))
              FILTER (WHERE t.locale IS NOT NULL) AS texts
       FROM authorities a LEFT JOIN authority_texts t ON t.authority_id = a.id
      WHERE a.slug = $1 GROUP BY a.id`,
    [slug],
  );
  const row = rows[0];
  const value: Authority | null = row
    ? {
        id: row.id,
        slug: row.slug,
        stateCode: row.state_code,
        email: row.email,
        phone: row.phone,
        website: row.website,
        names: Object.fromEntries((row.texts ?? []).map((t) => [t.locale, { name: t.name, tagline: t.tagline }])),
      }
    : null;
  cache.set(slug, { value, until: Date.now() + TTL_MS });
  return value;
}

/** Every authority with its slug and German name, by slug: background jobs work through them one by one. */
export async function listAuthorities(pool: pg.Pool): Promise<{ id: string; slug: string; name: string }[]> {
  const { rows } = await pool.query<{ id: string; slug: string; name: string }>(
    `SELECT a.id, a.slug, coalesce(t.name, a.slug) AS name FROM authorities a LEFT JOIN authority_texts t ON t.authority_id = a.id AND t.locale = 'de' ORDER BY a.slug`,
  );
  return rows;
}
