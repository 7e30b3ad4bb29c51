/**
 * The toolkit's Markdown, rendered on the server from the stored text every time (never stored as
 * HTML). Raw HTML is not passed through (`html: false`: `<script>` arrives as text), and a link or
 * image is kept only with http(s), mailto or a path of our own: no `javascript:`, `data:`,
 * `vbscript:` or `file:` URL ever reaches the page.
 */
import MarkdownIt from 'markdown-it';

const SAFE_URL = /^(https?:\/\/|mailto:|\/(?!\/)|#)/i;

/** Whether a link's target may be rendered (markdown-it normalises it first: entities, case, spaces). */
export function safeLink(url: string): boolean {
  const trimmed = url.trim();
  // A relative link without a scheme ("vorlage.pdf") has no colon before its first slash.
  const schemeless = !/^[^/?#]*:/.test(trimmed) && !trimmed.startsWith('//');
  return SAFE_URL.test(trimmed) || schemeless;
}

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });
markdown.validateLink = safeLink;
// External links open in the same tab but give the target no handle on this page.
const defaultLinkOpen =
  markdown.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
markdown.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  if (/^https?:/i.test(String(token.attrGet('href') ?? ''))) token.attrSet('rel', 'noopener noreferrer');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/** The HTML of a module's section (safe to insert as is). */
export function renderMarkdown(text: string): string {
  return markdown.render(text);
}
