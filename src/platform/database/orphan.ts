import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

/** The app that started the embedded PostgreSQL on a data folder writes its pid here (DATA_DIR/…). */
const OWNER_FILE = 'embedded-pg-owner.pid';
/** A fast shutdown (SIGINT) rolls back and disconnects; then an immediate one (SIGQUIT); then SIGKILL. */
const ESCALATION: readonly { signal: NodeJS.Signals; waitMs: number }[] = [
  { signal: 'SIGINT', waitMs: 20_000 },
  { signal: 'SIGQUIT', waitMs: 5_000 },
  { signal: 'SIGKILL', waitMs: 5_000 },
];

async function readNumber(file: string): Promise<number | null> {
  const text = await readFile(file, 'utf8').catch(() => null);
  const value = Number(text?.split('\n')[0]?.trim());
  return Number.isInteger(value) && value > 0 ? value : null;
}

/** Alive and not a zombie (an orphan whose reaper has not collected it is as good as gone). */
async function alive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = await processStat(pid);
  return stat === null || stat.state !== 'Z';
}

/** Command line, state and parent of a process: /proc on Linux, `ps` elsewhere; null if unknown. */
async function processStat(pid: number): Promise<{ command: string; state: string; parent: number } | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": the command may hold spaces and parentheses, so split at the last ')'.
    const [state = '', parent = '0'] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const command = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replace(/\0/g, ' ');
    return { command, state, parent: Number(parent) };
  } catch {
    try {
      const { stdout } = await promisify(execFile)('ps', ['-o', 'stat=,ppid=,args=', '-p', String(pid)]);
      const match = /^\s*(\S)\S*\s+(\d+)\s+(.*)$/.exec(stdout.trim());
      return match ? { state: match[1]!, parent: Number(match[2]), command: match[3]! } : null;
    } catch {
      return null;
    }
  }
}

async function waitUntilGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!(await alive(pid))) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !(await alive(pid));
}

/**
 * Before the embedded PostgreSQL starts: a postmaster still running on our cluster whose app is
 * gone (killed with SIGKILL, or by the OOM killer, before it could stop the database) would hold
 * the port and the data folder, and the start would fail. It is stopped here, and the log says so.
 * A postmaster whose parent is a live app that recorded itself as the owner is another instance
 * on the same data folder: that is refused, never stopped.
 */
export async function stopOrphanedPostgres(
  dataDir: string,
  clusterDir: string,
  log: (message: string) => void,
): Promise<void> {
  const postmaster = await readNumber(path.join(clusterDir, 'postmaster.pid'));
  if (postmaster === null || !(await alive(postmaster))) return; // none, or a stale file PostgreSQL replaces itself
  const stat = await processStat(postmaster);
  if (stat && !/postgres/.test(stat.command)) return; // the number was reused by something else
  const owner = await readNumber(path.join(dataDir, OWNER_FILE));
  if (owner !== null && owner !== process.pid && stat?.parent === owner && (await alive(owner))) {
    throw new Error(
      `The embedded PostgreSQL in ${clusterDir} belongs to a Willkommen that is still running (pid ${owner}). ` +
        'Stop that one first, or give this one its own DATA_DIR.',
    );
  }
  log(
    `The embedded PostgreSQL (pid ${postmaster}) in ${clusterDir} outlived the app that started it ` +
      `(pid ${owner ?? 'unknown'}, no longer running); stopping it before starting again.`,
  );
  for (const { signal, waitMs } of ESCALATION) {
    try {
      process.kill(postmaster, signal);
    } catch {
      return; // gone meanwhile
    }
    if (await waitUntilGone(postmaster, waitMs)) {
      log(`The left-over PostgreSQL (pid ${postmaster}) stopped after ${signal}.`);
      return;
    }
  }
  throw new Error(`The left-over PostgreSQL (pid ${postmaster}) in ${clusterDir} did not stop; stop it by hand.`);
}

/** Records this process as the one that runs the embedded PostgreSQL on the data folder. */
export async function recordOwner(dataDir: string): Promise<void> {
  await writeFile(path.join(dataDir, OWNER_FILE), `${process.pid}\n`);
}

/** The postmaster's pid as PostgreSQL wrote it in the cluster folder. */
export function postmasterPid(clusterDir: string): Promise<number | null> {
  return readNumber(path.join(clusterDir, 'postmaster.pid'));
}
