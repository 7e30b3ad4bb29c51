import { deflateSync } from 'node:zlib';

/**
 * Hand-built PDF files that viewers open: numbered objects, optionally some of them inside one
 * object stream (Flate, with or without a PNG predictor), and a correct cross-reference stream, so
 * poppler (pdfinfo) reads them the way the tests claim.
 */
export interface PdfParts {
  /** Objects written directly, by number. */
  readonly objects: ReadonlyMap<number, string | Buffer>;
  /** Objects inside one object stream, by number. */
  readonly compressed?: ReadonlyMap<number, string>;
  /** Columns of a PNG Up predictor on the object stream; none when absent. */
  readonly predictorColumns?: number;
  /** Trailer entries besides /Root 1 0 R, e.g. `/Encrypt 9 0 R`. */
  readonly trailer?: string;
}

export function buildPdf({ objects, compressed, predictorColumns, trailer = '' }: PdfParts): Buffer {
  const chunks: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = chunks[0]!.length;
  const entries = new Map<number, [type: number, a: number, b: number]>();
  const write = (num: number, body: string | Buffer) => {
    entries.set(num, [1, length, 0]);
    const bytes = Buffer.concat([Buffer.from(`${num} 0 obj\n`, 'latin1'), asBuffer(body), Buffer.from('\nendobj\n')]);
    chunks.push(bytes);
    length += bytes.length;
  };
  for (const [num, body] of objects) write(num, body);
  const numbers = [...objects.keys(), ...(compressed?.keys() ?? [])];
  let next = Math.max(1, ...numbers) + 1;
  if (compressed && compressed.size > 0) {
    const streamNumber = next++;
    for (const [i, num] of [...compressed.keys()].entries()) entries.set(num, [2, streamNumber, i]);
    write(streamNumber, objectStream(compressed, predictorColumns));
  }
  const xrefNumber = next++;
  entries.set(xrefNumber, [1, length, 0]);
  const size = xrefNumber + 1;
  const rows = Buffer.alloc(size * 7);
  rows.writeUInt8(0, 0);
  rows.writeUInt16BE(0xffff, 5);
  for (const [num, [type, a, b]] of entries) {
    rows.writeUInt8(type, num * 7);
    rows.writeUInt32BE(a, num * 7 + 1);
    rows.writeUInt16BE(b, num * 7 + 5);
  }
  const dict = `<< /Type /XRef /Size ${size} /W [1 4 2] /Root 1 0 R ${trailer} /Length ${rows.length} >>`;
  chunks.push(Buffer.from(`${xrefNumber} 0 obj\n${dict}\nstream\n`, 'latin1'), rows);
  chunks.push(Buffer.from(`\nendstream\nendobj\nstartxref\n${length}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(chunks);
}

function asBuffer(body: string | Buffer): Buffer {
  return typeof body === 'string' ? Buffer.from(body, 'latin1') : body;
}

function objectStream(members: ReadonlyMap<number, string>, predictorColumns: number | undefined): Buffer {
  let offset = 0;
  const pairs: string[] = [];
  for (const [num, body] of members) {
    pairs.push(`${num} ${offset}`);
    offset += body.length + 1;
  }
  const header = `${pairs.join(' ')}\n`;
  const content = Buffer.from(header + [...members.values()].join('\n'), 'latin1');
  const data = predictorColumns ? pngUp(content, predictorColumns) : content;
  const parms = predictorColumns ? ` /DecodeParms << /Predictor 12 /Columns ${predictorColumns} >>` : '';
  const deflated = deflateSync(data);
  const dict = `<< /Type /ObjStm /N ${members.size} /First ${header.length} /Filter /FlateDecode${parms} /Length ${deflated.length} >>`;
  return Buffer.concat([Buffer.from(`${dict}\nstream\n`, 'latin1'), deflated, Buffer.from('\nendstream', 'latin1')]);
}

/** PNG "Up" rows: each byte minus the one above it, behind a filter type byte of 2. */
function pngUp(content: Buffer, columns: number): Buffer {
  const rows = Math.ceil(content.length / columns);
  const padded = Buffer.alloc(rows * columns, 0x20);
  content.copy(padded);
  const out = Buffer.alloc(rows * (columns + 1));
  for (let r = 0; r < rows; r++) {
    out[r * (columns + 1)] = 2;
    for (let i = 0; i < columns; i++) {
      const above = r > 0 ? padded[(r - 1) * columns + i]! : 0;
      out[r * (columns + 1) + 1 + i] = (padded[r * columns + i]! - above) & 0xff;
    }
  }
  return out;
}

const MEDIA_BOX = '/MediaBox [0 0 595 842]';

/** A catalog (1), a page tree (2) and `count` pages (3…), each drawing nothing. */
export function pagesPdf(count: number, extra: Partial<PdfParts> = {}, catalogExtra = ''): Buffer {
  const objects = new Map<number, string | Buffer>([[1, `<< /Type /Catalog /Pages 2 0 R ${catalogExtra}>>`]]);
  const kids = Array.from({ length: count }, (_, i) => `${i + 3} 0 R`).join(' ');
  objects.set(2, `<< /Type /Pages /Kids [${kids}] /Count ${count} >>`);
  for (let i = 0; i < count; i++) objects.set(i + 3, `<< /Type /Page /Parent 2 0 R ${MEDIA_BOX} >>`);
  for (const [num, body] of extra.objects ?? []) objects.set(num, body);
  return buildPdf({ ...extra, objects });
}

/**
 * The file of the issue: the page tree (5,000 pages) inside a Flate object stream whose data are
 * filtered with a PNG predictor, so that a byte scan that only inflates sees noise; outside it, one
 * decoy page object that a byte scan does see.
 */
export function predictorDecoyPdf(pages = 5000): Buffer {
  const compressed = new Map<number, string>();
  const kids = Array.from({ length: pages }, (_, i) => `${i + 3} 0 R`).join(' ');
  compressed.set(2, `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`);
  for (let i = 0; i < pages; i++) compressed.set(i + 3, `<< /Type /Page /Parent 2 0 R ${MEDIA_BOX} >>`);
  const decoy = pages + 3;
  const objects = new Map<number, string>([
    [1, '<< /Type /Catalog /Pages 2 0 R >>'],
    [decoy, `<< /Type /Page /Parent 2 0 R ${MEDIA_BOX} >>`],
  ]);
  return buildPdf({ objects, compressed, predictorColumns: 16 });
}
