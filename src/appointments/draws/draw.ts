import { createHash, randomBytes } from 'node:crypto';

/**
 * Verifiable appointment draw (algorithm version 1).
 *
 * The office commits to a secret seed (publishes SHA-256 of it) before registration opens and
 * reveals the seed after the draw. Everything below is deliberately plain — SHA-256, 32-bit words,
 * rejection sampling, Fisher–Yates — so that anyone can recompute the allocation in any language
 * from the seed and the published list of pseudonymous registrations. Do not change a single step
 * without bumping the version: published draws must stay recomputable forever.
 *
 *   1. Sort registrations by pseudonym (UTF-16 code-unit order; plain byte order for ASCII).
 *   2. Split into the urgent and the non-urgent group, each keeping that sorted order.
 *   3. Random stream: block k = SHA-256(seed bytes || k as uint32 big-endian), k = 0, 1, 2, …;
 *      the blocks are read 4 bytes at a time as uint32 big-endian words.
 *   4. uniform(n): x = next word; limit = 2^32 − (2^32 mod n); if x ≥ limit read again; else x mod n.
 *   5. Fisher–Yates on the urgent group, then — same stream continuing — on the non-urgent group:
 *      for i = len−1 down to 1: j = uniform(i+1); swap(i, j).
 *   6. Order = urgent ++ non-urgent. The first min(count, slots) get slots 0, 1, 2, …; the rest
 *      form the waitlist in order.
 *
 * Known limit of the scheme (not of this code): whoever knows the seed early (the office) can
 * predict the effect of adding or dropping registrations. The commitment only stops changing the
 * seed afterwards; the published list lets each registrant check their own pseudonym and urgency.
 */

export interface DrawEntry {
  /** Public, unique, e.g. "R-4F7K2". */
  readonly pseudonym: string;
  /** Residence permit expires within eight weeks: drawn ahead of everyone else. */
  readonly urgent: boolean;
}

export interface DrawResult {
  /** All pseudonyms in draw order (urgent first, each group shuffled by the seed). */
  readonly order: readonly string[];
  /** The first min(n, slots) of order, with slot 0, 1, 2, … */
  readonly winners: readonly { pseudonym: string; slotIndex: number }[];
  /** The rest of order, in order. */
  readonly waitlist: readonly string[];
}

const TWO_POW_32 = 0x1_0000_0000;
const SEED_PATTERN = /^[0-9a-fA-F]{64}$/;

/** SHA-256 (lowercase hex) of the seed's 32 bytes — published before registration opens. */
export function commitSeed(seedHex: string): string {
  return createHash('sha256').update(seedBytes(seedHex)).digest('hex');
}

/** A fresh secret seed: 32 random bytes as lowercase hex. The only impure function here. */
export function newSeed(): string {
  return randomBytes(32).toString('hex');
}

/** Entries sorted by pseudonym, so the order in which people registered never affects the draw. */
export function canonicalEntries(entries: readonly DrawEntry[]): DrawEntry[] {
  // Code-unit comparison, not localeCompare: locale collation differs between runtimes and languages.
  const sorted = [...entries].sort((a, b) => (a.pseudonym < b.pseudonym ? -1 : a.pseudonym > b.pseudonym ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.pseudonym === sorted[i - 1]!.pseudonym)
      throw new RangeError(`duplicate pseudonym ${sorted[i]!.pseudonym}`);
  }
  return sorted;
}

/** Runs the draw described above. Throws RangeError on a malformed seed, duplicates or a bad slot count. */
export function runDraw(seedHex: string, entries: readonly DrawEntry[], slotCount: number): DrawResult {
  if (!Number.isSafeInteger(slotCount) || slotCount < 0)
    throw new RangeError(`slotCount must be a non-negative integer, got ${slotCount}`);
  const next = wordStream(seedBytes(seedHex));
  const sorted = canonicalEntries(entries);
  const urgent = shuffle(
    sorted.filter((e) => e.urgent).map((e) => e.pseudonym),
    next,
  );
  const others = shuffle(
    sorted.filter((e) => !e.urgent).map((e) => e.pseudonym),
    next,
  );
  return allocate([...urgent, ...others], slotCount);
}

/**
 * Checks a published draw: the revealed seed must match the commitment made beforehand, and
 * recomputing from the seed and the published entries must give exactly the published result.
 * A seed that is not 64 hex characters can never be the committed one, so it fails as 'commitment'.
 */
export function verifyDraw(
  seedHex: string,
  commitment: string,
  entries: readonly DrawEntry[],
  slotCount: number,
  published: DrawResult,
): { ok: true } | { ok: false; reason: 'commitment' | 'order' } {
  if (!SEED_PATTERN.test(seedHex) || commitSeed(seedHex) !== commitment.toLowerCase())
    return { ok: false, reason: 'commitment' };
  return sameResult(runDraw(seedHex, entries, slotCount), published) ? { ok: true } : { ok: false, reason: 'order' };
}

function seedBytes(seedHex: string): Buffer {
  // Exactly 32 bytes: a short seed could be brute-forced from its published commitment.
  if (!SEED_PATTERN.test(seedHex)) throw new RangeError('seed must be exactly 64 hexadecimal characters');
  return Buffer.from(seedHex, 'hex');
}

/** The random stream as a function returning the next uint32 word (step 3). */
function wordStream(seed: Buffer): () => number {
  let counter = 0;
  let block = Buffer.alloc(0);
  let offset = 0;
  return () => {
    if (offset === block.length) {
      const counterBytes = Buffer.alloc(4);
      counterBytes.writeUInt32BE(counter++); // throws past 2^32 blocks rather than silently repeating
      block = createHash('sha256').update(seed).update(counterBytes).digest();
      offset = 0;
    }
    const word = block.readUInt32BE(offset);
    offset += 4;
    return word;
  };
}

/** Unbiased integer in [0, n) (step 4): plain `x mod n` would favour small values when n ∤ 2^32. */
function uniform(n: number, next: () => number): number {
  const limit = TWO_POW_32 - (TWO_POW_32 % n);
  for (;;) {
    const x = next();
    if (x < limit) return x % n;
  }
}

/** Fisher–Yates (step 5), on a copy. */
function shuffle(items: readonly string[], next: () => number): string[] {
  const a = [...items];
  for (let i = a.length - 1; i >= 1; i--) {
    const j = uniform(i + 1, next);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

function allocate(order: string[], slotCount: number): DrawResult {
  const k = Math.min(order.length, slotCount);
  return {
    order,
    winners: order.slice(0, k).map((pseudonym, slotIndex) => ({ pseudonym, slotIndex })),
    waitlist: order.slice(k),
  };
}

/** Field-by-field, so extra properties on a published (e.g. JSON-parsed) result do not matter. */
function sameResult(a: DrawResult, b: DrawResult): boolean {
  const sameList = (x: readonly string[], y: readonly string[]) =>
    x.length === y.length && x.every((v, i) => v === y[i]);
  return (
    sameList(a.order, b.order) &&
    sameList(a.waitlist, b.waitlist) &&
    a.winners.length === b.winners.length &&
    a.winners.every((w, i) => w.pseudonym === b.winners[i]?.pseudonym && w.slotIndex === b.winners[i]?.slotIndex)
  );
}

/**
 * Known-answer vector: any reimplementation must reproduce `order` from these inputs. It was
 * cross-checked against an independent reimplementation written from DRAW_ALGORITHM alone.
 */
export const DRAW_TEST_VECTOR = {
  seedHex: '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f',
  commitment: '630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd',
  slotCount: 4,
  entries: [
    { pseudonym: 'R-4F7K2', urgent: false },
    { pseudonym: 'R-9QX3M', urgent: true },
    { pseudonym: 'R-2B8NP', urgent: false },
    { pseudonym: 'R-7HD4C', urgent: false },
    { pseudonym: 'R-3ZW6T', urgent: true },
    { pseudonym: 'R-5KJ9A', urgent: false },
    { pseudonym: 'R-8MV2E', urgent: false },
    { pseudonym: 'R-6TR5G', urgent: true },
    { pseudonym: 'R-1YC7H', urgent: false },
    { pseudonym: 'R-4LP8W', urgent: false },
  ],
  order: ['R-9QX3M', 'R-6TR5G', 'R-3ZW6T', 'R-7HD4C', 'R-1YC7H', 'R-2B8NP', 'R-8MV2E', 'R-4F7K2', 'R-5KJ9A', 'R-4LP8W'],
} as const satisfies {
  seedHex: string;
  commitment: string;
  slotCount: number;
  entries: readonly DrawEntry[];
  order: readonly string[];
};

/** Plain-English description of the exact algorithm, e.g. for the public verification page. */
export const DRAW_ALGORITHM: string = [
  'Appointment draw, algorithm version 1.',
  'Inputs: the seed (32 bytes, revealed as 64 hexadecimal characters), the published list of registrations (pseudonym, urgent yes/no) and the number of slots. Before registration opened, SHA-256 of the seed bytes was published in lowercase hexadecimal; check it first.',
  '1. Sort the registrations by pseudonym, comparing strings by UTF-16 code units (for ASCII pseudonyms this is plain byte order). Pseudonyms are unique.',
  '2. Split them into the urgent group (residence permit expires within eight weeks) and the non-urgent group; each keeps the sorted order.',
  '3. Random stream: block k (k = 0, 1, 2, ...) is SHA-256 of the seed bytes followed by k as a 4-byte big-endian unsigned integer. Read the blocks, in order, 4 bytes at a time as big-endian unsigned 32-bit integers.',
  '4. uniform(n): read the next integer x; let limit = 4294967296 - (4294967296 mod n); if x >= limit, discard x and read again; otherwise the result is x mod n.',
  '5. Shuffle the urgent group, then the non-urgent group, continuing the same stream: for i from (group length - 1) down to 1, let j = uniform(i + 1) and swap the elements at positions i and j (counting from 0). A group of 0 or 1 registrations reads nothing.',
  '6. The draw order is the shuffled urgent group followed by the shuffled non-urgent group. The first min(number of registrations, slots) in this order get slots 0, 1, 2, ... in turn; everyone else is on the waitlist in this order.',
  `Test vector: seed ${DRAW_TEST_VECTOR.seedHex} (commitment ${DRAW_TEST_VECTOR.commitment}); registrations ${DRAW_TEST_VECTOR.entries
    .map((e) => `${e.pseudonym}${e.urgent ? ' (urgent)' : ''}`)
    .join(', ')}; ${DRAW_TEST_VECTOR.slotCount} slots; expected order ${DRAW_TEST_VECTOR.order.join(', ')}.`,
].join('\n');
