import { createHmac } from 'node:crypto';
import { tokenHash } from '../platform/crypto.js';

export type SurveySource = 'appointment' | 'ticket' | 'case';

/**
 * An invitation's token, derived from its source event under a key of its own: the job that mails
 * it and the ticket's phone page that shows it compute the same link without the token being stored
 * (only its hash is), and without the key nobody can compute one.
 */
export function surveyToken(key: Buffer, source: SurveySource, sourceId: string): string {
  return createHmac('sha256', key).update(`${source}:${sourceId}`).digest('base64url');
}

export function surveyTokenHash(token: string): Buffer {
  return tokenHash(token);
}

/** The public link of an invitation, in the person's language. */
export function surveyLink(base: string, locale: string, token: string): string {
  return `${base}/${locale}/survey/${token}`;
}
