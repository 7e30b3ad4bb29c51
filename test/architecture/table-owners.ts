/**
 * Who owns which table. A capability (a folder under src/) reads and writes only its own tables;
 * another capability's data it reaches through that capability's exported functions. Every table
 * created in migrations/ has exactly one owner here, chosen by what the table is about and which
 * capability writes it; test/architecture.test.ts checks the map and the SQL under src/ against it.
 */
export const TABLE_OWNERS = {
  // The tenants and where they serve people; opening hours are kept by configure-opening-hours.ts.
  authorities: ['authorities', 'authority_texts', 'locations', 'location_texts', 'opening_hours'],
  // The service catalogue, including what a service's online application asks (seed-questions.ts).
  catalog: [
    'documents',
    'document_texts',
    'services',
    'service_texts',
    'service_documents',
    'service_locations',
    'application_questions',
    'application_question_texts',
  ],
  portal: ['accessibility_feedback'],
  identity: [
    'staff_users',
    'authority_sso',
    'staff_roles',
    'staff_languages',
    'staff_trainings',
    'staff_tokens',
    'staff_sessions',
    'staff_sign_in_misses',
  ],
  audit: ['audit_log'],
  // Counters, their hours and closed days are configured in appointments/staff/.
  appointments: [
    'booking_rules',
    'counters',
    'counter_services',
    'counter_hours',
    'closed_days',
    'appointments',
    'draw_rounds',
    'draw_registrations',
  ],
  queue: ['kiosk_devices', 'queue_days', 'queue_tickets', 'queue_events'],
  // Applications and case work are one bounded context.
  cases: [
    'application_drafts',
    'application_files',
    'cases',
    'case_history',
    'receipts',
    'receipt_keys',
    'case_notes',
    'document_requests',
    'fiktionsbescheinigungen',
    'status_codes',
    'status_sessions',
    'upload_usage',
  ],
  // Stores nothing: the answers travel in the request, the rules are a seed file (seeds/<office>/pathways.json).
  pathways: [],
  // The network: partner organisations, their offers and the services they help with.
  partners: [
    'partner_organisations',
    'partner_organisation_texts',
    'partner_offers',
    'partner_offer_texts',
    'partner_services',
  ],
  // The customer survey (questionnaire, invitations, anonymous answers) and the staff pulse.
  feedback: [
    'survey_questions',
    'survey_question_texts',
    'survey_invitations',
    'survey_answers',
    'survey_answer_totals',
    'pulse_rounds',
    'pulse_invitations',
    'pulse_answers',
  ],
  renewals: ['permit_imports', 'issued_permits', 'renewal_settings'],
  // Owns no data: it calls each capability's purge function.
  retention: [],
  // The migrations' own bookkeeping, created by platform/database/migrate.ts rather than by a migration;
  // the mail outbox every capability queues its mail in (platform/mail/outbox.ts); the rate limits'
  // counters every instance shares (platform/rate-limit-store/).
  platform: ['schema_migrations', 'mail_outbox', 'mail_outbox_attachments', 'rate_limit_counters'],
} as const satisfies Record<string, readonly string[]>;

export type Capability = keyof typeof TABLE_OWNERS;

/** Schemas whose every table has one owner: pg-boss creates and migrates its own (platform/jobs.ts). */
export const SCHEMA_OWNERS: Readonly<Record<string, Capability>> = { pgboss: 'platform' };
