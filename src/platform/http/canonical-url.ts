import type { FastifyRequest } from 'fastify';

/**
 * The request's URL as the route knows it: the path, and of the query only the parameters the
 * route's schema declares, in a fixed order. Unknown parameters (`?x=<random>`) are dropped, so
 * they can neither make a new page-cache entry per request nor reach the links a page renders.
 */
export function canonicalUrl(request: FastifyRequest): string {
  const [path] = request.url.split('?', 1);
  const schema = request.routeOptions.schema?.querystring as { properties?: object } | undefined;
  const known = Object.keys(schema?.properties ?? {}).sort();
  const query = request.query as Record<string, unknown> | undefined;
  const search = new URLSearchParams();
  for (const name of known) {
    const value = query && Object.hasOwn(query, name) ? query[name] : undefined;
    for (const one of [value].flat()) if (one !== undefined && one !== null) search.append(name, String(one));
  }
  const rest = search.toString();
  return rest ? `${path}?${rest}` : path!;
}
