import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseCsv } from '../../../test/helpers/csv.js';
import { toCsv } from './csv.js';

test('German CSV: BOM, semicolons, decimal comma, quoted cells, CRLF', () => {
  const csv = toCsv(
    ['Dienst', 'Median (Tage)'],
    [
      ['Niederlassungserlaubnis; § 9', 12.5],
      ['Visum "D"', 3],
    ],
    'de',
  );
  assert.equal(csv, '\uFEFFDienst;Median (Tage)\r\n"Niederlassungserlaubnis; § 9";12,5\r\n"Visum ""D""";3\r\n');
});

test('English CSV: commas and decimal point; empty cells for missing values', () => {
  assert.equal(toCsv(['a', 'b'], [[1.256, null]], 'en'), '\uFEFFa,b\r\n1.26,\r\n');
});

test('text that a spreadsheet would run as a formula is defused; negative numbers stay numbers', () => {
  assert.equal(
    toCsv(['x', 'y'], [['=HYPERLINK("http://evil")', -3]], 'en'),
    '\uFEFFx,y\r\n"\'=HYPERLINK(""http://evil"")",-3\r\n',
  );
});

test('any text survives a round trip through a CSV parser (German notation)', () => {
  fc.assert(
    fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), (cells) => {
      const csv = toCsv(
        ['h'],
        cells.map((c) => [c]),
        'de',
      );
      const parsed = parseCsv(csv, ';').slice(1);
      const expected = cells.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c));
      assert.deepEqual(
        parsed.map((row) => row[0]),
        expected,
      );
    }),
  );
});
