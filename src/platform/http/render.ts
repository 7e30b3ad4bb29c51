import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';

/** Renders a page component (escaping by default) and sends it as HTML, never to be stored. */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  // A page rendered for this request may carry what the person typed or a secret link (status,
  // manage-appointment, drafts): no copy is kept. Pages the same for everyone come from the page
  // cache (sendCachedPage: revalidated by their ETag).
  if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(`<!DOCTYPE html>${render(page)}`);
}
