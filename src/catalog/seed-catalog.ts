import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Tx } from '../platform/database/index.js';
import { LOCALES } from '../platform/i18n/locales.js';
import { readSeedFile } from '../platform/seed-files.js';
import { DocumentSeeds, ServiceSeed } from './seed-schema.js';
import { seedQuestions } from './seed-questions.js';
import { serviceSearchText } from './service-search-text.js';

/**
 * Upserts documents and services from a seed folder (`documents.json`, `services/*.json`) into a
 * transaction scoped to the authority. Idempotent: loading the same files twice changes nothing.
 */
export async function seedCatalog(
  tx: Tx,
  folder: string,
  authorityId: string,
  locationIds: ReadonlyMap<string, string>,
): Promise<number> {
  const documents = await readSeedFile(path.join(folder, 'documents.json'), DocumentSeeds);
  const documentIds = new Map<string, string>();
  for (const document of documents) {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO documents (authority_id, slug) VALUES ($1, $2)
       ON CONFLICT (authority_id, slug) DO UPDATE SET slug = excluded.slug RETURNING id`,
      [authorityId, document.slug],
    );
    const documentId = rows[0]!.id;
    documentIds.set(document.slug, documentId);
    for (const locale of LOCALES) {
      const text = document.texts[locale];
      await tx.query(
        `INSERT INTO document_texts (document_id, authority_id, locale, name, hint) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (document_id, locale) DO UPDATE SET name = excluded.name, hint = excluded.hint`,
        [documentId, authorityId, locale, text.name, text.hint],
      );
    }
  }

  const files = (await readdir(path.join(folder, 'services'))).filter((f) => f.endsWith('.json')).sort();
  for (const file of files) {
    const service = await readSeedFile(path.join(folder, 'services', file), ServiceSeed);
    if (`${service.slug}.json` !== file)
      throw new Error(`Seed file services/${file}: slug "${service.slug}" must match the file name`);
    const unlisted = (service.applicationDocuments ?? []).filter((slug) => !service.documents.includes(slug));
    if (unlisted.length > 0)
      throw new Error(
        `Seed file services/${file}: applicationDocuments ${unlisted.join(', ')} are not among its documents`,
      );
    if (!service.onlineApplication && (service.applicationQuestions ?? []).length > 0)
      throw new Error(`Seed file services/${file}: applicationQuestions need "onlineApplication": true`);
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO services (authority_id, slug, position, category, leika_key, legal_basis, fee_cents, fee_max_cents,
                             appointment_minutes, processing_days_min, processing_days_max, online_application, walk_in, allocation, emergency_walk_in, application_documents)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT (authority_id, slug) DO UPDATE SET position = excluded.position, category = excluded.category,
         leika_key = excluded.leika_key, legal_basis = excluded.legal_basis, fee_cents = excluded.fee_cents,
         fee_max_cents = excluded.fee_max_cents, appointment_minutes = excluded.appointment_minutes,
         processing_days_min = excluded.processing_days_min, processing_days_max = excluded.processing_days_max,
         online_application = excluded.online_application, walk_in = excluded.walk_in, allocation = excluded.allocation,
         emergency_walk_in = excluded.emergency_walk_in, application_documents = excluded.application_documents
       RETURNING id`,
      [
        authorityId,
        service.slug,
        service.position,
        service.category,
        service.leikaKey,
        service.legalBasis,
        service.feeCents,
        service.feeMaxCents,
        service.appointmentMinutes,
        service.processingDays.min,
        service.processingDays.max,
        service.onlineApplication,
        service.walkIn,
        service.allocation ?? 'first_come',
        service.emergencyWalkIn ?? false,
        service.applicationDocuments ?? [],
      ],
    );
    const serviceId = rows[0]!.id;
    for (const locale of LOCALES) {
      const text = service.texts[locale];
      await tx.query(
        `INSERT INTO service_texts (service_id, authority_id, locale, name, summary, audience, fee_note, keywords, search_text)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (service_id, locale) DO UPDATE SET name = excluded.name, summary = excluded.summary,
           audience = excluded.audience, fee_note = excluded.fee_note, keywords = excluded.keywords, search_text = excluded.search_text`,
        [
          serviceId,
          authorityId,
          locale,
          text.name,
          text.summary,
          text.audience,
          text.feeNote,
          text.keywords,
          serviceSearchText(text),
        ],
      );
    }
    await tx.query('DELETE FROM service_documents WHERE service_id = $1', [serviceId]);
    for (const [position, slug] of service.documents.entries()) {
      const documentId = documentIds.get(slug);
      if (!documentId) throw new Error(`Seed file services/${file}: unknown document "${slug}"`);
      await tx.query(
        'INSERT INTO service_documents (service_id, document_id, authority_id, position) VALUES ($1, $2, $3, $4)',
        [serviceId, documentId, authorityId, position],
      );
    }
    await seedQuestions(tx, file, { authorityId, serviceId }, service.applicationQuestions ?? []);
    await tx.query('DELETE FROM service_locations WHERE service_id = $1', [serviceId]);
    for (const slug of service.locations) {
      const locationId = locationIds.get(slug);
      if (!locationId) throw new Error(`Seed file services/${file}: unknown location "${slug}"`);
      await tx.query('INSERT INTO service_locations (service_id, location_id, authority_id) VALUES ($1, $2, $3)', [
        serviceId,
        locationId,
        authorityId,
      ]);
    }
  }
  return files.length;
}
