import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crc32, deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { PDFDocument } from 'pdf-lib';
import {
  checkUpload,
  DEFAULT_UPLOAD_LIMITS,
  safeFileName,
  type UploadCheck,
  type UploadRefusal,
} from './upload-check.js';

// ---------------------------------------------------------------------------------------------
// Fixtures, built here rather than stored, so each shows exactly what it contains.

async function pdfWithPages(pages: number, useObjectStreams: boolean): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage();
  return doc.save({ useObjectStreams });
}

/** A hand-written PDF around the given objects: enough for a byte scan, not for a viewer. */
function rawPdf(objects: string, end = '%%EOF\n'): Uint8Array {
  return Buffer.from(`%PDF-1.7\n%\xe2\xe3\xcf\xd3\n${objects}\nstartxref\n0\n${end}`, 'latin1');
}

function pageTree(count: number, pageObjects: number, typeSpacing = ' '): string {
  const kids = Array.from({ length: pageObjects }, (_, i) => `${i + 3} 0 R`).join(' ');
  const pages = Array.from(
    { length: pageObjects },
    (_, i) => `${i + 3} 0 obj\n<< /Type${typeSpacing}/Page /Parent 2 0 R >>\nendobj\n`,
  );
  return `1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [${kids}] /Count ${count} >>\nendobj\n${pages.join('')}`;
}

/** An object stream holding the given objects, compressed with Flate unless a filter is named. */
function objectStream(objects: readonly string[], filter: string | null = '/FlateDecode', body?: Uint8Array): Buffer {
  let offset = 0;
  const header = `${objects
    .map((o, i) => {
      const pair = `${i + 10} ${offset}`;
      offset += o.length + 1;
      return pair;
    })
    .join(' ')}\n`;
  const content = Buffer.from(header + objects.join('\n'), 'latin1');
  const data = body ?? (filter === '/FlateDecode' ? deflateSync(content) : content);
  const dictionary = `<< /Type /ObjStm /N ${objects.length} /First ${header.length}${filter ? ` /Filter ${filter}` : ''} /Length ${data.length} >>`;
  return Buffer.concat([
    Buffer.from(`9 0 obj\n${dictionary}\nstream\n`, 'latin1'),
    data,
    Buffer.from('\nendstream\nendobj\n', 'latin1'),
  ]);
}

function pdfAround(...parts: Uint8Array[]): Uint8Array {
  return Buffer.concat([
    Buffer.from('%PDF-1.7\n', 'latin1'),
    ...parts,
    Buffer.from('\nstartxref\n0\n%%EOF\n', 'latin1'),
  ]);
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A PNG signature, IHDR and IEND: all the header reader needs (no image data). */
function png(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from(PNG_SIGNATURE), chunk('IHDR', ihdr), chunk('IEND', new Uint8Array())]);
}

function segment(marker: number, data: readonly number[]): number[] {
  const length = data.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...data];
}

const JFIF = segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]);

/** SOI, APP0 (JFIF), a frame header of the given kind, SOS, a little data and EOI. */
function jpeg(width: number, height: number, frame = 0xc0, before: readonly number[] = JFIF): Buffer {
  const sof = segment(frame, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]);
  const sos = segment(0xda, [1, 1, 0, 0, 0x3f, 0]);
  return Buffer.from([0xff, 0xd8, ...before, ...sof, ...sos, 0x12, 0x34, 0xff, 0xd9]);
}

const text = (s: string): Uint8Array => Buffer.from(s, 'utf8');

function refusal(check: UploadCheck): UploadRefusal | 'accepted' {
  return check.ok ? 'accepted' : check.reason;
}

function accepted(check: UploadCheck): Extract<UploadCheck, { ok: true }> {
  assert.ok(check.ok, `refused: ${check.ok ? '' : check.reason}`);
  return check;
}

// ---------------------------------------------------------------------------------------------
// Order and general refusals

test('the default limits are 10 MiB, 50 pages and 40 megapixels', () => {
  assert.deepEqual(
    { ...DEFAULT_UPLOAD_LIMITS },
    { maxBytes: 10 * 1024 * 1024, maxPdfPages: 50, maxImagePixels: 40_000_000 },
  );
});

test('an empty file is refused as empty, whatever its name', () => {
  assert.equal(refusal(checkUpload({ fileName: 'Pass.pdf', bytes: new Uint8Array() })), 'empty');
});

test('a file over the byte limit is refused as too large before its type is looked at', () => {
  const over = new Uint8Array(DEFAULT_UPLOAD_LIMITS.maxBytes + 1);
  assert.equal(refusal(checkUpload({ fileName: 'a.pdf', bytes: over })), 'tooLarge');
  const pngOver = Buffer.concat([png(10, 10), Buffer.alloc(100)]);
  assert.equal(
    refusal(checkUpload({ fileName: 'a.png', bytes: pngOver }, { ...DEFAULT_UPLOAD_LIMITS, maxBytes: 100 })),
    'tooLarge',
  );
  assert.equal(
    refusal(
      checkUpload(
        { fileName: 'a.png', bytes: png(10, 10) },
        { ...DEFAULT_UPLOAD_LIMITS, maxBytes: png(10, 10).length },
      ),
    ),
    'accepted',
  );
});

test('anything but PDF, JPEG and PNG is refused as the wrong type, whatever it is called', () => {
  const others: [string, Uint8Array][] = [
    ['a.pdf', text('<!DOCTYPE html><html><script>alert(1)</script></html>')],
    ['scan.png', text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
    ['pass.jpg', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0])],
    ['pass.pdf', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03])],
    ['photo.gif', text('GIF89a\x01\x00\x01\x00')],
    ['x.pdf', text(' %PDF-1.7\n1 0 obj << /Type /Page >> endobj %%EOF')],
    ['x.pdf', text('\ufeff%PDF-1.7')],
    ['x.pdf', text('%PDF')],
    ['x.png', Buffer.from(PNG_SIGNATURE.slice(0, 7))],
    ['x.jpg', Buffer.from([0xff, 0xd8])],
    ['x.txt', text('hello')],
  ];
  for (const [fileName, bytes] of others)
    assert.equal(refusal(checkUpload({ fileName, bytes })), 'wrongType', fileName);
});

// ---------------------------------------------------------------------------------------------
// Content wins over the name

test('a PNG named .pdf is accepted as PNG and its extension corrected', () => {
  const check = accepted(checkUpload({ fileName: 'Reisepass.pdf', bytes: png(800, 600) }));
  assert.equal(check.mediaType, 'image/png');
  assert.equal(check.fileName, 'Reisepass.png');
  assert.deepEqual([check.pages, check.width, check.height], [null, 800, 600]);
});

test('a PDF renamed .png is accepted as PDF, named .pdf', async () => {
  const check = accepted(checkUpload({ fileName: 'scan.png', bytes: await pdfWithPages(2, true) }));
  assert.equal(check.mediaType, 'application/pdf');
  assert.equal(check.fileName, 'scan.pdf');
});

test('a fitting extension is kept as written; a name without a type extension gets one added', () => {
  const name = (fileName: string, bytes: Uint8Array) => accepted(checkUpload({ fileName, bytes })).fileName;
  assert.equal(name('Foto.JPEG', jpeg(10, 10)), 'Foto.JPEG');
  assert.equal(name('Foto.jpg', jpeg(10, 10)), 'Foto.jpg');
  assert.equal(name('Foto.png', jpeg(10, 10)), 'Foto.jpg');
  assert.equal(name('Antrag v1.2', png(1, 1)), 'Antrag v1.2.png');
  assert.equal(name('Bericht.final', png(1, 1)), 'Bericht.final.png');
  assert.equal(name('Lebenslauf.docx', png(1, 1)), 'Lebenslauf.png');
  assert.equal(name('', png(1, 1)), 'document.png');
  assert.equal(name('../../etc/passwd', png(1, 1)), 'passwd.png');
});

test('a corrected name stays within 120 characters and keeps the right extension', () => {
  const check = accepted(checkUpload({ fileName: `${'a'.repeat(300)}.pdf`, bytes: png(1, 1) }));
  assert.equal(check.fileName.length, 120);
  assert.ok(check.fileName.endsWith('aaa.png'));
});

// ---------------------------------------------------------------------------------------------
// PDF

for (const useObjectStreams of [true, false]) {
  test(`a PDF made by pdf-lib (object streams: ${useObjectStreams}) is accepted with its page count`, async () => {
    for (const pages of [1, 3, 50]) {
      const check = accepted(
        checkUpload({ fileName: 'Antrag.pdf', bytes: await pdfWithPages(pages, useObjectStreams) }),
      );
      assert.deepEqual(
        {
          mediaType: check.mediaType,
          fileName: check.fileName,
          pages: check.pages,
          width: check.width,
          height: check.height,
        },
        { mediaType: 'application/pdf', fileName: 'Antrag.pdf', pages, width: null, height: null },
      );
    }
  });

  test(`a 60-page PDF made by pdf-lib (object streams: ${useObjectStreams}) is refused at the 50-page limit`, async () => {
    assert.equal(
      refusal(checkUpload({ fileName: 'a.pdf', bytes: await pdfWithPages(60, useObjectStreams) })),
      'tooManyPages',
    );
  });
}

test('the page limit is the one passed in', async () => {
  const bytes = await pdfWithPages(3, true);
  assert.equal(
    refusal(checkUpload({ fileName: 'a.pdf', bytes }, { ...DEFAULT_UPLOAD_LIMITS, maxPdfPages: 2 })),
    'tooManyPages',
  );
  assert.equal(
    refusal(checkUpload({ fileName: 'a.pdf', bytes }, { ...DEFAULT_UPLOAD_LIMITS, maxPdfPages: 3 })),
    'accepted',
  );
});

test('a page tree whose /Count claims a million pages is refused, though only one page object exists', () => {
  assert.equal(refusal(checkUpload({ fileName: 'a.pdf', bytes: rawPdf(pageTree(1_000_000, 1)) })), 'tooManyPages');
});

test('page objects count even when the page tree claims fewer', () => {
  assert.equal(refusal(checkUpload({ fileName: 'a.pdf', bytes: rawPdf(pageTree(1, 51)) })), 'tooManyPages');
  assert.equal(accepted(checkUpload({ fileName: 'a.pdf', bytes: rawPdf(pageTree(1, 7)) })).pages, 7);
});

test('/Type/Page is recognised with any whitespace, and /Pages or /PageLabel are not pages', () => {
  for (const spacing of ['', ' ', '\n', '\r\n\t ', '\0']) {
    assert.equal(
      accepted(checkUpload({ fileName: 'a.pdf', bytes: rawPdf(pageTree(0, 4, spacing)) })).pages,
      4,
      JSON.stringify(spacing),
    );
  }
  const labels =
    '1 0 obj << /Type /Pages /Count 1 >> endobj 2 0 obj << /Type /Page >> endobj 3 0 obj << /Type /PageLabel >> endobj';
  assert.equal(accepted(checkUpload({ fileName: 'a.pdf', bytes: rawPdf(labels) })).pages, 1);
});

test('a /Count outside a /Pages node (an outline) does not count as pages', () => {
  const outline = `${pageTree(2, 2)}9 0 obj\n<< /Type /Outlines /Count 300 >>\nendobj\n`;
  assert.equal(accepted(checkUpload({ fileName: 'a.pdf', bytes: rawPdf(outline) })).pages, 2);
});

test('names written with # escapes are read as the names they are', () => {
  const hidden = '1 0 obj << /Type /P#61ges /C#6funt 5000 >> endobj 2 0 obj << /Type /P#61ge >> endobj';
  assert.equal(refusal(checkUpload({ fileName: 'a.pdf', bytes: rawPdf(hidden) })), 'tooManyPages');
});

test('pages inside an object stream count, compressed or not', () => {
  const pages = Array.from({ length: 51 }, () => '<< /Type /Page /Parent 2 0 R >>');
  assert.equal(refusal(checkUpload({ fileName: 'a.pdf', bytes: pdfAround(objectStream(pages)) })), 'tooManyPages');
  assert.equal(
    refusal(checkUpload({ fileName: 'a.pdf', bytes: pdfAround(objectStream(pages, null)) })),
    'tooManyPages',
  );
  const tree = ['<< /Type /Pages /Kids [10 0 R] /Count 1000000 >>', '<< /Type /Page /Parent 11 0 R >>'];
  assert.equal(refusal(checkUpload({ fileName: 'a.pdf', bytes: pdfAround(objectStream(tree)) })), 'tooManyPages');
  assert.equal(
    accepted(checkUpload({ fileName: 'a.pdf', bytes: pdfAround(objectStream(pages.slice(0, 5))) })).pages,
    5,
  );
});

test('an object stream that inflates beyond the byte limit is refused as too large (decompression bomb)', () => {
  const bomb = deflateSync(Buffer.alloc(DEFAULT_UPLOAD_LIMITS.maxBytes + 1, 0x20));
  const bytes = pdfAround(Buffer.from(pageTree(1, 1), 'latin1'), objectStream(['<< >>'], '/FlateDecode', bomb));
  assert.ok(bytes.length < 100_000);
  assert.equal(refusal(checkUpload({ fileName: 'a.pdf', bytes })), 'tooLarge');
});

test('an object stream that cannot be read is refused as damaged: it could hide pages', () => {
  const page = ['<< /Type /Page >>'];
  const broken = deflateSync(Buffer.from('10 0\n<< /Type /Page >>')).subarray(0, 8);
  assert.equal(
    refusal(checkUpload({ fileName: 'a.pdf', bytes: pdfAround(objectStream(page, '/FlateDecode', broken)) })),
    'damaged',
  );
  assert.equal(
    refusal(
      checkUpload({ fileName: 'a.pdf', bytes: pdfAround(objectStream(page, '/FlateDecode', text('not flate'))) }),
    ),
    'damaged',
  );
  assert.equal(
    refusal(checkUpload({ fileName: 'a.pdf', bytes: pdfAround(objectStream(page, '/LZWDecode')) })),
    'damaged',
  );
  assert.equal(
    refusal(checkUpload({ fileName: 'a.pdf', bytes: pdfAround(objectStream(page, '[/ASCIIHexDecode /FlateDecode]')) })),
    'damaged',
  );
  const noEnd = Buffer.from(
    '%PDF-1.7\n9 0 obj\n<< /Type /ObjStm /N 1 /First 5 >>\nstream\n10 0\n<< >>\n%%EOF\n',
    'latin1',
  );
  assert.equal(refusal(checkUpload({ fileName: 'a.pdf', bytes: noEnd })), 'damaged');
});

test('a PDF without %%EOF in its last 1024 bytes is refused as damaged', async () => {
  const whole = Buffer.from(await pdfWithPages(1, false));
  const cut = whole.subarray(0, whole.lastIndexOf('%%EOF'));
  assert.equal(refusal(checkUpload({ fileName: 'a.pdf', bytes: cut })), 'damaged');
  assert.equal(refusal(checkUpload({ fileName: 'a.pdf', bytes: rawPdf(pageTree(1, 1), '') })), 'damaged');
  const trailing = Buffer.concat([whole, Buffer.alloc(1025, 0x20)]);
  assert.equal(refusal(checkUpload({ fileName: 'a.pdf', bytes: trailing })), 'damaged');
  assert.equal(
    refusal(checkUpload({ fileName: 'a.pdf', bytes: Buffer.concat([whole, Buffer.alloc(1000, 0x20)]) })),
    'accepted',
  );
});

test('a PDF without pages is refused as damaged', () => {
  assert.equal(
    refusal(checkUpload({ fileName: 'a.pdf', bytes: rawPdf('1 0 obj << /Type /Catalog >> endobj') })),
    'damaged',
  );
  assert.equal(refusal(checkUpload({ fileName: 'a.pdf', bytes: rawPdf('') })), 'damaged');
  assert.equal(refusal(checkUpload({ fileName: 'a.pdf', bytes: text('%PDF-%%EOF') })), 'damaged');
});

test('hostile 10 MiB PDFs are scanned in bounded time', { timeout: 20_000 }, () => {
  const size = DEFAULT_UPLOAD_LIMITS.maxBytes - 64;
  const fill = (unit: Uint8Array) =>
    pdfAround(Buffer.concat(Array<Uint8Array>(Math.floor(size / unit.length)).fill(unit)));
  const tinyStream = Buffer.concat([
    text('1 0 obj <</Type/ObjStm/First 0/Filter/FlateDecode>> stream\n'),
    deflateSync(''),
    text('endstream endobj '),
  ]);
  const floods: [Uint8Array, UploadRefusal][] = [
    [fill(text('obj ')), 'damaged'],
    [fill(text('obj /Type/Page ')), 'tooManyPages'],
    [fill(text('obj stream\n')), 'damaged'],
    [fill(text('#41')), 'damaged'],
    [fill(tinyStream), 'tooLarge'],
  ];
  for (const [bytes, reason] of floods) assert.equal(refusal(checkUpload({ fileName: 'a.pdf', bytes })), reason);
});

// ---------------------------------------------------------------------------------------------
// PNG and JPEG

test('a PNG is accepted with the size from its IHDR', () => {
  const check = accepted(checkUpload({ fileName: 'foto.png', bytes: png(4000, 3000) }));
  assert.deepEqual([check.mediaType, check.width, check.height, check.pages], ['image/png', 4000, 3000, null]);
});

test('a PNG whose IHDR claims 100000 × 100000 pixels is refused (pixel bomb)', () => {
  assert.equal(refusal(checkUpload({ fileName: 'a.png', bytes: png(100_000, 100_000) })), 'tooManyPixels');
  assert.equal(refusal(checkUpload({ fileName: 'a.png', bytes: png(40_000_001, 1) })), 'tooManyPixels');
  assert.equal(refusal(checkUpload({ fileName: 'a.png', bytes: png(8000, 5000) })), 'accepted');
});

test('a PNG without IHDR first, or with a zero side, is refused as damaged', () => {
  const signature = Buffer.from(PNG_SIGNATURE);
  assert.equal(refusal(checkUpload({ fileName: 'a.png', bytes: signature })), 'damaged');
  assert.equal(
    refusal(checkUpload({ fileName: 'a.png', bytes: Buffer.concat([signature, chunk('IEND', new Uint8Array())]) })),
    'damaged',
  );
  assert.equal(refusal(checkUpload({ fileName: 'a.png', bytes: png(100, 100).subarray(0, 30) })), 'damaged');
  assert.equal(refusal(checkUpload({ fileName: 'a.png', bytes: png(0, 100) })), 'damaged');
});

test('a JPEG is accepted with the size from its first frame header, baseline or progressive', () => {
  for (const frame of [0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]) {
    const check = accepted(checkUpload({ fileName: 'foto.jpg', bytes: jpeg(1024, 768, frame) }));
    assert.deepEqual([check.mediaType, check.width, check.height], ['image/jpeg', 1024, 768], frame.toString(16));
  }
});

test("the JPEG walk skips other segments, fill bytes and an EXIF thumbnail's own frame header", () => {
  const thumbnail = [...segment(0xc0, [8, 0, 10, 0, 10, 1, 1, 0x11, 0])];
  const exif = segment(0xe1, [0x45, 0x78, 0x69, 0x66, 0, 0, 0xff, 0xd8, ...thumbnail, 0xff, 0xd9]);
  const table = segment(0xdb, Array<number>(65).fill(1));
  const huffman = segment(0xc4, Array<number>(20).fill(0));
  const check = accepted(
    checkUpload({ fileName: 'a.jpg', bytes: jpeg(640, 480, 0xc0, [...exif, ...table, 0xff, ...huffman]) }),
  );
  assert.deepEqual([check.width, check.height], [640, 480]);
});

test('a JPEG claiming 65535 × 65535 pixels is refused', () => {
  assert.equal(refusal(checkUpload({ fileName: 'a.jpg', bytes: jpeg(65535, 65535) })), 'tooManyPixels');
});

test('a JPEG without a frame header before the scan, or cut short, is refused as damaged', () => {
  const soi = [0xff, 0xd8];
  const damaged: number[][] = [
    [...soi, 0xff],
    [...soi, ...JFIF],
    [...soi, ...JFIF, ...segment(0xda, [1, 1, 0, 0, 0x3f, 0]), 0xff, 0xd9],
    [...soi, ...JFIF, 0xff, 0xd9],
    [...soi, 0xff, 0xe0, 0x40, 0x00, 1, 2, 3],
    [...soi, 0xff, 0xe0, 0x00, 0x01],
    [...soi, ...JFIF, 0x00, 0x00],
    [...soi, ...segment(0xc0, [8, 0, 10])],
  ];
  for (const bytes of damaged)
    assert.equal(
      refusal(checkUpload({ fileName: 'a.jpg', bytes: Buffer.from(bytes) })),
      'damaged',
      Buffer.from(bytes).toString('hex'),
    );
  assert.equal(refusal(checkUpload({ fileName: 'a.jpg', bytes: jpeg(100, 0) })), 'damaged');
});

// ---------------------------------------------------------------------------------------------
// File names

test('safeFileName keeps only the last path part, without drive letters or parent references', () => {
  assert.equal(safeFileName('../../etc/passwd'), 'passwd');
  assert.equal(safeFileName('C:\\Users\\x\\Pass.pdf'), 'Pass.pdf');
  assert.equal(safeFileName('C:Pass.pdf'), 'Pass.pdf');
  assert.equal(safeFileName('..\\..\\boot.ini'), 'boot.ini');
  assert.equal(safeFileName('/var/www/'), 'document');
  assert.equal(safeFileName('..'), 'document');
});

test('safeFileName removes bidi controls, so a name cannot pretend to be another type', () => {
  assert.equal(safeFileName('\u202Efdp.exe'), 'fdp.exe');
  assert.equal(safeFileName('Pass\u2066port\u2069.pdf'), 'Passport.pdf');
  assert.equal(safeFileName('a\u202a\u202b\u202c\u202d\u2067\u2068b'), 'ab');
});

test('safeFileName removes control characters and leading dots, and names what is left empty "document"', () => {
  assert.equal(safeFileName('Pass\u0000\n\r\t\u007f\u0085.pdf'), 'Pass.pdf');
  assert.equal(safeFileName('...'), 'document');
  assert.equal(safeFileName('.htaccess'), 'htaccess');
  assert.equal(safeFileName('  . hidden.pdf . '), 'hidden.pdf');
  assert.equal(safeFileName(''), 'document');
  assert.equal(safeFileName('\u202e\u0000'), 'document');
});

test('safeFileName replaces characters Windows refuses and keeps ordinary names as they are', () => {
  assert.equal(safeFileName('a<b>c:d"e|f?g*.pdf'), 'a_b_c_d_e_f_g_.pdf');
  assert.equal(safeFileName('Aufenthaltstitel (Kopie) 2025-03-14.pdf'), 'Aufenthaltstitel (Kopie) 2025-03-14.pdf');
  assert.equal(safeFileName('جواز السفر.pdf'), 'جواز السفر.pdf');
});

test('safeFileName normalises to NFC', () => {
  assert.equal(safeFileName('Bescheinigung Mu\u0308ller.pdf'), 'Bescheinigung M\u00fcller.pdf');
});

test('safeFileName shortens long names to 120 characters, keeping the extension and whole characters', () => {
  const long = safeFileName(`${'x'.repeat(500)}.pdf`);
  assert.equal(long, `${'x'.repeat(116)}.pdf`);
  assert.equal(safeFileName('y'.repeat(500)), 'y'.repeat(120));
  const emoji = safeFileName(`${'😀'.repeat(200)}.jpeg`);
  assert.ok(emoji.length <= 120 && emoji.endsWith('😀.jpeg'));
  assert.equal(safeFileName(`a.${'b'.repeat(200)}`).length, 120);
});

// ---------------------------------------------------------------------------------------------
// Properties

const MAGICS = [text('%PDF-'), Buffer.from([0xff, 0xd8, 0xff]), Buffer.from(PNG_SIGNATURE)];

test('checkUpload never throws on arbitrary bytes and never calls them a known type', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 4096 }), fc.string(), (bytes, fileName) => {
      const check = checkUpload({ fileName, bytes });
      if (check.ok) assert.ok(MAGICS.some((m) => Buffer.from(bytes.subarray(0, m.length)).equals(m)));
    }),
    { numRuns: 500 },
  );
});

test('checkUpload never throws on arbitrary bytes behind each magic, and never calls them the wrong type', () => {
  fc.assert(
    fc.property(fc.constantFrom(...MAGICS), fc.uint8Array({ maxLength: 4096 }), (magic, rest) => {
      const check = checkUpload({ fileName: 'x', bytes: Buffer.concat([magic, rest]) });
      assert.notEqual(refusal(check), 'wrongType');
    }),
    { numRuns: 1000 },
  );
});

const PDF_TOKENS = [
  '1 0 obj',
  'endobj',
  ' ',
  '\n',
  '<<',
  '>>',
  '/Type',
  '/Type /Page',
  '/Type/Pages',
  '/Page',
  '/Pages',
  '/Count 3',
  '/Count 99',
  '/Count',
  'stream\n',
  'endstream',
  '/Type /ObjStm',
  '/First 4',
  '/First 99999',
  '/Filter /FlateDecode',
  '/Filter [/A]',
  '#',
  '#50',
  '#4',
  '10 0 ',
  '%%EOF',
  '(',
  ')',
  '[',
  ']',
  '9999999999999999999999',
];

test('checkUpload never throws on PDF-like token soup, and accepts at most the page limit', () => {
  const soup = fc.array(fc.oneof(fc.constantFrom(...PDF_TOKENS), fc.constant('deflated')), { maxLength: 80 });
  fc.assert(
    fc.property(soup, fc.boolean(), (tokens, withEnd) => {
      const parts = tokens.map((t) => (t === 'deflated' ? deflateSync('10 0 << /Type /Page >>') : text(t)));
      const bytes = Buffer.concat([text('%PDF-1.7\n'), ...parts, text(withEnd ? '\n%%EOF' : '')]);
      const check = checkUpload({ fileName: 'x.pdf', bytes });
      if (check.ok)
        assert.ok(check.pages !== null && check.pages >= 1 && check.pages <= DEFAULT_UPLOAD_LIMITS.maxPdfPages);
    }),
    { numRuns: 1000 },
  );
});

test('an accepted file always has a safe name with the extension of its type', () => {
  const fileBytes = fc.constantFrom<Uint8Array>(png(10, 10), jpeg(10, 10), rawPdf(pageTree(1, 1)));
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fileBytes, (fileName, bytes) => {
      const check = accepted(checkUpload({ fileName, bytes }));
      assert.equal(check.fileName, safeFileName(check.fileName));
      assert.match(
        check.fileName,
        { 'application/pdf': /\.pdf$/i, 'image/jpeg': /\.jpe?g$|\.jpe$/i, 'image/png': /\.png$/i }[check.mediaType],
      );
    }),
    { numRuns: 500 },
  );
});

const hostileName = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 600 }),
  fc
    .array(
      fc.constantFrom(
        '/',
        '\\',
        '..',
        '.',
        'C:',
        '\u202e',
        '\u2066',
        '\u0000',
        '\n',
        ' ',
        'a',
        'ü',
        'u\u0308',
        '😀',
        '\ud800',
        '.pdf',
      ),
      { maxLength: 200 },
    )
    .map((parts) => parts.join('')),
);

test('safeFileName is never empty, at most 120 long, NFC, and has no separators, controls, bidi controls or leading dot', () => {
  fc.assert(
    fc.property(hostileName, (name) => {
      const safe = safeFileName(name);
      assert.ok(safe.length >= 1 && safe.length <= 120, `length ${safe.length}`);
      assert.doesNotMatch(safe, /[/\\\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      assert.doesNotMatch(safe, /^\./);
      assert.doesNotMatch(safe, /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
      assert.equal(safe, safe.normalize('NFC'));
    }),
    { numRuns: 2000 },
  );
});

test('safeFileName is idempotent', () => {
  fc.assert(
    fc.property(hostileName, (name) => {
      const safe = safeFileName(name);
      assert.equal(safeFileName(safe), safe);
    }),
    { numRuns: 1000 },
  );
});
