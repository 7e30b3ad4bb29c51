import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpProblem } from './errors.js';

/** A server-sent events stream (text/event-stream) on one response. */
export interface EventStream {
  send(event: string, data: string): void;
  close(): void;
  readonly closed: boolean;
}

/** A comment line every so often keeps proxies and the browser from treating a quiet stream as dead. */
const HEARTBEAT_MS = 20_000;
/** How soon a browser reconnects after the stream breaks (network drop, server restart). */
const RETRY_MS = 1_000;

/** How long a client turned away for holding too many streams is asked to wait. */
const RETRY_AFTER_SECONDS = 30;

/**
 * Open live streams per client address, capped: one address cannot hold the server's sockets and
 * memory with thousands of streams. The cap is high enough for every display and phone of an
 * office behind one NAT address (LIVE_STREAMS_PER_ADDRESS, default 50). Per process: a stream is
 * a connection to this process.
 */
export class LiveStreamCap {
  private readonly open = new Map<string, number>();

  constructor(readonly perAddress: number) {}

  /** Takes a place for the address and gives the function that frees it, or null when all are taken. */
  take(address: string): (() => void) | null {
    const held = this.open.get(address) ?? 0;
    if (held >= this.perAddress) return null;
    this.open.set(address, held + 1);
    let freed = false;
    return () => {
      if (freed) return;
      freed = true;
      const left = (this.open.get(address) ?? 1) - 1;
      if (left > 0) this.open.set(address, left);
      else this.open.delete(address);
    };
  }

  /** Streams open from the address now. */
  heldBy(address: string): number {
    return this.open.get(address) ?? 0;
  }
}

/**
 * Takes the response over from Fastify and keeps it open. The browser's EventSource reconnects by
 * itself (after RETRY_MS); `onClose` runs once, when the client goes or the server closes it. An
 * address that holds its cap of streams already gets 429 with Retry-After instead (an error page
 * before anything is taken over).
 */
export function openEventStream(
  request: FastifyRequest,
  reply: FastifyReply,
  cap: LiveStreamCap,
  onClose: () => void,
): EventStream {
  const release = cap.take(request.ip);
  if (!release) {
    reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    throw new HttpProblem(429, 'tooMany');
  }
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
    'x-content-type-options': 'nosniff',
    connection: 'keep-alive',
  });
  res.socket?.setNoDelay(true);
  // A stream is quiet between heartbeats by design: the idle limit for connections is not for it.
  res.socket?.setTimeout(0);
  res.write(`retry: ${RETRY_MS}\n\n`);
  let closed = false;
  const heartbeat = setInterval(() => res.write(': still here\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  const end = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    release();
    onClose();
  };
  request.raw.on('close', end);
  res.on('error', end);
  return {
    send(event, data) {
      if (!closed) res.write(`event: ${event}\ndata: ${data}\n\n`);
    },
    close() {
      if (closed) return;
      end();
      res.end();
    },
    get closed() {
      return closed;
    },
  };
}
