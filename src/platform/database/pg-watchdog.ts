import { spawn } from 'node:child_process';

export interface Watchdog {
  /** Ends the watchdog without touching PostgreSQL (a clean stop, or a new postmaster to watch). */
  dismiss(): void;
}

/**
 * A tiny shell that waits on a pipe from this process and, when the pipe closes, asks the
 * postmaster for a fast shutdown. The pipe closes however this process ends, `kill -9` included,
 * so the embedded PostgreSQL does not outlive the app for long (the start-time check in orphan.ts
 * covers what this cannot, e.g. the watchdog killed too).
 */
export function watchPostmaster(postmaster: number, log: (message: string) => void): Watchdog {
  const child = spawn(
    '/bin/sh',
    ['-c', 'read _; kill -INT "$1" 2>/dev/null', 'willkommen-pg-watchdog', String(postmaster)],
    {
      stdio: ['pipe', 'ignore', 'ignore'],
    },
  );
  child.on('error', (error) => log(`PostgreSQL watchdog: ${error.message}`));
  // Neither the child nor its pipe keeps the event loop alive.
  child.unref();
  child.stdin?.on('error', () => undefined);
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return {
    dismiss() {
      child.kill('SIGKILL');
    },
  };
}
