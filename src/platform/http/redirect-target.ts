/**
 * A place to go back to that came from a form or a query (`back`): only a path of ours that starts
 * with `prefix`, as a URL would serialise it (non-ASCII percent-encoded); anything else — another
 * site (`//evil.example`, `https://…`), a backslash, or a control character such as CR/LF that
 * would break the Location header — gives the fallback.
 */
export function redirectTarget(target: string | null | undefined, prefix: string, fallback: string): string {
  if (!target?.startsWith(prefix) || !prefix.startsWith('/')) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(target) || target.startsWith('//')) return fallback;
  const url = new URL(target, 'http://here.invalid');
  if (url.origin !== 'http://here.invalid') return fallback;
  const path = `${url.pathname}${url.search}`;
  return path.startsWith(prefix) ? path : fallback;
}
