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
  // The competence register: the training catalogue, trainings taken and planned (languages stay in identity).
  competences: ['training_courses', 'training_records', 'training_plans'],
  // Referrals to partners with the person's consent (the consent record, the partner's answers and reads).
  referrals: [
    'referrals',
    'referral_sources',
    'referral_data',
    'referral_consents',
    'referral_consent_ends',
    'referral_answers',
    'referral_disclosures',
  ],
  renewals: ['permit_imports', 'issued_permits', 'renewal_settings'],
  // The toolkit of practices (Werkzeugkoffer): modules, every version of them, and who read which.
  toolkit: ['toolkit_modules', 'toolkit_module_versions', 'toolkit_read_marks'],
  // The office's figures: daily aggregates filled from the SQL that queue, appointments and cases export.
  reports: [
    'report_waits',
    'report_tickets',
    'report_appointments',
    'report_decisions',
    'report_backlog',
    'report_lead_times',
    'report_processing_times',
    'report_runs',
  ],
  // Owns no data: it calls each capability's purge function.
  retention: [],
  // The head's inputs to the staffing need (the measured figures come from cases, appointments, queue).
  staffing: ['staffing_settings', 'staffing_service_inputs'],
  // The migrations' own bookkeeping, created by platform/database/migrate.ts rather than by a migration;
  // the mail outbox every capability queues its mail in (platform/mail/outbox.ts); the rate limits'
  // counters every instance shares (platform/rate-limit-store/).
  platform: ['schema_migrations', 'mail_outbox', 'mail_outbox_attachments', 'rate_limit_counters'],
} as const satisfies Record<string, readonly string[]>;

export type Capability = keyof typeof TABLE_OWNERS;

/** Schemas whose every table has one owner: pg-boss creates and migrates its own (platform/jobs.ts). */
export const SCHEMA_OWNERS: Readonly<Record<string, Capability>> = { pgboss: 'platform' };
