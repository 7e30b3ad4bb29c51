import type { FastifyReply, FastifyRequest } from 'fastify';

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

/**
 * Takes the response over from Fastify and keeps it open. The browser's EventSource reconnects by
 * itself (after RETRY_MS); `onClose` runs once, when the client goes or the server closes it.
 */
export function openEventStream(request: FastifyRequest, reply: FastifyReply, onClose: () => void): EventStream {
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
  res.write(`retry: ${RETRY_MS}\n\n`);
  let closed = false;
  const heartbeat = setInterval(() => res.write(': still here\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  const end = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
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
