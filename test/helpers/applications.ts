import assert from 'node:assert/strict';
import { PDFDocument } from 'pdf-lib';
import type { TestApp } from './app.js';
import { Client, csrfIn } from './client.js';
import type { Mailbox } from './mailbox.js';

export async function pdfBytes(pages = 1): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i += 1) doc.addPage([200, 200]).drawText(`Seite ${i + 1}`);
  return doc.save();
}

/** A small valid PNG header (the check reads the IHDR chunk; the picture itself is not decoded). */
export function pngBytes(width = 100, height = 120): Uint8Array {
  const header = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const size = Buffer.alloc(8);
  size.writeUInt32BE(width, 0);
  size.writeUInt32BE(height, 4);
  return Buffer.concat([header, size, Buffer.from([8, 2, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('IEND')]);
}

export interface UploadFile {
  field: string;
  name: string;
  bytes: Uint8Array;
  type: string;
}

export function multipartForm(fields: Record<string, string>, files: readonly UploadFile[]): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  for (const f of files) data.append(`file:${f.field}`, new Blob([Buffer.from(f.bytes)], { type: f.type }), f.name);
  return data;
}

/** Answers to the extension's questions (the demo seed's `applicationQuestions`), as its form fields. */
export const EXTENSION_ANSWERS: Readonly<Record<string, string>> = {
  'q:purpose': 'work',
  'q:employer-or-university': 'Beispiel GmbH, Musterstadt',
  'q:address': 'Hauptstraße 1\n12345 Musterstadt',
  'q:purpose-changed': 'no',
};

/** Applies online for an extension with passport and photo, and returns the reference and the status page's path. */
export async function applyOnline(
  app: TestApp,
  mailbox: Mailbox,
  person: { firstName: string; lastName: string; birthDate: string; email: string; locale: string },
  answers: Readonly<Record<string, string>> = EXTENSION_ANSWERS,
): Promise<{ reference: string; statusPath: string; caseId: string }> {
  const browser = new Client(app.base);
  const page = await browser.get('/de/apply/residence-permit-extension');
  const sent = await browser.postMultipart(
    '/de/apply/residence-permit-extension',
    multipartForm(
      {
        _csrf: csrfIn(page.html),
        ...person,
        permitExpiresOn: `${new Date().getUTCFullYear() + 1}-01-31`,
        ...answers,
        action: 'submit',
      },
      [
        { field: 'passport', name: 'pass.pdf', bytes: await pdfBytes(2), type: 'application/pdf' },
        { field: 'biometric-photo', name: 'foto.png', bytes: pngBytes(), type: 'image/png' },
      ],
    ),
  );
  assert.equal(sent.status, 201, sent.html.slice(0, 300));
  const reference = /(A-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(sent.html)![1]!;
  await mailbox.waitFor((m) => m.subject.includes(reference));
  // The mail goes out inside the submitting transaction: wait until the case is visible.
  for (let i = 0; i < 50; i += 1) {
    const { rows } = await app.db.owner.query<{ id: string }>('SELECT id FROM cases WHERE reference = $1', [reference]);
    if (rows[0])
      return {
        reference,
        statusPath: /href="(\/de\/status\/[A-Za-z0-9_-]+)"/.exec(sent.html)![1]!,
        caseId: rows[0].id,
      };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the case did not appear');
}
