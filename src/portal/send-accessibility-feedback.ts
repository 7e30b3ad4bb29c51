import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';
import { validateFeedback, type FeedbackError, type FeedbackInput } from './feedback.js';

export type SendFeedbackResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly errors: readonly FeedbackError[] };

/** Stores a message sent through the accessibility statement (BITV 2.0 § 7: a feedback channel). */
export async function sendAccessibilityFeedback(
  { input, locale }: { input: FeedbackInput; locale: Locale },
  ctx: Context,
): Promise<SendFeedbackResult> {
  const errors = validateFeedback(input);
  if (errors.length > 0) return { ok: false, errors };
  await withTenant(ctx.pool, ctx.authorityId, (tx) =>
    tx.query(
      'INSERT INTO accessibility_feedback (authority_id, locale, page, message, email) VALUES ($1, $2, $3, $4, $5)',
      [ctx.authorityId, locale, input.page.trim(), input.message.trim(), input.email.trim() || null],
    ),
  );
  return { ok: true };
}
