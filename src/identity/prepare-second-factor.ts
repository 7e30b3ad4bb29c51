import { withTenant } from '../platform/database/index.js';
import type { IdentityDeps } from './identity-deps.js';
import { staffById } from './staff-store.js';
import { newTotpSecret, totpEnrolment } from './totp.js';

/**
 * The secret to enrol in an authenticator app: made once (sealed in the database) and shown again
 * until the first code confirms it. Null when the account already has a confirmed second factor.
 */
export async function prepareSecondFactor(
  { authorityId, userId, issuer }: { authorityId: string; userId: string; issuer: string },
  deps: IdentityDeps,
): Promise<{ secret: string; uri: string; svg: string } | null> {
  const prepared = await withTenant(deps.pool, authorityId, async (tx) => {
    const user = await staffById(tx, userId);
    if (!user || user.totpConfirmed) return null;
    if (user.totpSecretSealed) return { secret: deps.sealer.open(user.totpSecretSealed), email: user.email };
    const secret = newTotpSecret();
    await tx.query('UPDATE staff_users SET totp_secret_sealed = $2 WHERE id = $1', [userId, deps.sealer.seal(secret)]);
    return { secret, email: user.email };
  });
  if (!prepared) return null;
  return { secret: prepared.secret, ...(await totpEnrolment(prepared.secret, issuer, prepared.email)) };
}
