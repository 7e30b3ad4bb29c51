import { readFileSync } from 'node:fs';
import { Client, csrfIn } from './client.js';
import { jpegHead, postStreamed, type StreamedPart } from './multipart-stream.js';

const SERVICE = 'residence-permit-extension';
const FILE_BYTES = 10 * 1024 * 1024 - 64 * 1024; // just under the per-file limit

/**
 * Posts `posts` application forms at once, each with files of just under 10 MiB up to
 * `bytesPerPost` (accepted JPEGs, spread over the form's documents), generated while they are sent.
 * Returns how many answers had which status, and the seconds it took.
 */
export async function floodUploads(
  base: string,
  { posts, bytesPerPost }: { posts: number; bytesPerPost: number },
): Promise<{ statuses: Record<number, number>; seconds: number }> {
  const started = performance.now();
  const answers = await Promise.all(
    Array.from({ length: posts }, async () => {
      const browser = new Client(base);
      const page = await browser.get(`/de/apply/${SERVICE}`);
      const documents = [...page.html.matchAll(/name="file:([a-z0-9-]+)"/g)].map((m) => m[1]!);
      const count = Math.floor(bytesPerPost / FILE_BYTES);
      const files: StreamedPart[] = Array.from({ length: count }, (_, i) => ({
        name: `file:${documents[i % documents.length]}`,
        file: { fileName: `scan-${i}.jpg`, head: jpegHead(), size: FILE_BYTES },
      }));
      const fields: StreamedPart[] = [
        { name: '_csrf', value: csrfIn(page.html) },
        { name: 'firstName', value: 'Flood' },
        { name: 'action', value: 'save' },
      ];
      return postStreamed(`${base}/de/apply/${SERVICE}`, [...fields, ...files], { cookie: browser.cookieHeader });
    }),
  );
  const statuses: Record<number, number> = {};
  for (const answer of answers) statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
  return { statuses, seconds: (performance.now() - started) / 1000 };
}

/** Resident memory of a process now and at its peak so far (VmHWM), in MB, from /proc. */
export function residentMb(pid: number): { now: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { now: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}
