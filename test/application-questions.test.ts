import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadSeeds } from '../src/seeds.js';
import { withoutTenant, withTenant } from '../src/platform/database/index.js';
import { startTestApp, type TestApp } from './helpers/app.js';

/** The questions of online applications as data: what the database refuses, who sees them, and re-seeding. */

let app: TestApp;
let authority: string;
let service: string;
before(async () => {
  app = await startTestApp();
  authority = (await app.db.owner.query<{ id: string }>("SELECT id FROM authorities WHERE slug = 'musterstadt'"))
    .rows[0]!.id;
  service = (await app.db.owner.query<{ id: string }>("SELECT id FROM services WHERE slug = 'certificate'")).rows[0]!
    .id;
});
after(async () => {
  await app?.close();
});

/** Runs statements as the owner in one tenant transaction, committed (so deferred checks run) unless one fails. */
async function asOwner(statements: readonly [string, unknown[]][]): Promise<void> {
  const client = await app.db.owner.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT set_config('app.authority_id', $1, true)", [authority]);
    for (const [text, values] of statements) await client.query(text, values);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

const insert = (slug: string, kind: string, maxLength: number | null, options: string[]): [string, unknown[]] => [
  `INSERT INTO application_questions (authority_id, service_id, slug, position, kind, required, max_length, options)
   VALUES ($1, $2, $3, 9, $4, true, $5, $6)`,
  [authority, service, slug, kind, maxLength, options],
];

test('the database refuses questions that break the rules: kinds, slugs, limits, options, labels for each option', async () => {
  await assert.rejects(asOwner([insert('colour', 'checkbox', null, [])]), /check constraint/, 'unknown kind');
  await assert.rejects(asOwner([insert('Bad Slug', 'yesno', null, [])]), /slug/, 'slug format');
  await assert.rejects(asOwner([insert('choice', 'select', null, [])]), /check constraint/, 'a choice without options');
  await assert.rejects(
    asOwner([insert('choice', 'select', null, ['only'])]),
    /check constraint/,
    'a choice with one option',
  );
  await assert.rejects(asOwner([insert('choice', 'select', null, ['a', 'a'])]), /check constraint/, 'an option twice');
  await assert.rejects(
    asOwner([insert('choice', 'select', null, ['a', 'Not A Slug'])]),
    /check constraint/,
    'an option that is no slug',
  );
  await assert.rejects(
    asOwner([insert('flag', 'yesno', null, ['yes', 'no'])]),
    /check constraint/,
    'options on yes/no',
  );
  await assert.rejects(asOwner([insert('note', 'text', null, [])]), /check constraint/, 'text without a limit');
  await assert.rejects(
    asOwner([insert('note', 'text', 5000, [])]),
    /check constraint/,
    'a limit no form field can carry',
  );
  await assert.rejects(asOwner([insert('when', 'date', 10, [])]), /check constraint/, 'a limit on a date');
  await assert.rejects(asOwner([insert('subject', 'yesno', null, [])]), /duplicate key/, 'a slug twice in one service');
  const labels = (labels: string[]): [string, unknown[]] => [
    `INSERT INTO application_question_texts (question_id, authority_id, locale, label, option_labels)
     SELECT id, authority_id, 'de', 'Farbe', $2 FROM application_questions WHERE service_id = $1 AND slug = 'colour'`,
    [service, labels],
  ];
  await assert.rejects(
    asOwner([insert('colour', 'select', null, ['red', 'blue']), labels(['Rot'])]),
    /label each of its options/,
    'an option without a label, at commit',
  );
  await assert.rejects(
    asOwner([insert('colour', 'select', null, ['red', 'blue']), labels(['Rot', ''])]),
    /check constraint/,
    'an empty label',
  );
  await asOwner([insert('colour', 'select', null, ['red', 'blue']), labels(['Rot', 'Blau'])]);
  await assert.rejects(
    asOwner([
      [
        "UPDATE application_questions SET options = '{red,blue,green}' WHERE service_id = $1 AND slug = 'colour'",
        [service],
      ],
    ]),
    /label each of its options/,
    'a new option its texts do not label',
  );
  await asOwner([["DELETE FROM application_questions WHERE service_id = $1 AND slug = 'colour'", [service]]]);
});

test('questions are tenant rows: invisible without the authority; the application may read them, not write them', async () => {
  const none = await withoutTenant(app.db.pool, (tx) =>
    tx.query(
      'SELECT (SELECT count(*) FROM application_questions)::int + (SELECT count(*) FROM application_question_texts)::int AS n',
    ),
  );
  assert.equal(none.rows[0].n, 0);
  const own = await withTenant(app.db.pool, authority, (tx) =>
    tx.query<{ n: number }>('SELECT count(*)::int AS n FROM application_questions'),
  );
  assert.ok(own.rows[0]!.n >= 20);
  await assert.rejects(
    withTenant(app.db.pool, authority, (tx) => tx.query("DELETE FROM application_questions WHERE slug = 'purpose'")),
    /permission denied/,
  );
});

test('loading the seeds again changes nothing: the same questions, the same ids, the same texts', async () => {
  const snapshot = async () =>
    (
      await app.db.owner.query(
        `SELECT q.id, q.slug, q.position, q.kind, q.required, q.max_length, q.options, t.locale, t.label, t.hint, t.option_labels
       FROM application_questions q JOIN application_question_texts t ON t.question_id = q.id ORDER BY q.id, t.locale`,
      )
    ).rows;
  const before = await snapshot();
  assert.equal(new Set(before.map((r) => r.id)).size * 7, before.length, 'every question in all seven languages');
  await loadSeeds(app.db.owner);
  assert.deepEqual(await snapshot(), before);
});
