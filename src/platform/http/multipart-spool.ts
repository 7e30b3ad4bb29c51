import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { HttpProblem } from './errors.js';

/**
 * Files of a multipart form, streamed while they arrive: to a temporary file (encrypted under a
 * key that lives only in this process's memory, so a crash leaves nothing readable behind) or
 * thrown away, each counted against the request's limit. Nothing of a file is held in memory
 * beyond the stream's small buffers until `read()` loads one file, which the caller does one
 * file at a time.
 */

/** A file received: its size, and its bytes on demand. */
export interface SpooledFile {
  readonly size: number;
  read(): Promise<Buffer>;
}

/**
 * Refuses, before a byte of the body is read, what cannot be a form with files: another content
 * type or a multipart body without a boundary (400, a page), or a Content-Length above the limit (413).
 */
export function checkMultipartHeaders(request: FastifyRequest, maxBytes: number): void {
  const type = request.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;(?:.*;)?\s*boundary=(?:"[^"]{1,70}"|[^\s;"]{1,70})\s*(?:;|$)/i.test(type)) {
    throw new HttpProblem(400, 'badRequest');
  }
  const length = Number(request.headers['content-length'] ?? '0');
  if (Number.isFinite(length) && length > maxBytes) throw new HttpProblem(413, 'tooLarge');
}

/** What a parser error of a hostile or broken body becomes: 400 or 413, never 500. Errors of our own disk stay errors. */
export function asClientProblem(error: unknown): unknown {
  if (error instanceof HttpProblem) return error;
  if (error instanceof Error && 'syscall' in error) return error;
  const status = (error as { statusCode?: unknown }).statusCode;
  return new HttpProblem(status === 413 ? 413 : 400, status === 413 ? 'tooLarge' : 'badRequest');
}

/** One request's running count of file bytes: past the limit, the stream fails with 413. */
export class RequestBytes {
  private received = 0;

  constructor(private readonly max: number) {}

  counter(): Transform {
    return new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        this.received += chunk.length;
        if (this.received > this.max) done(new HttpProblem(413, 'tooLarge'));
        else done(null, chunk);
      },
    });
  }
}

/** A request's temporary folder, made at its first file and removed by `discard()`. */
export class Spool {
  private folder: Promise<string> | null = null;
  private count = 0;

  constructor(private readonly bytes: RequestBytes) {}

  /** Streams the file to disk, encrypted with a fresh key, through the request's count. */
  async keep(source: Readable): Promise<SpooledFile> {
    this.folder ??= mkdtemp(path.join(tmpdir(), 'willkommen-upload-'));
    const file = path.join(await this.folder, String(this.count++));
    const key = randomBytes(32);
    const iv = randomBytes(16);
    let size = 0;
    const sizer = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        done(null, chunk);
      },
    });
    await pipeline(
      source,
      this.bytes.counter(),
      sizer,
      createCipheriv('aes-256-ctr', key, iv),
      createWriteStream(file, { mode: 0o600 }),
    );
    return {
      size,
      async read() {
        const chunks: Buffer[] = [];
        await pipeline(
          createReadStream(file),
          createDecipheriv('aes-256-ctr', key, iv),
          new Writable({
            write(chunk: Buffer, _encoding, done) {
              chunks.push(chunk);
              done();
            },
          }),
        );
        return Buffer.concat(chunks, size);
      },
    };
  }

  /** Reads the file to its end without keeping it (no free slot), still counted against the limit. */
  async skip(source: Readable): Promise<number> {
    let size = 0;
    await pipeline(
      source,
      this.bytes.counter(),
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          done();
        },
      }),
    );
    return size;
  }

  /** Removes the request's temporary files. */
  async discard(): Promise<void> {
    const folder = this.folder;
    this.folder = null;
    if (folder) await rm(await folder, { recursive: true, force: true });
  }
}
