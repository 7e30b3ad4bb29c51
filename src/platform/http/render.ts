import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';

/** Renders a page component (escaping by default) and sends it as HTML. */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  // A route may ask for more (no-store for pages carrying a secret link); otherwise revalidate.
  if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-cache');
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(`<!DOCTYPE html>${render(page)}`);
}
