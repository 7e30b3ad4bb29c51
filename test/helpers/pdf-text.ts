import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

function pdftotext(): string {
  for (const file of [process.env.PDFTOTEXT_PATH, '/usr/bin/pdftotext', '/usr/local/bin/pdftotext']) {
    if (file && spawnSync(file, ['-v']).status === 0) return file;
  }
  return assert.fail('pdftotext (poppler-utils) is missing: npm test installs it (scripts/ensure-poppler.ts), or set PDFTOTEXT_PATH.');
}

/** A PDF's text layer (poppler's pdftotext), bidi controls removed, spaces collapsed. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pdf-text-'));
  try {
    const file = path.join(dir, 'document.pdf');
    writeFileSync(file, bytes);
    return execFileSync(pdftotext(), ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/[\u202A-\u202E\u2066-\u2069]/g, '').replace(/\s+/g, ' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
