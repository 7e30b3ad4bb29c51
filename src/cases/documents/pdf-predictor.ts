/**
 * PNG and TIFF predictors (PDF 32000-1 § 7.4.4.4), which pdf-lib's stream decoder does not undo.
 * A viewer undoes them, so an object stream compressed with a predictor holds objects every viewer
 * reads; the check must read them too or it would miss a page tree hidden there.
 */

export interface PredictorParams {
  readonly predictor: number;
  readonly colors: number;
  readonly bitsPerComponent: number;
  readonly columns: number;
}

/** The decoded rows, or null when the data do not fit the parameters (damaged). */
export function unpredict(data: Uint8Array, params: PredictorParams): Uint8Array | null {
  const { predictor, colors, bitsPerComponent, columns } = params;
  if (!validParams(params)) return null;
  const pixelBytes = Math.max(1, Math.ceil((colors * bitsPerComponent) / 8));
  const rowBytes = Math.ceil((colors * bitsPerComponent * columns) / 8);
  if (predictor === 1) return data;
  if (predictor === 2) return bitsPerComponent === 8 ? unpredictTiff(data, rowBytes, pixelBytes) : null;
  return unpredictPng(data, rowBytes, pixelBytes);
}

function validParams({ predictor, colors, bitsPerComponent, columns }: PredictorParams): boolean {
  const known = predictor === 1 || predictor === 2 || (predictor >= 10 && predictor <= 15);
  const sane = [colors, columns].every((n) => Number.isInteger(n) && n >= 1 && n <= 1 << 20);
  return known && sane && [1, 2, 4, 8, 16].includes(bitsPerComponent);
}

function unpredictTiff(data: Uint8Array, rowBytes: number, pixelBytes: number): Uint8Array {
  const out = Uint8Array.from(data);
  for (let row = 0; row < out.length; row += rowBytes) {
    const end = Math.min(row + rowBytes, out.length);
    for (let i = row + pixelBytes; i < end; i++) out[i] = (out[i]! + out[i - pixelBytes]!) & 0xff;
  }
  return out;
}

/** Each row starts with its own filter type byte (0–4), whatever predictor 10–15 the dictionary names. */
function unpredictPng(data: Uint8Array, rowBytes: number, pixelBytes: number): Uint8Array | null {
  const rows = Math.floor(data.length / (rowBytes + 1));
  const out = new Uint8Array(rows * rowBytes);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowBytes + 1)]!;
    const src = r * (rowBytes + 1) + 1;
    const at = r * rowBytes;
    for (let i = 0; i < rowBytes; i++) {
      const left = i >= pixelBytes ? out[at + i - pixelBytes]! : 0;
      const up = r > 0 ? out[at - rowBytes + i]! : 0;
      const upLeft = r > 0 && i >= pixelBytes ? out[at - rowBytes + i - pixelBytes]! : 0;
      const value = filtered(type, left, up, upLeft);
      if (value === null) return null;
      out[at + i] = (data[src + i]! + value) & 0xff;
    }
  }
  return out;
}

function filtered(type: number, left: number, up: number, upLeft: number): number | null {
  switch (type) {
    case 0:
      return 0;
    case 1:
      return left;
    case 2:
      return up;
    case 3:
      return (left + up) >> 1;
    case 4:
      return paeth(left, up, upLeft);
    default:
      return null;
  }
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}
