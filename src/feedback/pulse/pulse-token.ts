import { createHmac } from 'node:crypto';

/**
 * A member of staff's token for one round, derived under the survey key: the pulse page computes
 * it for the signed-in person, only its hash is stored, and the answer row never receives it.
 */
export function pulseToken(key: Buffer, roundId: string, staffUserId: string): string {
  return createHmac('sha256', key).update(`pulse:${roundId}:${staffUserId}`).digest('base64url');
}
