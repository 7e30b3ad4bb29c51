import { applicationFactsById } from '../../catalog/application-facts.js';
import type { CaseState } from '../case-state.js';
import { requestText, type RequestTemplate } from '../documents/request-documents.js';
import type { Context } from '../../platform/context.js';
import { tenantReader } from '../../platform/database/index.js';
import type { Locale } from '../../platform/i18n/locales.js';
import { birthDateAccepted, caseFilter, type AccessRefusal, type CaseAccess } from './case-access.js';
import type { CaseReceipt } from '../receipts/receipt-for-case.js';

export interface CaseStatus {
  readonly reference: string;
  readonly serviceId: string;
  readonly serviceName: string;
  readonly state: CaseState;
  readonly receivedAt: Date;
  readonly expectedDecisionOn: string;
  readonly continuedValidity: boolean;
  readonly history: readonly { state: CaseState; at: Date }[];
  /** Requests for documents still open: what the person must do, in their language, and which documents. */
  readonly requests: readonly { text: string; documents: readonly { slug: string; name: string }[] }[];
  /** For the receipt's download (the same PDF as in the e-mail). */
  readonly receipt: CaseReceipt;
}

export type StatusResult = { ok: true; status: CaseStatus } | { ok: false; reason: AccessRefusal };

/**
 * The status page's content: only with the link's long random token AND the date of birth, so a
 * forwarded or overheard link alone shows nothing; or signed in with a code sent to the
 * application's address (case-access.ts). The person reading their own case is not an access by
 * the office, so it is not written to the audit trail (staff views are); wrong dates of birth are
 * limited per address like sign-ins.
 */
export async function caseStatus(
  { access, locale, authorityName }: { access: CaseAccess; locale: Locale; authorityName: string },
  ctx: Context,
): Promise<StatusResult> {
  // Only reads, each complete in itself: statements on the authority's reading pool, one round trip
  // each, instead of a transaction (the most requested page of the portal).
  const reader = tenantReader(ctx.pool, ctx.authorityId);
  const filter = await caseFilter(reader, access);
  if (!filter.ok) return filter;
  // One named statement per way in (planned once per connection): the case, its receipt, history and open requests.
  const { rows } = await reader.query<{
    id: string;
    reference: string;
    service_id: string;
    state: CaseState;
    received_at: Date;
    expected_decision_on: string;
    continued_validity: boolean;
    birth_date: string;
    first_name: string;
    last_name: string;
    permit_expires_on: string | null;
    locale: Locale;
    short_code: string | null;
    history: { state: CaseState; at: string }[];
    open: { document_slugs: string[]; template: RequestTemplate; due_on: string }[] | null;
  }>({
    name: `case-status-${filter.by}`,
    text: `SELECT c.id, c.reference, c.service_id, c.state, c.received_at, c.expected_decision_on, c.continued_validity, c.birth_date,
                  c.first_name, c.last_name, c.permit_expires_on, c.locale, r.short_code,
                  (SELECT json_agg(json_build_object('state', h.state, 'at', h.at) ORDER BY h.id) FROM case_history h WHERE h.case_id = c.id) AS history,
                  (SELECT json_agg(json_build_object('document_slugs', d.document_slugs, 'template', d.template, 'due_on', d.due_on) ORDER BY d.requested_at)
                     FROM document_requests d WHERE d.case_id = c.id AND d.fulfilled_at IS NULL) AS open
             FROM cases c LEFT JOIN receipts r ON r.case_id = c.id WHERE ${filter.where}`,
    values: [...filter.values],
  });
  const row = rows[0];
  if (!row) return { ok: false, reason: 'unknown' };
  if (!birthDateAccepted(access, row.birth_date)) return { ok: false, reason: 'wrongBirthDate' };
  const service = await applicationFactsById(ctx.pool, ctx.authorityId, locale, row.service_id);
  const history = row.history.map((h) => ({ state: h.state, at: new Date(h.at) }));
  const requests = (row.open ?? []).map((r) => {
    const documents = r.document_slugs.map((slug) => ({
      slug,
      name: service?.documents.find((d) => d.slug === slug)?.name ?? slug,
    }));
    return {
      text: requestText(
        locale,
        r.template,
        documents.map((d) => d.name),
        r.due_on,
      ),
      documents,
    };
  });
  return {
    ok: true,
    status: {
      reference: row.reference,
      serviceId: row.service_id,
      serviceName: service?.name ?? '',
      state: row.state,
      receivedAt: row.received_at,
      expectedDecisionOn: row.expected_decision_on,
      continuedValidity: row.continued_validity,
      history,
      requests,
      receipt: {
        reference: row.reference,
        receivedAt: row.received_at,
        serviceName: { de: service?.nameDe ?? '', applicant: service?.name ?? '' },
        applicantName: `${row.first_name} ${row.last_name}`,
        authorityName,
        continuedValidity: row.continued_validity,
        permitExpiresOn: row.permit_expires_on,
        shortCode: row.short_code ?? '',
        locale: row.locale,
      },
    },
  };
}
