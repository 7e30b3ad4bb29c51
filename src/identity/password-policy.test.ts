import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkPassword, MIN_PASSWORD_LENGTH, type PasswordProblem } from './password-policy.js';

const staff = { email: 'anna.schmidt@auslaenderbehoerde.example', displayName: 'Dr. Anna-Lena Schmidt' };
const nobody = { email: 'q7@amt.example', displayName: 'Xu Yi' };

const ALL_PROBLEMS: readonly PasswordProblem[] = [
  'tooShort',
  'tooLong',
  'common',
  'containsPersonalData',
  'repetitive',
];

function problems(password: string, context = nobody): PasswordProblem[] {
  return checkPassword(password, context);
}

test('the minimum length is 12', () => {
  assert.equal(MIN_PASSWORD_LENGTH, 12);
});

test('long passphrases pass without any composition rules, in any script', () => {
  for (const password of [
    'Korrekt Pferd Batterie Heftklammer',
    'straßenbahn fährt um sieben',
    'wüstenfuchsimschnee',
    'Aufenthaltstitel verlängern',
    'Kaffeetasse7',
    'كلمة المرور الخاصة بي طويلة جدا',
    'Мой пароль очень длинный и надёжный',
    'Мій пароль дуже довгий',
    'Şifrem çok uzun ve güvenli',
    'رمز عبور من خیلی طولانی است',
    '我的密码很长而且很安全吧',
  ]) {
    assert.deepEqual(checkPassword(password, staff), [], password);
  }
});

test('tooShort: fewer than 12 code points after NFC normalisation', () => {
  assert.deepEqual(problems('Sommerwind7'), ['tooShort']); // 11
  assert.deepEqual(problems('Sommerwind77'), []); // 12
  assert.deepEqual(problems(''), ['tooShort']);
  // Six emoji are twelve UTF-16 units but only six code points.
  assert.deepEqual(problems('🍎🚲🌧🐘🎻🧭'), ['tooShort']);
  // Twelve characters when typed with combining marks (NFD), eleven after NFC.
  const decomposed = 'Bärenhöhlen'.normalize('NFD');
  assert.ok(decomposed.length > 12);
  assert.deepEqual(problems(decomposed), ['tooShort']);
  assert.deepEqual(problems('Bärenhöhle am See'.normalize('NFD')), []);
});

test('tooLong: more than 128 code points', () => {
  const long = (
    'Im Ausländeramt gibt es heute Kaffee und Kuchen für alle, die geduldig warten. ' +
    'Danach öffnet die Zulassungsstelle, und am Nachmittag kommt der Bus nach Hause.'
  ).slice(0, 129);
  assert.equal(Array.from(long).length, 129);
  assert.deepEqual(problems(long), ['tooLong']);
  assert.deepEqual(problems(long.slice(0, 128)), []);
  // Code points, not UTF-16 units: 100 astral characters are 200 units but within the limit.
  const astral = Array.from({ length: 100 }, (_, i) => String.fromCodePoint(0x1f400 + ((i * 7) % 64))).join('');
  assert.equal(astral.length, 200);
  assert.ok(!problems(astral).includes('tooLong'));
});

test('common: listed passwords, case-insensitively and with trailing digits or symbols stripped', () => {
  assert.deepEqual(problems('passwort'), ['tooShort', 'common']);
  assert.deepEqual(problems('hallo123'), ['tooShort', 'common']);
  assert.deepEqual(problems('Password123!'), ['common']);
  assert.deepEqual(problems('PASSWORT2024!'), ['common']);
  assert.deepEqual(problems('Schatz 2024 !!'), ['common']);
  assert.deepEqual(problems('fussball1234'), ['common']);
  assert.deepEqual(problems('Fußball2024!!'), ['common']); // ß typed instead of ss
  assert.deepEqual(problems('sonyericsson'), ['common']); // listed, 12 characters
  assert.ok(problems('1qaz2wsx3edc').includes('common'));
  // A common word inside a longer passphrase is fine.
  assert.deepEqual(problems('passwort vergessen, schon wieder'), []);
  assert.deepEqual(problems('Schatzsuche im Garten'), []);
});

test('the shipped list is lowercase, about 10,000 lines, small, and has German entries', () => {
  const text = readFileSync(path.join(import.meta.dirname, 'common-passwords.txt'), 'utf8');
  assert.ok(Buffer.byteLength(text) < 150 * 1024);
  const lines = text.split('\n').filter((line) => line !== '');
  assert.ok(lines.length >= 9000 && lines.length <= 11000, String(lines.length));
  for (const line of lines) assert.equal(line, line.toLowerCase());
  for (const german of ['passwort', 'hallo123', 'schatz', 'fussball']) assert.ok(lines.includes(german), german);
});

test('containsPersonalData: e-mail local part and name parts of at least four letters', () => {
  assert.deepEqual(checkPassword('anna.schmidt ist mein Name', staff), ['containsPersonalData']);
  assert.deepEqual(checkPassword('Ausweis-SCHMIDT-2024', staff), ['containsPersonalData']);
  assert.deepEqual(checkPassword('Lena fährt gern Fahrrad', staff), ['containsPersonalData']);
  assert.deepEqual(checkPassword('Annas Geheimnis bleibt', staff), ['containsPersonalData']);
  // "Dr" has fewer than four letters and is not personal enough.
  assert.deepEqual(checkPassword('Drachenflug über Bremen', staff), []);

  const mueller = { email: 'j.mueller@abh.example', displayName: 'Jörg Müller' };
  assert.deepEqual(checkPassword('jörg fährt nach Rom', mueller), ['containsPersonalData']);
  assert.deepEqual(checkPassword('Joerg geht nach Hause', mueller), ['containsPersonalData']); // ö as oe
  assert.deepEqual(checkPassword('Müllerstraße zwölf', mueller), ['containsPersonalData']);
  assert.deepEqual(checkPassword('Mullerstrasse zwolf', mueller), ['containsPersonalData']);
  assert.deepEqual(checkPassword('J.Mueller hat Urlaub', mueller), ['containsPersonalData']);

  const cyrillic = { email: 'o.petrenko@abh.example', displayName: 'Олена Петренко' };
  assert.deepEqual(checkPassword('ПЕТРЕНКО працює в Берліні', cyrillic), ['containsPersonalData']);
  assert.deepEqual(checkPassword('petrenko works in Berlin', cyrillic), ['containsPersonalData']);

  const arabic = { email: 'k.haddad@abh.example', displayName: 'كريم حداد' };
  assert.deepEqual(checkPassword('اسمي كريم وأحب القهوة', arabic), ['containsPersonalData']);

  // Short names and local parts are not forbidden everywhere.
  const short = { email: 'li@abh.example', displayName: 'Li Wei' };
  assert.deepEqual(checkPassword('Limonade und Weizenbier', short), []);
});

test('repetitive: repeated characters and blocks, sequences, keyboard walks', () => {
  for (const password of [
    'aaaaaaaaaaaa',
    '            ',
    'AAAAAAAAAAAAAAAAAAAAAAAAA',
    '123456789012',
    '0987654321098',
    'abcdefghijkl',
    'ABCDEFGHIJKLMNOP',
    'xyzabcdefghi',
    'zyxwvutsrqpo',
    'qwertzuiopü+',
    'poiuztrewqasdf',
    'asdfghjklöä#',
    '1qay2wsx3edc4rfv',
    'qwertz123456',
    'abcabcabcabc',
    'sommersommer',
    'hallo hallo hallo',
    'абвгдежзийкл',
    'йцукенгшщзхъ',
    'ضصثقفغعهخحجد',
  ]) {
    assert.ok(problems(password).includes('repetitive'), password);
  }
  assert.deepEqual(problems('qwertzuiopü'), ['tooShort', 'repetitive']);
  assert.deepEqual(problems('Donaudampfschifffahrt'), []);
  assert.deepEqual(problems('Mississippi-Dampfer'), []);
  assert.deepEqual(problems('Abc-Schütze im Herbst'), []);
});

test('all problems are reported together, in a fixed order', () => {
  assert.deepEqual(checkPassword('anna1', { email: 'anna@abh.example', displayName: 'Anna' }), [
    'tooShort',
    'common',
    'containsPersonalData',
  ]);
});

// ---------------------------------------------------------------------------------------------
// Properties

/**
 * Letters from several scripts, chosen so that no two different ones are neighbours in code point
 * order or on any keyboard row or column. The only simple pattern a string of them can form is
 * therefore a repetition, which the test can recognise on its own.
 */
const UNRELATED_LETTERS = [
  'ж',
  'q',
  'ä',
  'λ',
  'ب',
  'm',
  'ш',
  'Ω',
  'ß',
  'γ',
  'ع',
  'Ж',
  'ю',
  'ф',
  'ε',
  'G',
  'ν',
  'Ä',
  '山',
  '水',
  'ι',
];

function naiveRepetition(text: string): boolean {
  const chars = Array.from(text.toLowerCase());
  for (let period = 1; period <= chars.length / 2; period += 1) {
    if (chars.every((char, i) => i < period || char === chars[i - period])) return true;
  }
  let blocks = 1;
  for (let i = 1; i < chars.length; i += 1) if (chars[i] !== chars[i - 1]) blocks += 1;
  return blocks <= 2;
}

test('property: twelve or more varied letters without personal data pass', () => {
  const list = new Set(readFileSync(path.join(import.meta.dirname, 'common-passwords.txt'), 'utf8').split('\n'));
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...UNRELATED_LETTERS), { minLength: 12, maxLength: 80 }), (letters) => {
      const password = letters.join('');
      const lower = password.toLowerCase();
      fc.pre(!list.has(lower) && !list.has(lower.replace(/ß/g, 'ss')));
      fc.pre(!naiveRepetition(password));
      assert.deepEqual(checkPassword(password, nobody), []);
    }),
    { numRuns: 500 },
  );
});

test('property: fewer than twelve code points is always too short', () => {
  const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit));
  const unit = fc.oneof(
    fc.constant('binary' as const),
    fc.constant('grapheme' as const),
    fc.constant('binary-ascii' as const),
  );
  const shortString = fc.oneof(
    unit.chain((u) => fc.string({ unit: u, maxLength: 11 })),
    fc.string({
      unit: fc.oneof(loneSurrogate, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })),
      maxLength: 11,
    }),
  );
  fc.assert(
    fc.property(shortString, fc.string(), fc.string(), (password, email, displayName) => {
      fc.pre(Array.from(password).length < 12);
      assert.ok(checkPassword(password, { email, displayName }).includes('tooShort'));
    }),
    { numRuns: 1000 },
  );
});

test('property: never throws, for any input', () => {
  const anyChar = fc.oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), // control characters
    fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), // lone surrogates
    fc.constantFrom('a', '1', '!', 'ß', 'ü', '\u0308', '\u0344', 'й', 'ب', '@', ' '),
  );
  const anyString = fc.string({ unit: anyChar, maxLength: 200 });
  fc.assert(
    fc.property(anyString, anyString, anyString, (password, email, displayName) => {
      const result = checkPassword(password, { email, displayName });
      assert.ok(Array.isArray(result));
      assert.equal(new Set(result).size, result.length);
      for (const problem of result) assert.ok(ALL_PROBLEMS.includes(problem));
    }),
    { numRuns: 1000 },
  );
});

test('very long and hostile strings are handled quickly', () => {
  const context = { email: `${'x'.repeat(5000)}@${'y'.repeat(5000)}`, displayName: 'Zeynep '.repeat(1500) };
  const inputs = [
    'a'.repeat(10_000),
    `${'1'.repeat(9_999)}a`,
    `${'!'.repeat(9_999)}x`,
    '\ud800'.repeat(10_000),
    '\udc00\ud800'.repeat(5_000),
    '\u0000\u0007\u001b'.repeat(3_334),
    '\u0344'.repeat(10_000),
    Array.from({ length: 10_000 }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 7919) % 20000))).join(''),
  ];
  const started = performance.now();
  for (const input of inputs) {
    const result = checkPassword(input, context);
    assert.ok(result.includes('tooLong'), JSON.stringify(result));
    checkPassword(input, nobody);
  }
  assert.ok(performance.now() - started < 2000, `took ${Math.round(performance.now() - started)} ms`);
});
