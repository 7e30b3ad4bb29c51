import { recordAudit } from '../audit/record-audit.js';
import { can } from '../platform/access/policies.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import type { Locale } from '../platform/i18n/locales.js';
import type { FormValues } from './answers-form.js';
import { checkPathways } from './check-pathways.js';
import { pathwayPdf } from './pathway-document.js';
import { pathwayPaper } from './pathway-paper.js';
import type { Rules } from './rules.js';

export type PrintAdviceResult = { ok: true; pdf: Uint8Array } | { ok: false; reason: 'notAllowed' | 'invalid' };

/**
 * The written result of an advice appointment at the counter: the caseworker runs the check with
 * the person and prints it in German and the person's language. The answers are not stored; the
 * audit trail records that an advice paper was printed, by whom and in which language — not the
 * answers (they stay with the person, on paper).
 */
export async function printAdvice(
  {
    values,
    locale,
    rules,
    authorityName,
    now = Date.now(),
  }: { values: FormValues; locale: Locale; rules: Rules; authorityName: string; now?: number },
  ctx: Context,
): Promise<PrintAdviceResult> {
  if (ctx.actor.kind !== 'staff' || !can(ctx.actor, 'pathways.advise', { authorityId: ctx.authorityId }))
    return { ok: false, reason: 'notAllowed' };
  const check = await checkPathways({ values, locale, rules, now }, ctx);
  if (check.parsed.kind !== 'answered') return { ok: false, reason: 'invalid' };
  const pdf = await pathwayPdf(
    pathwayPaper({
      authorityName,
      locale,
      values,
      results: check.results,
      documents: check.documents,
      today: check.today,
      rulesDate: check.rulesDate,
    }),
  );
  await withTenant(ctx.pool, ctx.authorityId, (tx) =>
    recordAudit(tx, ctx.authorityId, ctx.actor, {
      action: 'pathway.advice_printed',
      details: { locale, rulesDate: check.rulesDate },
    }),
  );
  return { ok: true, pdf };
}
