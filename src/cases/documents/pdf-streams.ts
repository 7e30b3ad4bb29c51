import { inflateSync } from 'node:zlib';
import {
  PDFArray,
  PDFDict,
  PDFName,
  PDFNumber,
  PDFObjectStreamParser,
  PDFRawStream,
  PDFXRefStreamParser,
} from 'pdf-lib';
import { unpredict } from './pdf-predictor.js';

/**
 * The only streams pdf-lib's parser decodes while it reads a file are object streams and
 * cross-reference streams. Left to itself it would inflate them without a limit (a 10 MB file can
 * inflate to gigabytes, outside the worker's heap limit, since typed arrays live outside the heap)
 * and would ignore a predictor in /DecodeParms, reading such an object stream as garbage where a
 * viewer reads objects. So both factories are wrapped once: the stream is decoded here, by zlib
 * with a byte budget for the whole file, the predictor undone, and pdf-lib is handed the plain
 * bytes. Other filters on these streams are refused: honest writers use Flate.
 */

type Refusal = 'damaged' | 'tooLarge';

let budget: { left: number; refused: Refusal | null } | null = null;

/**
 * Runs one parse with the given decoding budget. pdf-lib catches what is thrown inside its parser
 * and throws its own error instead, so a refused stream is remembered here and wins over whatever
 * the parse did. Parses in one thread must not overlap (the worker runs one).
 */
export async function withDecodingBudget<T>(
  bytes: number,
  parse: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; reason: Refusal }> {
  install();
  if (budget) throw new Error('one PDF parse at a time per thread');
  const current = { left: bytes, refused: null as Refusal | null };
  budget = current;
  try {
    const value = await parse();
    return current.refused ? { ok: false, reason: current.refused } : { ok: true, value };
  } catch {
    return { ok: false, reason: current.refused ?? 'damaged' };
  } finally {
    budget = null;
  }
}

function refuse(reason: Refusal): never {
  if (budget) budget.refused ??= reason;
  throw new Error(`stream refused: ${reason}`);
}

let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  const objectStream = PDFObjectStreamParser.forStream;
  PDFObjectStreamParser.forStream = (raw, tick) => objectStream(decoded(raw), tick);
  const xrefStream = PDFXRefStreamParser.forStream;
  PDFXRefStreamParser.forStream = (raw) => xrefStream(decoded(raw));
}

function decoded(raw: PDFRawStream): PDFRawStream {
  const filter = raw.dict.lookup(PDFName.of('Filter'));
  const names = filter instanceof PDFArray ? filter.asArray() : filter === undefined ? [] : [filter];
  if (names.length === 0) return raw;
  if (names.length > 1 || names[0] !== PDFName.of('FlateDecode')) refuse('damaged');
  const plain = unpredicted(inflated(raw.contents), decodeParms(raw.dict));
  const dict = raw.dict.clone();
  dict.delete(PDFName.of('Filter'));
  dict.delete(PDFName.of('DecodeParms'));
  return PDFRawStream.of(dict, plain);
}

function inflated(data: Uint8Array): Uint8Array {
  const left = budget?.left ?? 0;
  let out: Buffer;
  try {
    out = inflateSync(data, { maxOutputLength: Math.max(1, left) });
  } catch (error) {
    const tooLarge = (error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE';
    refuse(tooLarge ? 'tooLarge' : 'damaged');
  }
  // Each stream costs at least a kilobyte, so a flood of tiny streams runs out of budget too.
  if (budget) budget.left -= Math.max(out.length, 1024);
  if (budget && budget.left < 0) refuse('tooLarge');
  return out;
}

function decodeParms(dict: PDFDict): PDFDict | null {
  const parms = dict.lookup(PDFName.of('DecodeParms'));
  if (parms instanceof PDFArray) return parms.size() === 1 ? (parms.lookupMaybe(0, PDFDict) ?? null) : null;
  return parms instanceof PDFDict ? parms : null;
}

function unpredicted(data: Uint8Array, parms: PDFDict | null): Uint8Array {
  if (!parms) return data;
  const number = (key: string, fallback: number) => {
    const value = parms.lookup(PDFName.of(key));
    return value instanceof PDFNumber ? value.asNumber() : fallback;
  };
  const plain = unpredict(data, {
    predictor: number('Predictor', 1),
    colors: number('Colors', 1),
    bitsPerComponent: number('BitsPerComponent', 8),
    columns: number('Columns', 1),
  });
  if (!plain) refuse('damaged');
  return plain;
}
