import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crc32, deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { buildPdf, pagesPdf, predictorDecoyPdf } from '../../../test/helpers/pdf-files.js';
import { poppler } from '../../../test/helpers/pdf-text.js';
import { checkPdfInWorker, MAX_IN_FLIGHT, pdfChecksInFlight } from './pdf-check.js';
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

test('the default limits are 10 MiB, 50 pages, 40 megapixels, and 256 MiB and 15 s for the PDF worker', () => {
  assert.deepEqual(
    { ...DEFAULT_UPLOAD_LIMITS },
    { maxBytes: 10 * 1024 * 1024, maxPdfPages: 50, maxImagePixels: 40_000_000, pdfMemoryMb: 256, pdfTimeMs: 15_000 },
  );
});

test('an empty file is refused as empty, whatever its name', async () => {
  assert.equal(refusal(await checkUpload({ fileName: 'Pass.pdf', bytes: new Uint8Array() })), 'empty');
});

test('a file over the byte limit is refused as too large before its type is looked at', async () => {
  const over = new Uint8Array(DEFAULT_UPLOAD_LIMITS.maxBytes + 1);
  assert.equal(refusal(await checkUpload({ fileName: 'a.pdf', bytes: over })), 'tooLarge');
  const pngOver = Buffer.concat([png(10, 10), Buffer.alloc(100)]);
  assert.equal(
    refusal(await checkUpload({ fileName: 'a.png', bytes: pngOver }, { ...DEFAULT_UPLOAD_LIMITS, maxBytes: 100 })),
    'tooLarge',
  );
  assert.equal(
    refusal(
      await checkUpload(
        { fileName: 'a.png', bytes: png(10, 10) },
        { ...DEFAULT_UPLOAD_LIMITS, maxBytes: png(10, 10).length },
      ),
    ),
    'accepted',
  );
});

test('anything but PDF, JPEG and PNG is refused as the wrong type, whatever it is called', async () => {
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
    assert.equal(refusal(await checkUpload({ fileName, bytes })), 'wrongType', fileName);
});

// ---------------------------------------------------------------------------------------------
// Content wins over the name

test('a PNG named .pdf is accepted as PNG and its extension corrected', async () => {
  const check = accepted(await checkUpload({ fileName: 'Reisepass.pdf', bytes: png(800, 600) }));
  assert.equal(check.mediaType, 'image/png');
  assert.equal(check.fileName, 'Reisepass.png');
  assert.deepEqual([check.pages, check.width, check.height], [null, 800, 600]);
});

test('a PDF renamed .png is accepted as PDF, named .pdf', async () => {
  const check = accepted(await checkUpload({ fileName: 'scan.png', bytes: await pdfWithPages(2, true) }));
  assert.equal(check.mediaType, 'application/pdf');
  assert.equal(check.fileName, 'scan.pdf');
});

test('a fitting extension is kept as written; a name without a type extension gets one added', async () => {
  const name = async (fileName: string, bytes: Uint8Array) => accepted(await checkUpload({ fileName, bytes })).fileName;
  assert.equal(await name('Foto.JPEG', jpeg(10, 10)), 'Foto.JPEG');
  assert.equal(await name('Foto.jpg', jpeg(10, 10)), 'Foto.jpg');
  assert.equal(await name('Foto.png', jpeg(10, 10)), 'Foto.jpg');
  assert.equal(await name('Antrag v1.2', png(1, 1)), 'Antrag v1.2.png');
  assert.equal(await name('Bericht.final', png(1, 1)), 'Bericht.final.png');
  assert.equal(await name('Lebenslauf.docx', png(1, 1)), 'Lebenslauf.png');
  assert.equal(await name('', png(1, 1)), 'document.png');
  assert.equal(await name('../../etc/passwd', png(1, 1)), 'passwd.png');
});

test('a corrected name stays within 120 characters and keeps the right extension', async () => {
  const check = accepted(await checkUpload({ fileName: `${'a'.repeat(300)}.pdf`, bytes: png(1, 1) }));
  assert.equal(check.fileName.length, 120);
  assert.ok(check.fileName.endsWith('aaa.png'));
});

// ---------------------------------------------------------------------------------------------
// PDF: parsed by pdf-lib's parser in a worker (pdf-check.ts, pdf-inspect.ts). The hand-built files
// come from test/helpers/pdf-files.ts, with correct cross-reference streams, so viewers open them.

const pdfLimits = { maxPages: 50, maxInflatedBytes: DEFAULT_UPLOAD_LIMITS.maxBytes };
const workerLimits = { memoryMb: DEFAULT_UPLOAD_LIMITS.pdfMemoryMb, timeMs: DEFAULT_UPLOAD_LIMITS.pdfTimeMs };

async function pdfPages(bytes: Uint8Array): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'upload-check-'));
  try {
    writeFileSync(path.join(dir, 'a.pdf'), bytes);
    return Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', [path.join(dir, 'a.pdf')]))?.[1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const useObjectStreams of [true, false]) {
  test(`a PDF made by pdf-lib (object streams: ${useObjectStreams}) is accepted with its page count, 60 pages refused`, async () => {
    for (const pages of [1, 3, 50]) {
      const check = accepted(
        await checkUpload({ fileName: 'Antrag.pdf', bytes: await pdfWithPages(pages, useObjectStreams) }),
      );
      assert.deepEqual(
        [check.mediaType, check.fileName, check.pages, check.width, check.height],
        ['application/pdf', 'Antrag.pdf', pages, null, null],
      );
    }
    const sixty = await pdfWithPages(60, useObjectStreams);
    assert.equal(refusal(await checkUpload({ fileName: 'a.pdf', bytes: sixty })), 'tooManyPages');
  });
}

test('a scanned PDF (a full-page picture on each page) is accepted', async () => {
  const doc = await PDFDocument.create();
  const scan = await doc.embedJpg(Uint8Array.from(jpeg(1240, 1754)));
  for (let i = 0; i < 2; i++) doc.addPage([595, 842]).drawImage(scan, { x: 0, y: 0, width: 595, height: 842 });
  const bytes = await doc.save();
  assert.equal(await pdfPages(bytes), 2);
  assert.equal(accepted(await checkUpload({ fileName: 'Scan.pdf', bytes })).pages, 2);
});

test('the page limit is the one passed in', async () => {
  const bytes = await pdfWithPages(3, true);
  const limit = (maxPdfPages: number) => ({ ...DEFAULT_UPLOAD_LIMITS, maxPdfPages });
  assert.equal(refusal(await checkUpload({ fileName: 'a.pdf', bytes }, limit(2))), 'tooManyPages');
  assert.equal(refusal(await checkUpload({ fileName: 'a.pdf', bytes }, limit(3))), 'accepted');
});

test("the issue's file: 5,000 pages in a Flate object stream with a PNG predictor plus a decoy page is refused", async () => {
  const bytes = predictorDecoyPdf();
  assert.equal(await pdfPages(bytes), 5000, 'poppler sees 5,000 pages');
  assert.equal(refusal(await checkUpload({ fileName: 'Reisepass.pdf', bytes })), 'tooManyPages');
  // The predictor is undone, not merely refused: the same file with 20 pages is read and counted.
  assert.equal(await pdfPages(predictorDecoyPdf(20)), 20);
  assert.equal(accepted(await checkUpload({ fileName: 'a.pdf', bytes: predictorDecoyPdf(20) })).pages, 20);
});

test('pages count the larger of the ways viewers count: the root /Count, and the leaves of the tree', async () => {
  const lyingCount = pagesPdf(1, { objects: new Map([[2, '<< /Type /Pages /Kids [3 0 R] /Count 1000000 >>']]) });
  assert.equal(refusal(await checkUpload({ fileName: 'a.pdf', bytes: lyingCount })), 'tooManyPages');
  const kids = Array.from({ length: 51 }, (_, i) => `${i + 3} 0 R`).join(' ');
  const lowCount = pagesPdf(51, { objects: new Map([[2, `<< /Type /Pages /Kids [${kids}] /Count 1 >>`]]) });
  assert.equal(refusal(await checkUpload({ fileName: 'a.pdf', bytes: lowCount })), 'tooManyPages');
});

test('a tree that lists one subtree many times counts every listing, quickly', async () => {
  const shared = (n: number) => Array<string>(n).fill('4 0 R').join(' ');
  const objects = new Map([
    [2, `<< /Type /Pages /Kids [${shared(1000)}] /Count 1 >>`],
    [4, `<< /Type /Pages /Kids [${Array<string>(1000).fill('3 0 R').join(' ')}] /Count 1000 >>`],
  ]);
  assert.equal(refusal(await checkUpload({ fileName: 'a.pdf', bytes: pagesPdf(1, { objects }) })), 'tooManyPages');
  void shared;
});

test('a page tree with a cycle or a missing node is refused as damaged', async () => {
  const cycle = pagesPdf(1, { objects: new Map([[2, '<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>']]) });
  assert.equal(refusal(await checkUpload({ fileName: 'a.pdf', bytes: cycle })), 'damaged');
  const missing = pagesPdf(1, { objects: new Map([[2, '<< /Type /Pages /Kids [3 0 R 77 0 R] /Count 2 >>']]) });
  assert.equal(refusal(await checkUpload({ fileName: 'a.pdf', bytes: missing })), 'damaged');
  const none = buildPdf({ objects: new Map([[1, '<< /Type /Catalog >>']]) });
  assert.equal(refusal(await checkUpload({ fileName: 'a.pdf', bytes: none })), 'damaged');
});

test('every definition of an object counts: a later small page tree cannot hide an earlier large one', async () => {
  const first = pagesPdf(60);
  const update = Buffer.from('\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n%%EOF\n', 'latin1');
  const bytes = Buffer.concat([first, update]);
  assert.equal(refusal(await checkUpload({ fileName: 'a.pdf', bytes })), 'tooManyPages');
});

test('an object stream that inflates beyond the byte limit is refused as too large (decompression bomb)', async () => {
  const bomb = deflateSync(Buffer.alloc(DEFAULT_UPLOAD_LIMITS.maxBytes + 1, 0x20));
  const stream = Buffer.concat([
    Buffer.from(`<< /Type /ObjStm /N 1 /First 5 /Filter /FlateDecode /Length ${bomb.length} >>\nstream\n`, 'latin1'),
    bomb,
    Buffer.from('\nendstream', 'latin1'),
  ]);
  const bytes = pagesPdf(1, { objects: new Map([[9, stream]]) });
  assert.ok(bytes.length < 100_000);
  assert.equal(refusal(await checkUpload({ fileName: 'a.pdf', bytes })), 'tooLarge');
});

test('a PDF without %%EOF in its last 1024 bytes is refused as damaged', async () => {
  const whole = Buffer.from(await pdfWithPages(1, false));
  const cut = whole.subarray(0, whole.lastIndexOf('%%EOF'));
  assert.equal(refusal(await checkUpload({ fileName: 'a.pdf', bytes: cut })), 'damaged');
  const trailing = Buffer.concat([whole, Buffer.alloc(1025, 0x20)]);
  assert.equal(refusal(await checkUpload({ fileName: 'a.pdf', bytes: trailing })), 'damaged');
  const fine = Buffer.concat([whole, Buffer.alloc(1000, 0x20)]);
  assert.equal(refusal(await checkUpload({ fileName: 'a.pdf', bytes: fine })), 'accepted');
  assert.equal(refusal(await checkUpload({ fileName: 'a.pdf', bytes: text('%PDF-%%EOF') })), 'damaged');
});

// Active content

const page3 = (extra: string) => `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] ${extra} >>`;

test('a PDF that runs JavaScript when opened (/OpenAction) is refused as active content', async () => {
  const direct = pagesPdf(1, {}, '/OpenAction << /S /JavaScript /JS (app.alert(1)) >>');
  const indirect = pagesPdf(
    1,
    {
      objects: new Map([
        [9, '<< /S /JavaScript /JS 10 0 R >>'],
        [10, '(app.alert(1))'],
      ]),
    },
    '/OpenAction 9 0 R',
  );
  for (const bytes of [direct, indirect])
    assert.equal(refusal(await checkUpload({ fileName: 'a.pdf', bytes })), 'activeContent');
});

test('document JavaScript, trigger actions, launching, forms that submit, XFA and media are refused', async () => {
  const files: [string, Uint8Array][] = [
    [
      'names tree',
      pagesPdf(
        1,
        {
          objects: new Map([
            [9, '<< /Names [(x) 10 0 R] >>'],
            [10, '<< /S /JavaScript /JS (1) >>'],
          ]),
        },
        '/Names << /JavaScript 9 0 R >>',
      ),
    ],
    ['page /AA', pagesPdf(1, { objects: new Map([[3, page3('/AA << /O << /S /Named /N /Print >> >>')]]) })],
    [
      'launch link',
      pagesPdf(1, {
        objects: new Map([
          [3, page3('/Annots [<< /Subtype /Link /Rect [0 0 9 9] /A << /S /Launch /F (calc.exe) >> >>]')],
        ]),
      }),
    ],
    [
      'file: link',
      pagesPdf(1, {
        objects: new Map([
          [3, page3('/Annots [<< /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI (file:///etc/passwd) >> >>]')],
        ]),
      }),
    ],
    ['submit', pagesPdf(1, { objects: new Map([[9, '<< /S /SubmitForm /F (https://example.org) >>']]) })],
    ['XFA', pagesPdf(1, {}, '/AcroForm << /Fields [] /XFA 9 0 R >>')],
    [
      'rich media',
      pagesPdf(1, { objects: new Map([[3, page3('/Annots [<< /Subtype /RichMedia /Rect [0 0 9 9] >>]')]]) }),
    ],
    ['other open action', pagesPdf(1, {}, '/OpenAction << /S /Named /N /Print >>')],
  ];
  for (const [name, bytes] of files)
    assert.equal(refusal(await checkUpload({ fileName: 'a.pdf', bytes })), 'activeContent', name);
});

test('a PDF carrying a file (embedded file, file attachment annotation) is refused as active content', async () => {
  const doc = await PDFDocument.create();
  doc.addPage();
  await doc.attach(text('MZ... not really'), 'tool.exe', { mimeType: 'application/octet-stream' });
  assert.equal(refusal(await checkUpload({ fileName: 'a.pdf', bytes: await doc.save() })), 'activeContent');
  const annotation = page3('/Annots [<< /Subtype /FileAttachment /Rect [0 0 9 9] /FS (x.zip) >>]');
  const attached = pagesPdf(1, { objects: new Map([[3, annotation]]) });
  assert.equal(refusal(await checkUpload({ fileName: 'a.pdf', bytes: attached })), 'activeContent');
});

test('honest links and opening at a page are not active content', async () => {
  const link = page3('/Annots [<< /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI (https://www.berlin.de/) >> >>]');
  const files = [
    pagesPdf(1, { objects: new Map([[3, link]]) }),
    pagesPdf(1, {}, '/OpenAction [3 0 R /Fit]'),
    pagesPdf(1, {}, '/OpenAction << /S /GoTo /D [3 0 R /Fit] >>'),
  ];
  for (const bytes of files) assert.equal(accepted(await checkUpload({ fileName: 'a.pdf', bytes })).pages, 1);
});

test('an encrypted PDF is refused as encrypted: its content cannot be checked', async () => {
  const objects = new Map([[9, '<< /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4 >>']]);
  const bytes = pagesPdf(1, { objects, trailer: '/Encrypt 9 0 R /ID [<01> <01>]' });
  assert.equal(refusal(await checkUpload({ fileName: 'a.pdf', bytes })), 'encrypted');
});

// Polyglots

/** A ZIP archive with one stored file, as zip readers find it: from the end-of-central-directory record. */
function zip(name: string, data: Uint8Array): Buffer {
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(name.length, 28);
  const localPart = Buffer.concat([local, Buffer.from(name), data]);
  const centralPart = Buffer.concat([central, Buffer.from(name)]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(centralPart.length, 12);
  end.writeUInt32LE(localPart.length, 16);
  return Buffer.concat([localPart, centralPart, end]);
}

test('a PDF that is also a ZIP archive, or a picture that is, is refused as a polyglot', async () => {
  const archive = zip('payload.html', text('<script>alert(1)</script>'));
  const pdfZip = Buffer.concat([Buffer.from(await pdfWithPages(1, true)), archive]);
  assert.equal(refusal(await checkUpload({ fileName: 'a.pdf', bytes: pdfZip })), 'polyglot');
  assert.equal(
    refusal(await checkUpload({ fileName: 'a.jpg', bytes: Buffer.concat([jpeg(10, 10), archive]) })),
    'polyglot',
  );
  assert.equal(
    refusal(await checkUpload({ fileName: 'a.png', bytes: Buffer.concat([png(10, 10), archive]) })),
    'polyglot',
  );
});

test('a PDF with web page markup at its start is refused as a polyglot', async () => {
  const html = Buffer.from('%PDF-1.7\n%<html><body><script>alert(1)</script></body></html>\n', 'latin1');
  const pdf = Buffer.from(await pdfWithPages(1, false));
  const bytes = Buffer.concat([html, pdf.subarray(pdf.indexOf('\n') + 1)]);
  assert.equal(refusal(await checkUpload({ fileName: 'a.pdf', bytes })), 'polyglot');
});

// The worker's limits

test('a PDF that blows the worker heap or time limit is refused as damaged, and the next check works', {
  timeout: 60_000,
}, async () => {
  const numbers = Buffer.concat([
    text('%PDF-1.7\n1 0 obj\n['),
    Buffer.alloc(3_000_000, '0 '),
    text(']\nendobj\n%%EOF\n'),
  ]);
  const heapBefore = process.memoryUsage().heapUsed;
  assert.deepEqual(await checkPdfInWorker(numbers, pdfLimits, { memoryMb: 16, timeMs: 60_000 }), {
    ok: false,
    reason: 'damaged',
  });
  assert.deepEqual(await checkPdfInWorker(numbers, pdfLimits, { memoryMb: 512, timeMs: 1 }), {
    ok: false,
    reason: 'damaged',
  });
  // The main thread's heap did not take the parse on: it happened in the worker that was ended.
  assert.ok(process.memoryUsage().heapUsed - heapBefore < 50_000_000);
  assert.deepEqual(await checkPdfInWorker(pagesPdf(2), pdfLimits, workerLimits), { ok: true, pages: 2 });
  assert.equal(pdfChecksInFlight().running, 0);
});

test(`at most ${MAX_IN_FLIGHT} PDF checks run at once; the others wait their turn and all are answered`, async () => {
  const checks = Array.from({ length: 6 }, (_, i) => checkPdfInWorker(pagesPdf(i + 1), pdfLimits, workerLimits));
  assert.deepEqual(pdfChecksInFlight().running, MAX_IN_FLIGHT);
  assert.equal(pdfChecksInFlight().waiting, 6 - MAX_IN_FLIGHT);
  const verdicts = await Promise.all(checks);
  assert.deepEqual(
    verdicts.map((v) => (v.ok ? v.pages : v.reason)),
    [1, 2, 3, 4, 5, 6],
  );
  assert.deepEqual([pdfChecksInFlight().running, pdfChecksInFlight().waiting], [0, 0]);
});

// ---------------------------------------------------------------------------------------------
// PNG and JPEG

test('a PNG is accepted with the size from its IHDR', async () => {
  const check = accepted(await checkUpload({ fileName: 'foto.png', bytes: png(4000, 3000) }));
  assert.deepEqual([check.mediaType, check.width, check.height, check.pages], ['image/png', 4000, 3000, null]);
});

test('a PNG whose IHDR claims 100000 × 100000 pixels is refused (pixel bomb)', async () => {
  assert.equal(refusal(await checkUpload({ fileName: 'a.png', bytes: png(100_000, 100_000) })), 'tooManyPixels');
  assert.equal(refusal(await checkUpload({ fileName: 'a.png', bytes: png(40_000_001, 1) })), 'tooManyPixels');
  assert.equal(refusal(await checkUpload({ fileName: 'a.png', bytes: png(8000, 5000) })), 'accepted');
});

test('a PNG without IHDR first, or with a zero side, is refused as damaged', async () => {
  const signature = Buffer.from(PNG_SIGNATURE);
  assert.equal(refusal(await checkUpload({ fileName: 'a.png', bytes: signature })), 'damaged');
  assert.equal(
    refusal(
      await checkUpload({ fileName: 'a.png', bytes: Buffer.concat([signature, chunk('IEND', new Uint8Array())]) }),
    ),
    'damaged',
  );
  assert.equal(refusal(await checkUpload({ fileName: 'a.png', bytes: png(100, 100).subarray(0, 30) })), 'damaged');
  assert.equal(refusal(await checkUpload({ fileName: 'a.png', bytes: png(0, 100) })), 'damaged');
});

test('a JPEG is accepted with the size from its first frame header, baseline or progressive', async () => {
  for (const frame of [0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]) {
    const check = accepted(await checkUpload({ fileName: 'foto.jpg', bytes: jpeg(1024, 768, frame) }));
    assert.deepEqual([check.mediaType, check.width, check.height], ['image/jpeg', 1024, 768], frame.toString(16));
  }
});

test("the JPEG walk skips other segments, fill bytes and an EXIF thumbnail's own frame header", async () => {
  const thumbnail = [...segment(0xc0, [8, 0, 10, 0, 10, 1, 1, 0x11, 0])];
  const exif = segment(0xe1, [0x45, 0x78, 0x69, 0x66, 0, 0, 0xff, 0xd8, ...thumbnail, 0xff, 0xd9]);
  const table = segment(0xdb, Array<number>(65).fill(1));
  const huffman = segment(0xc4, Array<number>(20).fill(0));
  const check = accepted(
    await checkUpload({ fileName: 'a.jpg', bytes: jpeg(640, 480, 0xc0, [...exif, ...table, 0xff, ...huffman]) }),
  );
  assert.deepEqual([check.width, check.height], [640, 480]);
});

test('a JPEG claiming 65535 × 65535 pixels is refused', async () => {
  assert.equal(refusal(await checkUpload({ fileName: 'a.jpg', bytes: jpeg(65535, 65535) })), 'tooManyPixels');
});

test('a JPEG without a frame header before the scan, or cut short, is refused as damaged', async () => {
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
      refusal(await checkUpload({ fileName: 'a.jpg', bytes: Buffer.from(bytes) })),
      'damaged',
      Buffer.from(bytes).toString('hex'),
    );
  assert.equal(refusal(await checkUpload({ fileName: 'a.jpg', bytes: jpeg(100, 0) })), 'damaged');
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

test('checkUpload never throws on arbitrary bytes and never calls them a known type', async () => {
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), fc.string(), async (bytes, fileName) => {
      const check = await checkUpload({ fileName, bytes });
      if (check.ok) assert.ok(MAGICS.some((m) => Buffer.from(bytes.subarray(0, m.length)).equals(m)));
    }),
    { numRuns: 500 },
  );
});

test('checkUpload never throws or hangs on arbitrary bytes behind each magic, and never calls them the wrong type', {
  timeout: 60_000,
}, async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...MAGICS), fc.uint8Array({ maxLength: 4096 }), async (magic, rest) => {
      const check = await checkUpload({ fileName: 'x', bytes: Buffer.concat([magic, rest]) });
      assert.notEqual(refusal(check), 'wrongType');
    }),
    { numRuns: 300 },
  );
});

const PDF_TOKENS = [
  '<<',
  '>>',
  '[',
  ']',
  ' ',
  '/Type',
  '/Page',
  '/Pages',
  '/Kids',
  '/Count',
  '3 0 R',
  '2 0 R',
  '4 0 R',
  '7',
  '99999',
  '/JS',
  '/S',
  '/JavaScript',
  '(x)',
  '/Parent',
  '-1',
  'null',
  '/#50age',
];

test('checkUpload never throws or hangs on token soup inside a well-formed PDF, and accepts at most the page limit', {
  timeout: 60_000,
}, async () => {
  const soup = fc.array(fc.constantFrom(...PDF_TOKENS), { maxLength: 40 }).map((t) => t.join(' '));
  await fc.assert(
    fc.asyncProperty(soup, soup, async (pages, page) => {
      const bytes = pagesPdf(1, {
        objects: new Map([
          [2, pages],
          [3, page],
        ]),
      });
      const check = await checkUpload({ fileName: 'x.pdf', bytes });
      if (check.ok)
        assert.ok(check.pages !== null && check.pages >= 1 && check.pages <= DEFAULT_UPLOAD_LIMITS.maxPdfPages);
    }),
    { numRuns: 300 },
  );
});

test('an accepted file always has a safe name with the extension of its type', async () => {
  const fileBytes = fc.constantFrom<Uint8Array>(png(10, 10), jpeg(10, 10), pagesPdf(1));
  await fc.assert(
    fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), fileBytes, async (fileName, bytes) => {
      const check = accepted(await checkUpload({ fileName, bytes }));
      assert.equal(check.fileName, safeFileName(check.fileName));
      assert.match(
        check.fileName,
        { 'application/pdf': /\.pdf$/i, 'image/jpeg': /\.jpe?g$|\.jpe$/i, 'image/png': /\.png$/i }[check.mediaType],
      );
    }),
    { numRuns: 200 },
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
