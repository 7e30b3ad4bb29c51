import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { withTenant } from '../../src/platform/database/index.js';

/**
 * Reading the database catalogue for tenancy, and giving an authority a row in a table by copying
 * one of another authority's rows: the authority changed, each foreign key pointed at a row of the
 * new authority, keys with a default left to it and other unique bytes or ids made anew. Generic,
 * so that a new table is covered without code here.
 */

export interface TenantTable {
  readonly name: string;
  readonly rowSecurity: boolean;
  readonly forced: boolean;
  readonly policies: readonly { name: string; command: string; roles: string; using: string; check: string }[];
}

export async function tablesWithAuthority(owner: pg.Pool): Promise<TenantTable[]> {
  const { rows } = await owner.query<TenantTable>(
    `SELECT c.relname AS name, c.relrowsecurity AS "rowSecurity", c.relforcerowsecurity AS forced,
            coalesce((SELECT json_agg(json_build_object(
                        'name', p.polname, 'command', p.polcmd,
                        'roles', (SELECT string_agg(CASE WHEN r = 0 THEN 'public' ELSE r::regrole::text END, ',') FROM unnest(p.polroles) r),
                        'using', pg_get_expr(p.polqual, p.polrelid), 'check', pg_get_expr(p.polwithcheck, p.polrelid)))
                      FROM pg_policy p WHERE p.polrelid = c.oid), '[]') AS policies
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
        AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'authority_id' AND NOT a.attisdropped)
      ORDER BY 1`,
  );
  return rows;
}

export async function tablesWithoutAuthority(owner: pg.Pool): Promise<string[]> {
  const { rows } = await owner.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
        AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'authority_id' AND NOT a.attisdropped)
      ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

/** The table privileges a role holds on a table, e.g. ['SELECT', 'INSERT']. */
export async function privileges(owner: pg.Pool, role: string, table: string): Promise<string[]> {
  const { rows } = await owner.query<{ p: string }>(
    `SELECT p FROM unnest(ARRAY['SELECT','INSERT','UPDATE','DELETE','TRUNCATE']) p
      WHERE has_table_privilege($1, $2::regclass, p) ORDER BY array_position(ARRAY['SELECT','INSERT','UPDATE','DELETE','TRUNCATE'], p)`,
    [role, table],
  );
  return rows.map((r) => r.p);
}

export interface Column {
  readonly name: string;
  readonly type: string;
  readonly nullable: boolean;
  readonly generated: boolean;
  readonly hasDefault: boolean;
  /** In a unique key (or the primary key) that does not include authority_id. */
  readonly uniqueAlone: boolean;
}

interface ForeignKey {
  readonly columns: readonly string[];
  readonly refTable: string;
  readonly refColumns: readonly string[];
}

export async function columnsOf(owner: pg.Pool, table: string): Promise<Column[]> {
  const { rows } = await owner.query<Column>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable,
            (a.attidentity <> '' OR a.attgenerated <> '') AS generated, a.atthasdef AS "hasDefault",
            EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = a.attrelid AND k.contype IN ('p', 'u')
                      AND a.attnum = ANY (k.conkey)
                      AND NOT EXISTS (SELECT 1 FROM pg_attribute b WHERE b.attrelid = a.attrelid AND b.attname = 'authority_id'
                                        AND b.attnum = ANY (k.conkey))) AS "uniqueAlone"
       FROM pg_attribute a WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    [table],
  );
  return rows;
}

async function foreignKeysOf(owner: pg.Pool, table: string): Promise<ForeignKey[]> {
  const { rows } = await owner.query<ForeignKey>(
    `SELECT (SELECT array_agg(a.attname::text ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
               JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) AS columns,
            c.confrelid::regclass::text AS "refTable",
            (SELECT array_agg(a.attname::text ORDER BY k.i) FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
               JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n) AS "refColumns"
       FROM pg_constraint c WHERE c.conrelid = $1::regclass AND c.contype = 'f'`,
    [table],
  );
  return rows;
}

export async function rowCount(owner: pg.Pool, table: string, authorityId: string): Promise<number> {
  return withTenant(owner, authorityId, async (tx) => {
    const { rows } = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE authority_id = $1`, [
      authorityId,
    ]);
    return rows[0]!.n;
  });
}

/** One row of the authority in the table, as JSON (read as the owner under that authority's setting). */
export async function someRow(owner: pg.Pool, table: string, authorityId: string): Promise<Record<string, unknown>> {
  return withTenant(owner, authorityId, async (tx) => {
    const { rows } = await tx.query<{ row: Record<string, unknown> }>(
      `SELECT to_jsonb(t) AS row FROM ${table} t WHERE authority_id = $1 LIMIT 1`,
      [authorityId],
    );
    return rows[0]!.row;
  });
}

/**
 * Copies one row of `from` into `to`. Returns why it could not, or null when the row was written.
 * A foreign key to a table where `to` has no row yet is a reason to try again later.
 */
export async function copyRow(owner: pg.Pool, table: string, from: string, to: string): Promise<string | null> {
  const columns = await columnsOf(owner, table);
  const row = { ...(await someRow(owner, table, from)) };
  const omitted = new Set<string>();
  row.authority_id = to;
  for (const key of await foreignKeysOf(owner, table)) {
    if (!key.columns.includes('authority_id') || key.refTable === 'authorities') continue;
    const own = key.columns.filter((c) => c !== 'authority_id');
    if (own.every((c) => row[c] === null)) continue;
    const refs = key.refColumns.filter((_, i) => key.columns[i] !== 'authority_id');
    const target = await withTenant(owner, to, async (tx) => {
      const { rows } = await tx.query(
        `SELECT ${refs.join(', ')} FROM ${key.refTable} WHERE authority_id = $1 LIMIT 1`,
        [to],
      );
      return rows[0] as Record<string, unknown> | undefined;
    });
    if (!target) {
      if (!own.every((c) => columns.find((col) => col.name === c)?.nullable)) return `no row in ${key.refTable} yet`;
      for (const c of own) row[c] = null;
    } else {
      for (const [i, c] of own.entries()) row[c] = target[refs[i]!];
    }
  }
  const touchedByKeys = new Set((await foreignKeysOf(owner, table)).flatMap((k) => k.columns));
  for (const column of columns) {
    if (column.generated) omitted.add(column.name);
    else if (column.uniqueAlone && !touchedByKeys.has(column.name)) {
      if (column.hasDefault) omitted.add(column.name);
      else if (column.type === 'bytea') row[column.name] = `\\x${randomBytes(32).toString('hex')}`;
      else if (column.type === 'uuid') row[column.name] = randomUUID();
    }
  }
  const names = columns.map((c) => c.name).filter((n) => !omitted.has(n));
  try {
    await withTenant(owner, to, (tx) =>
      tx.query(
        `INSERT INTO ${table} (${names.join(', ')}) SELECT ${names.join(', ')} FROM jsonb_populate_record(NULL::${table}, $1)`,
        [row],
      ),
    );
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
