/**
 * Password policy for staff accounts: "length over complexity" as recommended by the BSI
 * (IT-Grundschutz ORP.4.A23) and NIST SP 800-63B. There are deliberately no composition rules
 * ("must contain a digit"); instead a password must be long enough, must not be a well-known
 * password, must not contain the person's own name or e-mail address, and must not be a
 * trivial pattern.
 *
 * `checkPassword` is pure: it never throws and returns every problem it finds, in a fixed order.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export type PasswordProblem = 'tooShort' | 'tooLong' | 'common' | 'containsPersonalData' | 'repetitive';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;

/** Name parts and e-mail local parts shorter than this are too unspecific to forbid. */
const MIN_PERSONAL_PART_LETTERS = 4;

/** The shipped list (see common-passwords.README.md): lowercase, one password per line. */
const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  readFileSync(path.join(import.meta.dirname, 'common-passwords.txt'), 'utf8')
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line !== ''),
);

export function checkPassword(password: string, context: { email: string; displayName: string }): PasswordProblem[] {
  const normalized = password.normalize('NFC');
  const lower = normalized.toLowerCase();
  const problems: PasswordProblem[] = [];

  // NFC so that a decomposed "ü" (u + combining diaeresis, as typed on some systems) counts once.
  // The few characters whose NFC form is longer (composition exclusions such as U+0344) are
  // measured as typed, so a password never becomes long enough through normalisation alone.
  const length = Math.min(codePointCount(password), codePointCount(normalized));
  if (length < MIN_PASSWORD_LENGTH) problems.push('tooShort');
  if (length > MAX_PASSWORD_LENGTH) problems.push('tooLong');
  if (isCommon(lower)) problems.push('common');
  if (containsPersonalData(lower, context)) problems.push('containsPersonalData');
  if (isRepetitive(lower)) problems.push('repetitive');
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Common passwords

function isCommon(lower: string): boolean {
  for (const variant of foldings(lower)) {
    if (COMMON_PASSWORDS.has(variant)) return true;
    const stripped = stripTrailingDecoration(variant);
    if (stripped !== '' && COMMON_PASSWORDS.has(stripped)) return true;
  }
  return false;
}

const DECORATION = /^[\p{N}\p{P}\p{S}\p{Z}\p{Cc}]$/u;

/** "password123!" → "password". Scans code points from the end (no regex backtracking on long input). */
function stripTrailingDecoration(text: string): string {
  let end = text.length;
  while (end > 0) {
    let start = end - 1;
    const unit = text.charCodeAt(start);
    if (unit >= 0xdc00 && unit <= 0xdfff && start > 0) {
      const before = text.charCodeAt(start - 1);
      if (before >= 0xd800 && before <= 0xdbff) start -= 1;
    }
    if (!DECORATION.test(text.slice(start, end))) break;
    end = start;
  }
  return text.slice(0, end);
}

// ---------------------------------------------------------------------------------------------
// Personal data

function containsPersonalData(lower: string, context: { email: string; displayName: string }): boolean {
  const parts = personalParts(context);
  if (parts.length === 0) return false;
  const passwordForms = foldings(lower);
  for (const part of parts) {
    for (const partForm of foldings(part)) {
      if (partForm !== '' && passwordForms.some((form) => form.includes(partForm))) return true;
    }
  }
  return false;
}

/** Lowercased NFC strings that a password must not contain. */
function personalParts(context: { email: string; displayName: string }): string[] {
  const parts = new Set<string>();
  const email = String(context.email ?? '')
    .normalize('NFC')
    .toLowerCase();
  const at = email.lastIndexOf('@');
  const localPart = (at === -1 ? email : email.slice(0, at)).trim();
  // The whole local part ("a.schmidt") and each word of it ("schmidt" from "anna.schmidt+amt").
  if (codePointCount(localPart) >= MIN_PERSONAL_PART_LETTERS) parts.add(localPart);
  for (const word of localPart.split(/[^\p{L}\p{M}\p{N}]+/u)) {
    if (letterCount(word) >= MIN_PERSONAL_PART_LETTERS) parts.add(word);
  }
  const displayName = String(context.displayName ?? '')
    .normalize('NFC')
    .toLowerCase();
  for (const word of displayName.split(/[^\p{L}\p{M}]+/u)) {
    if (letterCount(word) >= MIN_PERSONAL_PART_LETTERS) parts.add(word);
  }
  return [...parts];
}

function letterCount(text: string): number {
  let count = 0;
  for (const char of text) if (/\p{L}/u.test(char)) count += 1;
  return count;
}

// ---------------------------------------------------------------------------------------------
// Repetition and simple sequences

/**
 * Keyboard "tracks": the keys in the order one types them running along the rows (row after row)
 * or down the columns. A walk along a track in either direction counts as a simple sequence.
 */
const KEYBOARD_TRACKS: readonly string[] = [
  // German QWERTZ, rows and columns
  '^1234567890ß´' + 'qwertzuiopü+' + 'asdfghjklöä#' + '<yxcvbnm,.-',
  '1qay2wsx3edc4rfv5tgb6zhn7ujm8ik,9ol.0pö-ßüä',
  // US QWERTY, rows and columns
  '`1234567890-=' + 'qwertyuiop[]\\' + "asdfghjkl;'" + 'zxcvbnm,./',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/',
  // French AZERTY letter rows
  'azertyuiop' + 'qsdfghjklmù' + 'wxcvbn',
  // Russian ЙЦУКЕН letter rows
  'йцукенгшщзхъ' + 'фывапролджэ' + 'ячсмитьбю',
  // Arabic (101) letter rows
  'ضصثقفغعهخحجد' + 'شسيبلاتنمكط' + 'ئءؤرىةوزظ',
];

/** Relation ids: 0 same character, 1 next character, 2 previous character, then 2 per keyboard track. */
const RELATION_COUNT = 3 + 2 * KEYBOARD_TRACKS.length;

const KEYBOARD_STEPS: ReadonlyMap<string, readonly number[]> = (() => {
  const steps = new Map<string, number[]>();
  const add = (pair: string, relation: number) => {
    const list = steps.get(pair) ?? [];
    if (!list.includes(relation)) list.push(relation);
    steps.set(pair, list);
  };
  KEYBOARD_TRACKS.forEach((track, index) => {
    const keys = [...track];
    for (let i = 1; i < keys.length; i += 1) {
      add(`${keys[i - 1]}\u0000${keys[i]}`, 3 + 2 * index);
      add(`${keys[i]}\u0000${keys[i - 1]}`, 4 + 2 * index);
    }
  });
  return steps;
})();

/**
 * True for a single repeated character, a repeated block ("abcabcabcabc", "sommersommer"), an
 * alphabetical or numerical run ("abcdefghijkl", "123456789012", "zyxwvu…"), a keyboard walk
 * ("qwertzuiopü+", "1qay2wsx3edc", "йцукенгшщзхъ"), or two such runs joined ("qwertz123456").
 */
function isRepetitive(lower: string): boolean {
  const chars = Array.from(lower);
  const n = chars.length;
  if (n < 3) return false;
  if (n >= 4 && smallestPeriod(chars) <= n / 2) return true;
  const runs = minimalRunCount(chars);
  return runs === 1 || (runs === 2 && n >= 8);
}

/** Smallest p such that chars[i] === chars[i - p] for all i ≥ p (Knuth–Morris–Pratt failure function). */
function smallestPeriod(chars: readonly string[]): number {
  const failure = new Array<number>(chars.length).fill(0);
  for (let i = 1; i < chars.length; i += 1) {
    let k = failure[i - 1]!;
    while (k > 0 && chars[i] !== chars[k]) k = failure[k - 1]!;
    if (chars[i] === chars[k]) k += 1;
    failure[i] = k;
  }
  return chars.length - failure[chars.length - 1]!;
}

/** The fewest pieces the text splits into where, inside each piece, every step is the same kind of step. */
function minimalRunCount(chars: readonly string[]): number {
  // best[r]: fewest runs for the prefix so far, the last run continuing by relation r;
  // fresh: fewest runs for the prefix so far, the last run being one character long.
  let best = new Array<number>(RELATION_COUNT).fill(Infinity);
  let fresh = 1;
  for (let i = 1; i < chars.length; i += 1) {
    const relations = stepRelations(chars[i - 1]!, chars[i]!);
    const next = new Array<number>(RELATION_COUNT).fill(Infinity);
    for (const r of relations) next[r] = Math.min(best[r]!, fresh);
    fresh = Math.min(fresh, ...best) + 1;
    best = next;
  }
  return Math.min(fresh, ...best);
}

function stepRelations(previous: string, current: string): number[] {
  const relations: number[] = [];
  if (previous === current) relations.push(0);
  const step = sequenceStep(previous, current);
  if (step === 1) relations.push(1);
  if (step === -1) relations.push(2);
  const keyboard = KEYBOARD_STEPS.get(`${previous}\u0000${current}`);
  if (keyboard) relations.push(...keyboard);
  return relations;
}

/** +1 / -1 for neighbours in code point order; digits and a–z wrap around ("…890…", "…xyzab…"). */
function sequenceStep(previous: string, current: string): number {
  const a = previous.codePointAt(0)!;
  const b = current.codePointAt(0)!;
  const cyclic = (size: number) => {
    const forward = (((b - a) % size) + size) % size;
    return forward === 1 ? 1 : forward === size - 1 ? -1 : 0;
  };
  if (isBetween(a, 0x30, 0x39) && isBetween(b, 0x30, 0x39)) return cyclic(10);
  if (isBetween(a, 0x61, 0x7a) && isBetween(b, 0x61, 0x7a)) return cyclic(26);
  return b - a === 1 ? 1 : b - a === -1 ? -1 : 0;
}

function isBetween(value: number, min: number, max: number): boolean {
  return value >= min && value <= max;
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** The text as is, with German transliteration (ä → ae, ß → ss) and without diacritics (ä → a). */
function foldings(lower: string): string[] {
  const transliterated = lower.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss');
  const withoutMarks = lower
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/ß/g, 'ss')
    .normalize('NFC');
  return [...new Set([lower, transliterated, withoutMarks])];
}

function codePointCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}
