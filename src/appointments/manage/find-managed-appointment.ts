import type { Context } from '../../platform/context.js';
import { tokenHash } from '../../platform/crypto.js';
import { withTenant } from '../../platform/database/index.js';
import type { Locale } from '../../platform/i18n/locales.js';
import { appointmentView, type AppointmentView } from '../appointment-view.js';

/** The appointment behind a management link (texts in the page's language), or null. */
export async function findManagedAppointment(
  { token, locale }: { token: string; locale: Locale },
  ctx: Context,
): Promise<AppointmentView | null> {
  return withTenant(ctx.pool, ctx.authorityId, (tx) =>
    appointmentView(tx, { manageTokenHash: tokenHash(token) }, locale),
  );
}
