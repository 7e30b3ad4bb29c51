import { floodUploads, residentMb } from '../test/helpers/upload-flood.js';
import { startBenchServer } from './server.js';

const MB = 1024 * 1024;

/**
 * 16 concurrent maximal posts to the application form (20 files of just under 10 MiB each, the
 * request limit raised to the old 210 MB so that each is streamed through rather than refused
 * from its Content-Length), on a server of their own: the peak resident memory of its Node process.
 */
export async function uploadBench(print: (name: string, value: number, digits?: number) => void): Promise<void> {
  const server = await startBenchServer({ UPLOAD_REQUEST_MB: '210' });
  try {
    let peak = server.rssMb();
    const timer = setInterval(() => {
      peak = Math.max(peak, server.rssMb());
    }, 20);
    const flood = await floodUploads(server.base, { posts: 16, bytesPerPost: 200 * MB });
    clearInterval(timer);
    print('upload.rss_peak_mb', Math.max(peak, residentMb(server.pid).peak), 0);
    print('upload.seconds', flood.seconds);
    print('upload.answered_503', flood.statuses[503] ?? 0);
  } finally {
    await server.stop();
  }
}
