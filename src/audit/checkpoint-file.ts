import { chmod, mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import { type Checkpoint, readCheckpointLine } from './checkpoint.js';

/**
 * Appends one line to the checkpoint file: opened for appending only (each line one write, so
 * writers never interleave within a line), created with mode 600, flushed to disk before returning.
 */
export async function appendCheckpointLine(file: string, line: string): Promise<void> {
  if (line.includes('\n')) throw new Error('a checkpoint is one line');
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const handle = await open(file, 'a', 0o600);
  try {
    await handle.appendFile(`${line}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  // A file copied in from elsewhere may be readable by others: checkpoints are for its owner.
  await chmod(file, 0o600);
}

/** The file's lines, without empty ones, each with its line number; no file: none. */
export async function readCheckpointLines(file: string): Promise<{ line: number; text: string }[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text
    .split('\n')
    .map((t, i) => ({ line: i + 1, text: t.trim() }))
    .filter((l) => l.text !== '');
}

/** A line of a checkpoint file that is not a valid checkpoint of this installation. */
export interface BadCheckpointLine {
  readonly file: string;
  readonly line: number;
  readonly reason: 'malformed' | 'unknownKey' | 'badSignature';
}

/** The valid checkpoints of these files (a missing file holds none), and every line that is not one. */
export async function loadCheckpoints(
  files: readonly string[],
  keys: { publicKey: KeyObject; keyId: string },
): Promise<{ valid: Checkpoint[]; bad: BadCheckpointLine[] }> {
  const valid: Checkpoint[] = [];
  const bad: BadCheckpointLine[] = [];
  for (const file of files) {
    for (const { line, text } of await readCheckpointLines(file)) {
      const read = readCheckpointLine(text, keys);
      if (read.ok) valid.push(read.checkpoint);
      else bad.push({ file, line, reason: read.reason });
    }
  }
  return { valid, bad };
}

/** The newest valid checkpoint of each authority, by authority id. */
export function newestByAuthority(checkpoints: readonly Checkpoint[]): Map<string, Checkpoint> {
  const newest = new Map<string, Checkpoint>();
  for (const c of checkpoints) {
    const known = newest.get(c.authorityId);
    if (!known || c.seq > known.seq) newest.set(c.authorityId, c);
  }
  return newest;
}
