/** What the toolkit's route files share: the slug of a request, the use cases' context, refusals as HTTP. */
import type { FastifyRequest } from 'fastify';
import { StaffDenied } from '../identity/guard.js';
import type { AppDeps } from '../platform/app-deps.js';
import type { Context } from '../platform/context.js';
import { HttpProblem } from '../platform/http/errors.js';

const SLUG = /^[a-z0-9-]{1,80}$/;

/** The slug of a request, or a 404 for anything that cannot be one. */
export function slugOf(request: FastifyRequest<{ Params: { slug: string } }>): string {
  if (!SLUG.test(request.params.slug)) throw new HttpProblem(404, 'notFound');
  return request.params.slug;
}

export function toolkitContext(deps: AppDeps, request: FastifyRequest): Context {
  return { pool: deps.db.pool, authorityId: request.staff!.actor.authorityId, actor: request.staff!.actor };
}

/** A use case's refusal as HTTP: not allowed → the guard's refusal page, not found → 404. */
export function refuse(reason: 'notAllowed' | 'notFound'): never {
  if (reason === 'notAllowed') throw new StaffDenied('forbidden');
  throw new HttpProblem(404, 'notFound');
}
