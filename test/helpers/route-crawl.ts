import type { RouteEntry } from '../../src/app.js';

/**
 * The route table as patterns, and a small crawler that finds, for each route, a concrete path the
 * app itself links to (ids, slugs, tokens that exist) and the fields of the forms that post there.
 * Written against the route table, so that a new route is covered without being listed here.
 */

export interface Pattern {
  readonly route: RouteEntry;
  readonly segments: readonly string[];
  readonly regex: RegExp;
  readonly params: readonly string[];
  /** Static segments first, as the router prefers them (`/status/mine` over `/status/:token`). */
  readonly staticScore: number;
}

export const routeKey = (route: Pick<RouteEntry, 'method' | 'url'>): string => `${route.method} ${route.url}`;

export function patternOf(route: RouteEntry): Pattern {
  const segments = route.url.split('/').slice(1);
  const params: string[] = [];
  const parts = segments.map((segment) => {
    if (segment === '*') {
      params.push('*');
      return '(.+)';
    }
    if (segment.startsWith(':')) {
      // A parameter may be followed by a static suffix in the same segment (`progress.json` is not one).
      params.push(segment.slice(1));
      return '([^/]+)';
    }
    return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  const staticScore = segments.reduce((n, s, i) => n + (s.startsWith(':') || s === '*' ? 0 : 2 ** (20 - i)), 0);
  return { route, segments, params, staticScore, regex: new RegExp(`^/${parts.join('/')}/?$`) };
}

/** The route a method and path reach, as the router would choose it, with the path's parameter values. */
export function matchPath(
  patterns: readonly Pattern[],
  method: string,
  path: string,
): { pattern: Pattern; values: Record<string, string> } | undefined {
  let best: { pattern: Pattern; values: Record<string, string> } | undefined;
  for (const pattern of patterns) {
    if (pattern.route.method !== method) continue;
    const found = pattern.regex.exec(path);
    if (!found) continue;
    if (best && best.pattern.staticScore >= pattern.staticScore) continue;
    best = { pattern, values: Object.fromEntries(pattern.params.map((p, i) => [p, found[i + 1]!])) };
  }
  return best;
}

/** A path of the pattern with the given (already encoded) segment values. */
export function pathOf(pattern: Pattern, values: Readonly<Record<string, string>>): string {
  return `/${pattern.segments.map((s) => (s === '*' ? values['*'] : s.startsWith(':') ? values[s.slice(1)] : s)).join('/')}`;
}

export interface FormField {
  readonly name: string;
  readonly value: string;
  readonly type: string;
}

export interface Form {
  readonly method: string;
  readonly action: string;
  /** The query string of the form's action, without `?` (some forms carry their step there). */
  readonly query: string;
  readonly multipart: boolean;
  readonly fields: readonly FormField[];
}

const attr = (tag: string, name: string): string | undefined =>
  new RegExp(`\\s${name}="([^"]*)"`)
    .exec(tag)?.[1]
    ?.replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"');

/** The forms of a server-rendered page (our pages quote every attribute with double quotes). */
export function formsIn(html: string, pagePath: string): Form[] {
  const forms: Form[] = [];
  for (const found of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const open = found[1]!;
    const inner = found[2]!;
    const fields: FormField[] = [];
    const placeholders = new Set<string>();
    for (const tag of inner.matchAll(/<(input|button|textarea)\b[^>]*>|<(select)\b[^>]*>([\s\S]*?)<\/select>/g)) {
      const name = attr(tag[0], 'name');
      if (!name) continue;
      const type = tag[2] ?? (tag[1] === 'input' ? (attr(tag[0], 'type') ?? 'text') : tag[1]!);
      if (type === 'select') {
        // The selected option, or the first with a value.
        const options = [...(tag[3] ?? '').matchAll(/<option\b[^>]*>/g)].map((o) => o[0]);
        const chosen = options.find((o) => /\sselected/.test(o)) ?? options.find((o) => attr(o, 'value'));
        fields.push({ name, value: (chosen && attr(chosen, 'value')) ?? '', type });
        continue;
      }
      // A browser sends the one button clicked: the first of each name here.
      if ((type === 'button' || type === 'submit') && fields.some((f) => f.name === name)) continue;
      if (type === 'checkbox' || type === 'radio') {
        // As a browser sends it: the checked options; an unchecked one stands in until one is found checked.
        const at = fields.findIndex((f) => f.name === name);
        const checked = /\schecked/.test(tag[0]);
        if (at >= 0 && placeholders.has(name)) {
          if (checked) {
            fields.splice(at, 1);
            placeholders.delete(name);
          } else continue;
        } else if (!checked) {
          if (at >= 0) continue;
          placeholders.add(name);
        }
      }
      fields.push({ name, value: attr(tag[0], 'value') ?? '', type });
    }
    const action = new URL(attr(open, 'action') ?? pagePath, 'http://x');
    forms.push({
      method: (attr(open, 'method') ?? 'get').toUpperCase(),
      action: action.pathname,
      query: action.search.slice(1),
      multipart: attr(open, 'enctype') === 'multipart/form-data',
      fields,
    });
  }
  return forms;
}

/** Same-site paths a page links to (links, forms, scripts and styles). */
export function linksIn(html: string): string[] {
  const out = new Set<string>();
  for (const found of html.matchAll(/\s(?:href|src|action)="(\/[^"]*)"/g)) {
    const url = new URL(found[1]!.replace(/&amp;/g, '&'), 'http://x');
    out.add(url.pathname);
  }
  return [...out];
}
