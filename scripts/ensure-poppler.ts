import { execFile, spawnSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { executable } from './executable.js';
import { promisify } from 'node:util';

const run = promisify(execFile);

const CANDIDATES = [process.env.PDFTOTEXT_PATH, '/usr/bin/pdftotext', '/usr/local/bin/pdftotext'];

function works(file: string): boolean {
  // pdftotext -v prints its version (to stderr) and exits 0 on current poppler; older ones exit 99.
  const probe = spawnSync(file, ['-v'], { encoding: 'utf8', timeout: 30_000 });
  return probe.error === undefined && /pdftotext/i.test(`${probe.stdout}${probe.stderr}`);
}

function found(): string | undefined {
  return CANDIDATES.find((file) => executable(file) && works(file));
}

/**
 * Finds pdftotext (Debian package "poppler-utils") for the tests that read generated PDFs back, or
 * installs it when running as root with apt-get. Throws with a clear message when neither works:
 * those tests are never skipped.
 */
export async function ensurePdftotext(log: (line: string) => void = console.log): Promise<string> {
  const existing = found();
  if (existing) return existing;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
  if (userInfo().uid === 0 && hasApt) {
    log('pdftotext not found: installing Debian package "poppler-utils" with apt-get…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    try {
      await run('apt-get', ['update', '-qq'], { env, timeout: 300_000 });
      await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'poppler-utils'], {
        env,
        timeout: 600_000,
      });
    } catch (error) {
      throw new Error(`Could not install poppler-utils with apt-get: ${(error as Error).message}`);
    }
    const installed = found();
    if (installed) return installed;
  }
  throw new Error(
    'The PDF tests need pdftotext and none was found. Install it (Debian: "apt-get install poppler-utils") ' +
      'or set PDFTOTEXT_PATH to a pdftotext binary.',
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await ensurePdftotext());
}
