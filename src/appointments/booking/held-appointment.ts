import { actorCan } from '../../platform/access/actor-access.js';
import type { Context } from '../../platform/context.js';
import { tokenHash } from '../../platform/crypto.js';
import { withTenant } from '../../platform/database/index.js';
import type { Locale } from '../../platform/i18n/locales.js';
import { appointmentView } from '../appointment-view.js';

/** The slot this browser holds (its cookie proves it), while the hold lasts; null when it ran out. */
export async function heldAppointment(
  { appointmentId, holdToken, locale }: { appointmentId: string; holdToken: string; locale: Locale },
  ctx: Context,
): Promise<{ service: string; location: string; startsAt: Date; heldUntil: Date } | null> {
  if (!holdToken) return null;
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query<{ releases_at: Date }>(
      `SELECT releases_at FROM appointments WHERE id = $1 AND hold_token_hash = $2 AND status = 'held' AND occupies AND releases_at > now()`,
      [appointmentId, tokenHash(holdToken)],
    );
    if (!rows[0]) return null;
    const view = (await appointmentView(tx, { id: appointmentId }, locale))!;
    return {
      service: view.service.name,
      location: view.location.name,
      startsAt: view.startsAt,
      heldUntil: rows[0].releases_at,
    };
  });
}

/** The slot this member of staff holds for a caller, while the hold lasts; 'notAllowed' when they may no longer book there. */
export async function staffHeldAppointment(
  { appointmentId }: { appointmentId: string },
  ctx: Context,
): Promise<{ service: string; startsAt: Date } | 'notAllowed' | null> {
  if (ctx.actor.kind !== 'staff') return null;
  const staffId = ctx.actor.userId;
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `SELECT id FROM appointments WHERE id = $1 AND booked_by = $2 AND status = 'held' AND occupies AND releases_at > now()`,
      [appointmentId, staffId],
    );
    if (!rows[0]) return null;
    const view = (await appointmentView(tx, { id: appointmentId }, 'de'))!;
    const target = { authorityId: ctx.authorityId, locationId: view.location.id, serviceId: view.service.id };
    if (!actorCan(ctx.actor, 'appointments.book', target)) return 'notAllowed';
    return { service: view.service.name, startsAt: view.startsAt };
  });
}
