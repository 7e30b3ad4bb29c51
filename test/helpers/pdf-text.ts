import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** poppler-utils' folder; the tests read PDFs back with it and are never skipped. */
function popplerDir(): string {
  for (const file of [process.env.PDFTOTEXT_PATH, '/usr/bin/pdftotext', '/usr/local/bin/pdftotext']) {
    if (file && spawnSync(file, ['-v']).status === 0) return path.dirname(file);
  }
  return assert.fail(
    'pdftotext (poppler-utils) is missing: install it with "apt-get install -y poppler-utils" ' +
      '(npm test does so as root through scripts/ensure-poppler.ts) or set PDFTOTEXT_PATH.',
  );
}

/** Runs one poppler tool (pdftotext, pdffonts, pdfimages) and returns what it printed. */
export function poppler(tool: string, args: string[]): string {
  return execFileSync(path.join(popplerDir(), tool), args, { encoding: 'utf8' });
}

/** The text layer of a PDF file, without the bidi controls pdftotext puts around RTL lines, spaces collapsed. */
export function textOf(file: string): string {
  return poppler('pdftotext', ['-enc', 'UTF-8', file, '-'])
    .replace(/[\u202A-\u202E\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ');
}

/** The same for PDF bytes. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pdf-text-'));
  try {
    const file = path.join(dir, 'document.pdf');
    writeFileSync(file, bytes);
    return textOf(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
