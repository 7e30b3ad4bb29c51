import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { AREAS, checkContent, type ModuleContent, slugFromTitle } from './module-content.js';
import { MAX_FILE_BYTES, parseModuleBytes, parseModuleText, serializeModule } from './module-file.js';

const MODULE: ModuleContent = {
  slug: 'transparenz',
  title: 'Leitfaden: Transparenz bei "aufenthaltsbeendenden" Maßnahmen',
  area: 'internal-organisation',
  goal: 'Jede Anhörung wird **verständlich** erklärt.',
  steps: '1. Anhörungsschreiben prüfen\n2. Frist nennen',
  materials: '- [ ] Checkliste',
  experience: 'Weniger Rückfragen.',
  features: ['/staff/cases', '/staff/pathway'],
};

test('a module written as a file reads back the same', () => {
  const text = serializeModule({ content: MODULE, binding: true });
  const parsed = parseModuleBytes(Buffer.from(text, 'utf8'));
  assert.ok(parsed.ok, JSON.stringify(parsed));
  assert.deepEqual(parsed.file, { content: MODULE, binding: true });
});

test('every checked content survives the round trip (fast-check)', () => {
  const line = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s));
  const section = fc.array(line, { maxLength: 4 }).map((lines) => lines.join('\n'));
  fc.assert(
    fc.property(
      line,
      fc.constantFrom(...AREAS),
      line,
      section,
      section,
      section,
      fc.boolean(),
      (title, area, goal, steps, materials, experience, binding) => {
        const checked = checkContent({ slug: '', title, area, goal, steps, materials, experience, features: '' });
        fc.pre(checked.ok);
        if (!checked.ok) return;
        // A line that is itself one of the section headings cannot be told apart from one.
        fc.pre(!/^## (Ziel|Schritte|Materialien|Erfahrungen)\s*$/m.test(`${steps}\n${materials}\n${experience}`));
        const parsed = parseModuleText(serializeModule({ content: checked.content, binding }));
        assert.ok(parsed.ok, JSON.stringify(parsed));
        assert.deepEqual(parsed.file, { content: checked.content, binding });
      },
    ),
  );
});

test('a byte order mark and Windows line ends are accepted', () => {
  const text = `\uFEFF${serializeModule({ content: MODULE, binding: false }).replace(/\n/g, '\r\n')}`;
  const parsed = parseModuleText(text);
  assert.ok(parsed.ok);
  assert.equal(parsed.file.content.steps, MODULE.steps);
});

test('bad files are refused with a reason, and the decoded text is kept for the form', () => {
  const good = serializeModule({ content: MODULE, binding: false });
  const reason = (text: string) => {
    const parsed = parseModuleText(text);
    assert.equal(parsed.ok, false, text);
    return parsed.ok ? null : parsed.error;
  };
  assert.deepEqual(reason(''), { reason: 'noFile' });
  assert.deepEqual(reason('# Nur Markdown\n\nText'), { reason: 'noFrontMatter' });
  assert.deepEqual(reason('---\ntitle: x\n'), { reason: 'noFrontMatter' });
  assert.deepEqual(reason(good.replace('area: internal-organisation', 'area: kantine')), {
    reason: 'content',
    errors: ['badArea'],
  });
  assert.deepEqual(reason(good.replace('slug: transparenz', 'autor: Ich')), {
    reason: 'unknownField',
    field: 'autor',
  });
  assert.deepEqual(reason(good.replace('binding: false', 'binding: ja')), { reason: 'badBinding' });
  assert.deepEqual(reason(good.replace('slug: transparenz', 'slug transparenz')), { reason: 'badLine', line: 2 });
  assert.deepEqual(reason(good.replace('/staff/cases', 'javascript:alert(1)')), {
    reason: 'content',
    errors: ['badFeature'],
  });
  assert.deepEqual(reason(good.replace('## Ziel', '## Zweck')), { reason: 'noGoalSection' });
  assert.deepEqual(reason(good.replace(/title: .*\n/, '')), { reason: 'content', errors: ['missingTitle'] });
  assert.deepEqual(reason(`${good}\u0000`), { reason: 'notText' });
  const broken = parseModuleText(good.replace('area: internal-organisation', 'area: kantine'));
  assert.ok(!broken.ok && broken.text.includes('Anhörungsschreiben prüfen'));
});

test('bytes that are not UTF-8, too many bytes or none are refused', () => {
  const latin1 = Buffer.from(serializeModule({ content: MODULE, binding: false }), 'latin1');
  assert.deepEqual(parseModuleBytes(latin1), { ok: false, error: { reason: 'notUtf8' }, text: '' });
  assert.equal((parseModuleBytes(Buffer.alloc(MAX_FILE_BYTES + 1, 0x61)) as { ok: false }).ok, false);
  assert.deepEqual(parseModuleBytes(Buffer.alloc(MAX_FILE_BYTES + 1, 0x61)), {
    ok: false,
    error: { reason: 'tooLarge' },
    text: '',
  });
  assert.deepEqual(parseModuleBytes(null), { ok: false, error: { reason: 'noFile' }, text: '' });
});

test('slugs come from German titles', () => {
  assert.equal(slugFromTitle('Willkommenskultur als Selbstverständnis'), 'willkommenskultur-als-selbstverstaendnis');
  assert.equal(slugFromTitle('  Größe & Maße!  '), 'groesse-masse');
});
