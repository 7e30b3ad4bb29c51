import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { IntlMessageFormat } from 'intl-messageformat';
import ts from 'typescript';
import { CATALOGUES, STAFF_CATALOGUES } from './catalogues.js';
import { LOCALES } from './locales.js';
import { translator } from './translator.js';

const SRC = path.resolve(import.meta.dirname, '../..');

/** Names of the arguments a message uses (`{name}`, `{count, plural, …}`), found by parsing it. */
function argumentsOf(message: string, locale: string): string[] {
  const names = new Set<string>();
  const walk = (elements: unknown[]) => {
    for (const element of elements as {
      type: number;
      value?: string;
      options?: Record<string, { value: unknown[] }>;
    }[]) {
      if (element.type !== 0 && element.type !== 7 && element.value) names.add(element.value);
      for (const option of Object.values(element.options ?? {})) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(message, locale).getAst() as unknown[]);
  return [...names].sort();
}

test('every catalogue has exactly the keys of the German one', () => {
  const keys = Object.keys(CATALOGUES.de).sort();
  for (const locale of LOCALES) {
    const own = Object.keys(CATALOGUES[locale]).sort();
    assert.deepEqual(
      own.filter((k) => !keys.includes(k)),
      [],
      `${locale} has keys German lacks`,
    );
    assert.deepEqual(
      keys.filter((k) => !own.includes(k)),
      [],
      `${locale} lacks keys`,
    );
  }
});

test('every message compiles, uses the same arguments as German, and is not empty', () => {
  for (const locale of LOCALES) {
    for (const [key, message] of Object.entries(CATALOGUES[locale])) {
      assert.ok(message.trim().length > 0, `${locale}:${key} is empty`);
      assert.deepEqual(
        argumentsOf(message, locale),
        argumentsOf(CATALOGUES.de[key]!, 'de'),
        `${locale}:${key} arguments`,
      );
    }
  }
});

test('the staff catalogues (German, English) have the same keys and arguments, and compile', () => {
  assert.deepEqual(Object.keys(STAFF_CATALOGUES.en).sort(), Object.keys(STAFF_CATALOGUES.de).sort());
  for (const [key, message] of Object.entries(STAFF_CATALOGUES.en)) {
    assert.deepEqual(argumentsOf(message, 'en'), argumentsOf(STAFF_CATALOGUES.de[key]!, 'de'), `staff en:${key}`);
  }
});

test('plural messages format for many counts in every language', () => {
  for (const locale of LOCALES) {
    const t = translator(locale);
    for (const count of [0, 1, 2, 3, 5, 11, 21, 100]) {
      const text = t.t('catalog.resultCount', { count, query: 'x' });
      assert.match(text, /x/);
    }
  }
});

test('translations are really translated: most non-German catalogues differ from English', () => {
  for (const locale of LOCALES.filter((l) => l !== 'en' && l !== 'de')) {
    const same = Object.entries(CATALOGUES[locale]).filter(([k, v]) => CATALOGUES.en[k] === v && /[a-z]{4}/.test(v));
    assert.ok(
      same.length <= 5,
      `${locale} has ${same.length} messages identical to English: ${same.map(([k]) => k).join(', ')}`,
    );
  }
});

async function viewFiles(): Promise<string[]> {
  const entries = await readdir(SRC, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.tsx')).map((e) => path.join(e.parentPath, e.name));
}

const VISIBLE_ATTRIBUTES = new Set([
  'title',
  'alt',
  'placeholder',
  'aria-label',
  'aria-description',
  'value',
  'content',
]);

test('no text shown to users is written into a template: all of it comes from the catalogues', async () => {
  const offences: string[] = [];
  for (const file of await viewFiles()) {
    const source = ts.createSourceFile(
      file,
      await readFile(file, 'utf8'),
      ts.ScriptTarget.Latest,
      true,
      ts.ScriptKind.TSX,
    );
    const visit = (node: ts.Node) => {
      if (ts.isJsxText(node) && /\p{L}/u.test(node.text))
        offences.push(`${path.relative(SRC, file)}: text "${node.text.trim()}"`);
      const element = node.parent?.parent;
      const onHtmlElement =
        element !== undefined &&
        (ts.isJsxOpeningElement(element) || ts.isJsxSelfClosingElement(element)) &&
        /^[a-z]/.test(element.tagName.getText());
      if (ts.isJsxAttribute(node) && onHtmlElement && node.initializer && ts.isStringLiteral(node.initializer)) {
        const name = node.name.getText();
        // A value is shown only on input buttons and text fields; on options, check boxes, hidden fields and
        // <button> elements (which show their content and submit their value) it is data.
        const type = element.attributes.properties.find((a) => ts.isJsxAttribute(a) && a.name.getText() === 'type');
        const valueIsData =
          name === 'value' &&
          (['option', 'button'].includes(element.tagName.getText()) ||
            (type !== undefined &&
              ts.isJsxAttribute(type) &&
              type.initializer !== undefined &&
              ts.isStringLiteral(type.initializer) &&
              ['hidden', 'checkbox', 'radio'].includes(type.initializer.text)));
        if (
          VISIBLE_ATTRIBUTES.has(name) &&
          /\p{L}/u.test(node.initializer.text) &&
          name !== 'content' &&
          !valueIsData
        ) {
          offences.push(`${path.relative(SRC, file)}: ${name}="${node.initializer.text}"`);
        }
      }
      if (
        ts.isJsxExpression(node) &&
        node.expression &&
        ts.isStringLiteral(node.expression) &&
        /\p{L}{2}/u.test(node.expression.text)
      ) {
        offences.push(`${path.relative(SRC, file)}: {"${node.expression.text}"}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  assert.deepEqual(offences, []);
});
