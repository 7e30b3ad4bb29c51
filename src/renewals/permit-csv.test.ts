import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { LOCALES } from '../platform/i18n/locales.js';
import {
  COLUMNS,
  decodeCsv,
  MAX_ROWS,
  parseDay,
  parsePermitCsv,
  REJECT_REASONS,
  type RowOutcome,
} from './permit-csv.js';

const TODAY = '2026-03-01';
const HEADER = 'first_name,last_name,birth_date,email,locale,permit_type,expires_on';

function outcomes(text: string): RowOutcome[] {
  const parsed = parsePermitCsv(text, TODAY);
  assert.ok(parsed.ok, `file refused: ${JSON.stringify(parsed)}`);
  return parsed.outcomes;
}
const reasons = (text: string) => outcomes(text).map((o) => (o.ok ? 'ok' : o.reason));

test('an English header with commas and LF: rows become permits with ISO dates and a checked language', () => {
  const [first, second] = outcomes(
    `${HEADER}\nAmina,Haddad,1990-04-12,amina@example.org,ar,§ 18b AufenthG,2026-06-30\n,Ngata,,n@example.org,,,01.07.2026\n`,
  );
  assert.deepEqual(first, {
    line: 2,
    ok: true,
    row: {
      firstName: 'Amina',
      lastName: 'Haddad',
      birthDate: '1990-04-12',
      email: 'amina@example.org',
      locale: 'ar',
      permitType: '§ 18b AufenthG',
      expiresOn: '2026-06-30',
    },
  });
  // One name only, no birth date, no language (German), no permit type: still a permit to remind of.
  assert.deepEqual(second, {
    line: 3,
    ok: true,
    row: {
      firstName: '',
      lastName: 'Ngata',
      birthDate: null,
      email: 'n@example.org',
      locale: 'de',
      permitType: '',
      expiresOn: '2026-07-01',
    },
  });
});

test('German headers in any case with semicolons, CRLF and a BOM; unknown columns are ignored', () => {
  const text =
    '\uFEFFVorname;NACHNAME;Geburtsdatum;E-Mail;Sprache;Titel;Aktenzeichen;Gültig_bis\r\nOlena;Kovalenko;3.9.1988;olena@example.org;UK;AE;K-1;31.12.2026\r\n';
  const [row] = outcomes(text);
  assert.ok(row?.ok);
  assert.equal(row.row.locale, 'uk');
  assert.equal(row.row.birthDate, '1988-09-03');
  assert.equal(row.row.expiresOn, '2026-12-31');
  assert.equal(outcomes(text.replace('Gültig_bis', 'gueltig_bis')).length, 1);
  // Excel's "sep=;" hint line is honoured, and then the header is line 2.
  assert.equal(outcomes(`sep=;\r\n${text.slice(1)}`)[0]!.line, 3);
});

test('quoted fields hold delimiters, doubled quotes and line breaks; lines are counted in the file', () => {
  const text = `${HEADER}\r\n"Ana ""Nina""","Silva, de",,"ana@example.org",en,"Blaue Karte\r\nEU",2026-05-01\r\nB,C,,b@example.org,,,2026-05-02\r\n`;
  const [first, second, ...rest] = outcomes(text);
  assert.equal(rest.length, 0);
  assert.ok(first?.ok && second?.ok);
  assert.equal(first.row.firstName, 'Ana "Nina"');
  assert.equal(first.row.lastName, 'Silva, de');
  assert.equal(first.row.permitType, 'Blaue Karte\r\nEU');
  assert.equal(second.line, 4, 'the second row starts on line 4');
});

test('each reason: malformed, too long, missing field, bad e-mail, bad date, bad language, expired, duplicate', () => {
  const rows = [
    'A,B,,a@example.org,de,,2026-04-01', // 2 ok
    'A,B,,a@example.org,de,,2026-04-01,extra', // 3 malformed: more fields than the header
    `A,${'x'.repeat(101)},,c@example.org,de,,2026-04-01`, // 4 tooLong
    'A,,,d@example.org,de,,2026-04-01', // 5 missingField (last name)
    'A,B,,no-at-sign,de,,2026-04-01', // 6 badEmail
    'A,B,,f@example.org,de,,2026-02-30', // 7 badDate (no such day)
    'A,B,1990/01/01,g@example.org,de,,2026-04-01', // 8 badDate (birth date format)
    'A,B,,h@example.org,fr,,2026-04-01', // 9 badLocale
    'A,B,,i@example.org,de,,2026-02-28', // 10 expired
    'a,b,,A@EXAMPLE.ORG,en,,01.04.2026', // 11 duplicate of line 2 (case and date format aside)
    'A,"B"x,,k@example.org,de,,2026-04-01', // 12 malformed: text after a closing quote
    'A,B,,l@example.org,de,,2026-03-01', // 13 ok: expires today
    'A,B,,,de,,2026-04-01', // 14 missingField (e-mail)
  ];
  assert.deepEqual(reasons(`${HEADER}\n${rows.join('\n')}`), [
    'ok',
    'malformed',
    'tooLong',
    'missingField',
    'badEmail',
    'badDate',
    'badDate',
    'badLocale',
    'expired',
    'duplicate',
    'malformed',
    'ok',
    'missingField',
  ]);
  const all = outcomes(`${HEADER}\n${rows.join('\n')}`);
  assert.deepEqual(
    all.map((o) => o.line),
    rows.map((_, i) => i + 2),
  );
  assert.deepEqual(
    all.filter((o) => !o.ok).map((o) => (o.ok ? null : o.field)),
    [
      undefined,
      'last_name',
      'last_name',
      'email',
      'expires_on',
      'birth_date',
      'locale',
      'expires_on',
      undefined,
      undefined,
      'email',
    ],
  );
});

test('family members sharing an address and an expiry date are not duplicates of each other', () => {
  assert.deepEqual(
    reasons(
      `${HEADER}\nAmir,Karimi,1980-01-01,fam@example.org,fa,,2026-09-01\nSara,Karimi,2015-05-05,fam@example.org,fa,,2026-09-01\n`,
    ),
    ['ok', 'ok'],
  );
});

test('blank lines and rows of empty fields are skipped; a quote never closed costs one line, not the rest', () => {
  const text = `\n\n${HEADER}\n\n,,,,,,\nA,"B,,u@example.org,de,,2026-04-01\nC,D,,v@example.org,de,,2026-04-01\n   \n`;
  const result = outcomes(text);
  assert.deepEqual(
    result.map((o) => [o.line, o.ok ? 'ok' : o.reason]),
    [
      [6, 'malformed'],
      [7, 'ok'],
    ],
  );
});

test('a stray quote does not swallow the lines up to the next quote: only its own line is lost', () => {
  const text = `${HEADER}\nA,"Sil,,s@example.org,de,,2026-04-01\nC,D,,t@example.org,de,,2026-04-01\nE,"F",,u@example.org,de,,2026-04-01\nG,"H"x,,v@example.org,de,,2026-04-01\n`;
  assert.deepEqual(
    outcomes(text).map((o) => [o.line, o.ok ? 'ok' : o.reason]),
    [
      [2, 'malformed'],
      [3, 'ok'],
      [4, 'ok'],
      [5, 'malformed'],
    ],
  );
  // A quoted line break in a row that is otherwise well formed is data (RFC 4180).
  assert.deepEqual(reasons(`${HEADER}\nA,"B\nC",,w@example.org,de,,2026-04-01\nE,F,,x@example.org,de,,2026-04-01\n`), [
    'ok',
    'ok',
  ]);
});

test('whole files refused: not UTF-8, empty, required columns missing, a column twice, too many rows', () => {
  assert.equal(decodeCsv(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x62])), 'ab');
  assert.equal(decodeCsv(new Uint8Array([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72])), null, 'Windows-1252 "Müller"');
  assert.equal(decodeCsv(new TextEncoder().encode('a\u0000b')), null);
  assert.equal(decodeCsv(new Uint8Array([0xff, 0xfe, 0x61, 0x00])), null, 'UTF-16');
  assert.deepEqual(parsePermitCsv(' \r\n\r\n', TODAY), { ok: false, problem: 'empty', columns: [] });
  assert.deepEqual(parsePermitCsv('vorname;nachname;sprache\nA;B;de\n', TODAY), {
    ok: false,
    problem: 'missingColumns',
    columns: ['email', 'expires_on'],
  });
  assert.deepEqual(parsePermitCsv('email,e-mail,last_name,expires_on\n', TODAY), {
    ok: false,
    problem: 'duplicateColumn',
    columns: ['email'],
  });
  const row = 'A,B,,a@example.org,de,,2026-04-01\n';
  assert.equal(parsePermitCsv(`${HEADER}\n${row.repeat(MAX_ROWS)}`, TODAY).ok, true);
  assert.deepEqual(parsePermitCsv(`${HEADER}\n${row.repeat(MAX_ROWS + 1)}`, TODAY), {
    ok: false,
    problem: 'tooManyRows',
    columns: [],
  });
  // Only a header: a file without rows is not an error.
  assert.deepEqual(parsePermitCsv(HEADER, TODAY), { ok: true, outcomes: [] });
});

test('dates: ISO and German forms of real days only', () => {
  assert.equal(parseDay('2028-02-29'), '2028-02-29');
  assert.equal(parseDay('29.02.2027'), null);
  assert.equal(parseDay(' 1.2.2030 '), '2030-02-01');
  for (const bad of [
    '2026-13-01',
    '2026-1-01',
    '00.01.2026',
    '31.04.2026',
    '2026-04-01T00:00',
    '1899-12-31',
    '',
    '01/04/2026',
  ])
    assert.equal(parseDay(bad), null, bad);
});

// Text for one field, with the characters that make CSV hard.
const fieldText = fc.oneof(
  fc.constantFrom('', ' ', 'Anna', 'Ölçer', 'محمد', 'a@example.org', '2026-05-01', '01.05.2026', 'de', 'fa', 'xx'),
  fc.string({
    unit: fc.constantFrom('a', 'Z', ' ', ',', ';', '"', '\n', '\r', 'ä', '@', '.', '-', '0', '1'),
    maxLength: 12,
  }),
);
const validRow = fc
  .record({
    first: fc.constantFrom('Anna', '', 'Jean-Luc'),
    last: fc.constantFrom('Yılmaz', "O'Neill", 'Smith, Jr.'),
    email: fc.constantFrom('a@example.org', 'b@example.de'),
    locale: fc.constantFrom(...LOCALES, ''),
    expires: fc.constantFrom('2026-03-01', '15.08.2027', '2030-01-31'),
    n: fc.nat(1000),
  })
  .map((r) => [r.first, r.last, '', `${r.n}.${r.email}`, r.locale, 'AE "§ 7"', r.expires]);

function quote(value: string, delimiter: string): string {
  return /["\r\n]/.test(value) || value.includes(delimiter) || value.trim() !== value
    ? `"${value.replace(/"/g, '""')}"`
    : value;
}

test('property: whatever the rows hold, every row written is accepted or rejected with a reason, on its own line', () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(validRow, fc.array(fieldText, { minLength: 7, maxLength: 7 })), { maxLength: 25 }),
      fc.constantFrom(',', ';'),
      fc.constantFrom('\n', '\r\n'),
      fc.boolean(),
      (rows, delimiter, eol, bom) => {
        let text = (bom ? '\uFEFF' : '') + COLUMNS.join(delimiter) + eol;
        const expectedLines: number[] = [];
        let line = 2;
        for (const row of rows) {
          const written = row.map((v) => quote(v, delimiter)).join(delimiter);
          if (row.some((v) => v.trim() !== '')) expectedLines.push(line);
          line += written.split(/\r\n|\n|\r/).length;
          text += written + eol;
        }
        const parsed = parsePermitCsv(text, TODAY);
        assert.ok(parsed.ok);
        assert.deepEqual(
          parsed.outcomes.map((o) => o.line),
          expectedLines,
        );
        const written = rows.filter((r) => r.some((v) => v.trim() !== ''));
        for (const [i, o] of parsed.outcomes.entries()) {
          if (o.ok) {
            assert.deepEqual([o.row.firstName, o.row.lastName], [written[i]![0]!.trim(), written[i]![1]!.trim()]);
          } else {
            assert.ok(REJECT_REASONS.includes(o.reason));
          }
        }
      },
    ),
    { numRuns: 300 },
  );
});

test('property: any text at all never throws; outcomes are in file order and accepted rows are sound', () => {
  const anyText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 400 }),
    fc
      .array(
        fc.oneof(
          fc.constant(HEADER),
          fc.constant(HEADER.replace(/,/g, ';')),
          fieldText,
          fc.constantFrom(',', ';', '"', '\n', '\r\n', '\r', 'a@b.de', '2026-04-01', '\uFEFF', 'sep=;'),
        ),
        { maxLength: 80 },
      )
      .map((parts) => parts.join('')),
  );
  fc.assert(
    fc.property(anyText, (text) => {
      const parsed = parsePermitCsv(text, TODAY);
      if (!parsed.ok) return;
      const lines = parsed.outcomes.map((o) => o.line);
      assert.deepEqual(
        lines,
        [...new Set(lines)].sort((a, b) => a - b),
      );
      const lineCount = text.split(/\r\n|\n|\r/).length;
      for (const o of parsed.outcomes) {
        assert.ok(o.line >= 2 && o.line <= lineCount, `line ${o.line} of ${lineCount}`);
        if (!o.ok) {
          assert.ok(REJECT_REASONS.includes(o.reason));
          continue;
        }
        assert.match(o.row.expiresOn, /^\d{4}-\d{2}-\d{2}$/);
        assert.ok(o.row.expiresOn >= TODAY);
        assert.ok(LOCALES.includes(o.row.locale));
        assert.ok(o.row.lastName.length > 0 && o.row.lastName.length <= 100);
        assert.ok(o.row.email.includes('@'));
      }
    }),
    { numRuns: 1000 },
  );
});
