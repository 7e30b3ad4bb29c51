import { applicationFacts, type ApplicationFacts } from '../../catalog/application-facts.js';
import type { PersonInput } from '../../platform/forms/person-form.js';
import { tokenHash } from '../../platform/crypto.js';
import type { Tx } from '../../platform/database/index.js';
import type { Locale } from '../../platform/i18n/locales.js';
import { keepAnswered, type QuestionInput } from './application-questions.js';

export interface DraftFile {
  readonly id: string;
  readonly documentSlug: string;
  readonly fileName: string;
  readonly mediaType: string;
  readonly byteSize: number;
  readonly pages: number | null;
}

/** What the person typed: their details, and their answers to the service's questions by slug (`answers.questions`). */
export interface DraftAnswers extends PersonInput {
  readonly questions: QuestionInput;
}

export interface Draft {
  readonly id: string;
  readonly service: ApplicationFacts;
  readonly answers: DraftAnswers;
  readonly files: readonly DraftFile[];
  readonly submittedCaseId: string | null;
}

const EMPTY: PersonInput = { firstName: '', lastName: '', birthDate: '', email: '', locale: 'de', permitExpiresOn: '' };

/** The draft behind a browser's token (not expired), with the service and the files uploaded so far. */
export async function draftByToken(
  tx: Tx,
  token: string | undefined,
  locale: Locale,
  lock = false,
): Promise<Draft | null> {
  if (!token || token.length > 100) return null;
  const { rows } = await tx.query<{
    id: string;
    service_id: string;
    answers: Partial<PersonInput> & { questions?: unknown };
    submitted_case_id: string | null;
  }>(
    `SELECT id, service_id, answers, submitted_case_id FROM application_drafts WHERE token_hash = $1 AND expires_at > now()${lock ? ' FOR UPDATE' : ''}`,
    [tokenHash(token)],
  );
  const row = rows[0];
  if (!row) return null;
  const service = await applicationFacts(tx, locale, { id: row.service_id });
  if (!service) return null;
  const { rows: files } = await tx.query<{
    id: string;
    document_slug: string;
    file_name: string;
    media_type: string;
    byte_size: number;
    pages: number | null;
  }>(
    'SELECT id, document_slug, file_name, media_type, byte_size, pages FROM application_files WHERE draft_id = $1 ORDER BY uploaded_at',
    [row.id],
  );
  return {
    id: row.id,
    service,
    submittedCaseId: row.submitted_case_id,
    answers: {
      ...EMPTY,
      locale,
      ...row.answers,
      questions: keepAnswered(service.questions, storedQuestions(row.answers.questions)),
    },
    files: files.map((f) => ({
      id: f.id,
      documentSlug: f.document_slug,
      fileName: f.file_name,
      mediaType: f.media_type,
      byteSize: f.byte_size,
      pages: f.pages,
    })),
  };
}

function storedQuestions(stored: unknown): QuestionInput {
  return stored !== null && typeof stored === 'object' && !Array.isArray(stored) ? (stored as QuestionInput) : {};
}

/** Required documents without any file yet: what the completeness check reports. */
export function missingDocuments(draft: Pick<Draft, 'service' | 'files'>): string[] {
  return draft.service.documents
    .filter((d) => d.required && !draft.files.some((f) => f.documentSlug === d.slug))
    .map((d) => d.slug);
}
