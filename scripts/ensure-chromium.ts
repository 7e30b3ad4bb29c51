import { execFileSync, spawnSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { executable } from './executable.js';

const CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

function works(file: string): boolean {
  const probe = spawnSync(file, ['--headless', '--no-sandbox', '--disable-gpu', '--version'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  return probe.status === 0;
}

/**
 * Finds Chromium for the browser tests, or installs Debian's package when running as root with
 * apt-get. Throws with a clear message when neither works: browser tests are never skipped.
 */
export function ensureChromium(log: (line: string) => void = console.log): string {
  const found = CANDIDATES.find(executable);
  if (found && works(found)) return found;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
  if (userInfo().uid === 0 && hasApt) {
    log('Chromium not found: installing Debian package "chromium" with apt-get (about a minute)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env, timeout: 300_000 });
      execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-dejavu-core'], {
        stdio: 'inherit',
        env,
        timeout: 600_000,
      });
    } catch (error) {
      throw new Error(`Could not install Chromium with apt-get: ${(error as Error).message}`);
    }
    if (executable('/usr/bin/chromium') && works('/usr/bin/chromium')) return '/usr/bin/chromium';
  }
  throw new Error(
    'Browser tests need Chromium and none was found. Install it (Debian: "apt-get install chromium") ' +
      'or set CHROMIUM_PATH to a Chromium or Chrome binary.',
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(ensureChromium());
}
