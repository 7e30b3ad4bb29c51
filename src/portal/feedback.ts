import { isEmailAddress } from '../platform/email-address.js';
import type { MessageKey } from '../platform/i18n/catalogues.js';

/** What the accessibility feedback form sends, as typed. */
export interface FeedbackInput {
  readonly message: string;
  readonly email: string;
  readonly page: string;
}

export interface FeedbackError {
  readonly field: keyof FeedbackInput;
  readonly message: MessageKey;
}

/** Checks the feedback form; pure, so every rule is tested directly. */
export function validateFeedback(input: FeedbackInput): FeedbackError[] {
  const errors: FeedbackError[] = [];
  const message = input.message.trim();
  if (message === '') errors.push({ field: 'message', message: 'feedback.error.messageRequired' });
  else if (message.length > 5000) errors.push({ field: 'message', message: 'feedback.error.messageTooLong' });
  const email = input.email.trim();
  if (email !== '' && !isEmailAddress(email)) errors.push({ field: 'email', message: 'feedback.error.emailInvalid' });
  if (input.page.trim().length > 500) errors.push({ field: 'page', message: 'feedback.error.pageTooLong' });
  return errors;
}
