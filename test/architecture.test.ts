/**
 * A capability reads and writes another capability's data only through that capability's exported
 * functions, never by naming its tables in SQL. Checked here from the source and the migrations,
 * without a database: every table has one owner (test/architecture/table-owners.ts), and no file
 * under src/<capability>/ names a table another capability owns.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import {
  constraintTables,
  createdTables,
  sqlLiterals,
  sqlTableReferences,
  tableReferences,
} from './architecture/sql-tables.js';
import { SCHEMA_OWNERS, TABLE_OWNERS, type Capability } from './architecture/table-owners.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const SRC = path.join(ROOT, 'src');
const capabilities = Object.keys(TABLE_OWNERS) as Capability[];

async function migrationsSql(): Promise<string> {
  const dir = path.join(ROOT, 'migrations');
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  return (await Promise.all(names.map((n) => readFile(path.join(dir, n), 'utf8')))).join('\n');
}

/** Every non-test .ts/.tsx file under src/, relative to the repository. */
async function sourceFiles(): Promise<string[]> {
  const entries = await readdir(SRC, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)))
    .sort();
}

/** The capability a source file belongs to; undefined for the composition files at src/'s root. */
function capabilityOf(file: string): string | undefined {
  const parts = file.split(path.sep);
  return parts.length > 2 ? parts[1] : undefined;
}

/** Tables that exist: created by a migration, or by platform code (the migrations' own table). */
async function existingTables(): Promise<Set<string>> {
  const tables = new Set(createdTables(await migrationsSql()));
  for (const file of await sourceFiles()) {
    if (capabilityOf(file) !== 'platform') continue;
    const source = await readFile(path.join(ROOT, file), 'utf8');
    for (const literal of sqlLiterals(file, source)) for (const t of createdTables(literal.text)) tables.add(t);
  }
  return tables;
}

function ownersOf(table: string): Capability[] {
  return capabilities.filter((c) => (TABLE_OWNERS[c] as readonly string[]).includes(table));
}

test('every table has exactly one owner, and every owned table exists', async () => {
  const tables = await existingTables();
  const problems: string[] = [];
  for (const table of [...tables].sort()) {
    const owners = ownersOf(table);
    if (owners.length === 0) problems.push(`${table}: no owner`);
    if (owners.length > 1) problems.push(`${table}: owned by ${owners.join(' and ')}`);
  }
  for (const capability of capabilities) {
    for (const table of TABLE_OWNERS[capability]) {
      if (!tables.has(table)) problems.push(`${capability} owns ${table}, which no migration creates`);
    }
  }
  assert.deepEqual(problems, []);
});

test('every folder under src/ is a capability with its tables listed', async () => {
  const folders = (await readdir(SRC, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  assert.deepEqual(
    folders.filter((f) => !(f in TABLE_OWNERS)),
    [],
  );
});

test("no capability names another capability's tables in its SQL", async () => {
  const byConstraint = constraintTables(await migrationsSql());
  const ownerOf = (name: string, after: string): { table: string; owner: Capability } | undefined => {
    const [schema, table] = name.includes('.') ? (name.split('.', 2) as [string, string]) : ['public', name];
    if (schema !== 'public') {
      const owner = SCHEMA_OWNERS[schema];
      return owner ? { table: name, owner } : undefined; // pg_catalog and the like belong to nobody here
    }
    const real = after === 'on conflict on constraint' ? byConstraint.get(table) : table;
    const owner = real === undefined ? undefined : ownersOf(real)[0];
    // Anything else (a CTE, an alias, a column after EXTRACT(… FROM …)) is not a table of ours.
    return real !== undefined && owner ? { table: real, owner } : undefined;
  };
  const violations: string[] = [];
  for (const file of await sourceFiles()) {
    const capability = capabilityOf(file);
    const source = await readFile(path.join(ROOT, file), 'utf8');
    for (const ref of tableReferences(file, source)) {
      const found = ownerOf(ref.table, ref.after);
      if (!found || found.owner === capability) continue;
      const who = capability ?? 'the composition root';
      violations.push(
        `${file}:${ref.line}: ${who} names ${found.table} (owned by ${found.owner}) after ${ref.after.toUpperCase()}`,
      );
    }
  }
  assert.deepEqual(violations, [], `Use the owning capability's exported functions instead:\n${violations.join('\n')}`);
});

test('the scanner finds tables where SQL expects them, and nowhere else', () => {
  const tables = (sql: string) => sqlTableReferences(sql).map((r) => `${r.after} ${r.table}`);
  assert.deepEqual(tables('SELECT c.id FROM cases c JOIN staff_users u ON u.id = c.assigned_to'), [
    'from cases',
    'join staff_users',
  ]);
  assert.deepEqual(tables('SELECT 1 FROM cases c, services s, LATERAL unnest(s.x) AS o(slug), locations'), [
    'from cases',
    'from services',
    'from locations',
  ]);
  assert.deepEqual(tables('DELETE FROM a USING b WHERE a.id = b.id'), ['from a', 'using b']);
  assert.deepEqual(tables('INSERT INTO queue_events (ticket_id) SELECT id FROM unnest($1::uuid[]) AS id'), [
    'into queue_events',
  ]);
  assert.deepEqual(tables('UPDATE counters SET active = false ON CONFLICT (id) DO UPDATE SET x = 1'), [
    'update counters',
    'update set',
  ]);
  assert.deepEqual(
    tables('INSERT INTO appointments (id) VALUES ($1) ON CONFLICT ON CONSTRAINT no_overbooking DO NOTHING'),
    ['into appointments', 'on conflict on constraint no_overbooking'],
  );
  assert.deepEqual(tables("SELECT extract(epoch FROM starts_at), 'from services' FROM pgboss.job"), [
    'from starts_at',
    'from pgboss.job',
  ]);
  assert.deepEqual(tables('SELECT (SELECT name FROM service_texts t WHERE t.service_id = s.id) FROM services s'), [
    'from service_texts',
    'from services',
  ]);
  assert.deepEqual(tables('ALTER TABLE cases ADD FOREIGN KEY (x) REFERENCES staff_users (id)'), [
    'table cases',
    'references staff_users',
  ]);
});

test('only literals count, with their lines', () => {
  const source = [
    '// SELECT * FROM services: a comment',
    'const services = 1; /* FROM services */',
    'const q = `SELECT id',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: source text of a template literal, as a test input
    '  FROM ${services > 0 ? "services" : "counters"} JOIN counters k ON true`;',
    'const p = <p>Choose from services</p>;',
    "db.query<{ id: string }>('SELECT id FROM staff_users WHERE status = \\'active\\'');",
  ].join('\n');
  assert.deepEqual(tableReferences('x.tsx', source), [
    { line: 4, table: 'counters', after: 'join' },
    { line: 6, table: 'staff_users', after: 'from' },
  ]);
});
