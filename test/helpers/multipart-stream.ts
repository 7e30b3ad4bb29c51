import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';

/**
 * A multipart POST written by hand over node:http, for what fetch cannot do: bodies of hundreds of
 * megabytes generated on the fly (one small chunk repeated, so the test's own memory stays flat),
 * a chosen client address on the loopback (127.0.0.x), and watching when the answer comes
 * compared with how much of the body was sent.
 */

export interface StreamedPart {
  readonly name: string;
  /** A field's value, or a file: its name, its first bytes, and the size it is padded to. */
  readonly value?: string;
  readonly file?: { readonly fileName: string; readonly head: Uint8Array; readonly size: number };
}

export interface StreamedAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly html: string;
  /** Body bytes written when the answer's status line arrived. */
  readonly sentWhenAnswered: number;
  readonly total: number;
}

const FILLER = Buffer.alloc(1024 * 1024, 0x20);

function* chunks(parts: readonly StreamedPart[], boundary: string): Generator<Buffer> {
  for (const part of parts) {
    if (part.file) {
      yield Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.file.fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      );
      yield Buffer.from(part.file.head);
      let left = part.file.size - part.file.head.length;
      while (left > 0) {
        const piece = FILLER.subarray(0, Math.min(left, FILLER.length));
        left -= piece.length;
        yield piece;
      }
      yield Buffer.from('\r\n');
    } else {
      yield Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value ?? ''}\r\n`,
      );
    }
  }
  yield Buffer.from(`--${boundary}--\r\n`);
}

function bodyLength(parts: readonly StreamedPart[], boundary: string): number {
  let total = 0;
  for (const part of parts) {
    if (part.file) {
      total += Buffer.byteLength(
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.file.fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      );
      total += part.file.size + 2;
    } else {
      total += Buffer.byteLength(
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value ?? ''}\r\n`,
      );
    }
  }
  return total + Buffer.byteLength(`--${boundary}--\r\n`);
}

export interface StreamOptions {
  readonly cookie?: string;
  readonly localAddress?: string;
  /** Overrides the content type (e.g. without a boundary). */
  readonly contentType?: string;
  /** Stop writing after this many body bytes and wait (the request stays open until `abort`). */
  readonly holdAfter?: number;
  readonly signal?: AbortSignal;
}

/** Sends the parts as one multipart body, writing only as fast as the server reads. */
export function postStreamed(url: string, parts: readonly StreamedPart[], options: StreamOptions = {}) {
  const boundary = `----wk${randomBytes(8).toString('hex')}`;
  const total = bodyLength(parts, boundary);
  return new Promise<StreamedAnswer>((resolve, reject) => {
    let sent = 0;
    let sentWhenAnswered = -1;
    let answered = false;
    const request = httpRequest(url, {
      method: 'POST',
      localAddress: options.localAddress,
      signal: options.signal,
      headers: {
        'content-type': options.contentType ?? `multipart/form-data; boundary=${boundary}`,
        'content-length': String(total),
        ...(options.cookie ? { cookie: options.cookie } : {}),
      },
    });
    request.on('response', (response) => {
      answered = true;
      sentWhenAnswered = sent;
      let html = '';
      response.setEncoding('utf8');
      response.on('data', (text: string) => (html += text));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, headers: response.headers, html, sentWhenAnswered, total });
        request.destroy();
      });
      response.on('error', reject);
    });
    // A server that answers early may close the connection while we still write: not an error here.
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    const source = chunks(parts, boundary);
    const pump = () => {
      while (!answered) {
        if (options.holdAfter !== undefined && sent >= options.holdAfter) return;
        const next = source.next();
        if (next.done) {
          request.end();
          return;
        }
        sent += next.value.length;
        if (!request.write(next.value)) {
          request.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}

/** A JPEG the upload check accepts (start of image, a frame header of 100 × 100), padded to its size by the sender. */
export function jpegHead(): Uint8Array {
  return Buffer.from([
    0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x64, 0x00, 0x64, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03,
    0x11, 0x01,
  ]);
}
