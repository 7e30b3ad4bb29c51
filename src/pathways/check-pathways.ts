import { documentNames } from '../catalog/document-names.js';
import type { PartnerEntry } from '../partners/directory.js';
import { listHelpNearby } from '../partners/list-help-nearby.js';
import { officeToday } from '../platform/clock/office-time.js';
import type { Context } from '../platform/context.js';
import type { Locale } from '../platform/i18n/locales.js';
import { type FormValues, type Parsed, parseAnswers } from './answers-form.js';
import { evaluatePathways, type PathwayResult } from './evaluate.js';
import { helpingPartnerKinds } from './helping-partners.js';
import { type Rules, rulesDate } from './rules.js';
import type { DocumentNames } from './views/PathwayResults.js';

export interface PathwayCheck {
  readonly parsed: Parsed;
  readonly results: readonly PathwayResult[];
  readonly documents: DocumentNames;
  readonly today: string;
  readonly rulesDate: string;
  /** The partner organisations that help with what the results lack (migration counselling always). */
  readonly partners: readonly PartnerEntry[];
}

/**
 * The pathway check for one set of answers: checked, evaluated against the office's rules on the
 * office's today, with the documents to prepare named from the catalogue and the partners who help. Reads no personal data
 * and stores nothing: the answers come in the request and leave in the response.
 */
export async function checkPathways(
  { values, locale, rules, now = Date.now() }: { values: FormValues; locale: Locale; rules: Rules; now?: number },
  ctx: Context,
): Promise<PathwayCheck> {
  const today = officeToday(now);
  const parsed = parseAnswers(values, today);
  const results = parsed.kind === 'answered' ? evaluatePathways(parsed.answers, rules, today) : [];
  const slugs = results.flatMap((r) => r.pathway.documents);
  const documents = slugs.length > 0 ? await documentNames({ locale, slugs }, ctx) : new Map();
  const kinds = helpingPartnerKinds(results);
  const partners = kinds.length > 0 ? await listHelpNearby({ locale, kinds }, ctx) : [];
  return { parsed, results, documents, today, rulesDate: rulesDate(rules), partners };
}
