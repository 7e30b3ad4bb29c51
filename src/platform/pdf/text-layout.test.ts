import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rgb } from 'pdf-lib';
import { subsetFaces } from './fonts.js';
import { layoutLine, type Style } from './text-layout.js';

const STYLE: Style = { size: 11, bold: false, color: rgb(0, 0, 0) };

test('a character left out of the texts the fonts were cut to throws, naming it', async () => {
  const faces = await subsetFaces(['Antrag eingegangen']);
  assert.ok(layoutLine('Antrag eingegangen', 'ltr', faces, STYLE).width > 0);
  assert.throws(
    () => layoutLine('Antrag: eingegangen', 'ltr', faces, STYLE),
    /cannot draw ":" \(U\+003A\).*not in the texts/,
  );
  assert.throws(() => layoutLine('درخواست', 'rtl', faces, { ...STYLE, bold: true }), /cannot draw "د" \(U\+062F\)/);
  // Named as written, in reading order: the bidi algorithm shows "(" as ")" in right-to-left text.
  const persian = await subsetFaces(['سلام']);
  assert.throws(() => layoutLine('سلام (سلام)', 'rtl', persian, STYLE), /cannot draw "\(" \(U\+0028\)/);
});

test('a character no font has throws, though it was among the texts', async () => {
  const faces = await subsetFaces(['Termin \u{1F600}']);
  assert.throws(
    () => layoutLine('Termin \u{1F600}', 'ltr', faces, STYLE),
    /cannot draw "\u{1F600}" \(U\+1F600\).*neither/u,
  );
});

test('invisible characters (a Persian ZWNJ) and mirrored brackets still draw', async () => {
  const text = 'می\u200Cخواهم (۱۲)';
  const faces = await subsetFaces([text]);
  assert.ok(layoutLine(text, 'rtl', faces, STYLE).width > 0);
});
