-- The network (the third field of the Willkommensbehörde model): the partner organisations the office
-- works with and sends people to: Jobcenter, Agentur für Arbeit, Jugendamt, counselling services,
-- recognition counselling, language courses, universities, chambers. Authority data like the catalogue.

CREATE TABLE partner_organisations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  slug text NOT NULL CHECK (slug ~ '^[a-z0-9-]{1,80}$'),
  kind text NOT NULL CHECK (kind IN (
    'jobcenter', 'employment_agency', 'youth_welfare', 'migration_counselling', 'refugee_counselling',
    'return_counselling', 'recognition_counselling', 'language_courses', 'university', 'chamber', 'other')),
  -- Proper names are not translated ("Jobcenter Musterstadt").
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- ISO 639-1 codes of the languages spoken there.
  languages text[] NOT NULL DEFAULT '{}' CHECK (array_position(languages, NULL) IS NULL),
  street text NOT NULL DEFAULT '' CHECK (length(street) <= 200),
  postal_code text NOT NULL DEFAULT '' CHECK (postal_code ~ '^([0-9]{5})?$'),
  city text NOT NULL DEFAULT '' CHECK (length(city) <= 100),
  phone text NOT NULL DEFAULT '' CHECK (length(phone) <= 50),
  email text NOT NULL DEFAULT '' CHECK (length(email) <= 254),
  website text NOT NULL DEFAULT '' CHECK (website = '' OR website ~ '^https://'),
  -- Whether caseworkers can refer people to them (with the person's consent: referrals).
  takes_referrals boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (authority_id, slug),
  UNIQUE (id, authority_id)
);

-- What the organisation offers and when it is open, in each of the portal's languages (plain language).
CREATE TABLE partner_organisation_texts (
  partner_id uuid NOT NULL,
  authority_id uuid NOT NULL,
  locale locale_code NOT NULL,
  summary text NOT NULL CHECK (length(summary) BETWEEN 1 AND 1000),
  hours text NOT NULL DEFAULT '' CHECK (length(hours) <= 500),
  PRIMARY KEY (partner_id, locale),
  FOREIGN KEY (partner_id, authority_id) REFERENCES partner_organisations (id, authority_id) ON DELETE CASCADE
);

-- Each offer is a purpose a person can be referred for ("advice on recognising a foreign degree").
CREATE TABLE partner_offers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partner_id uuid NOT NULL,
  authority_id uuid NOT NULL,
  key text NOT NULL CHECK (key ~ '^[a-z0-9-]{1,80}$'),
  position integer NOT NULL DEFAULT 0,
  UNIQUE (partner_id, key),
  UNIQUE (id, authority_id),
  FOREIGN KEY (partner_id, authority_id) REFERENCES partner_organisations (id, authority_id) ON DELETE CASCADE
);

CREATE TABLE partner_offer_texts (
  offer_id uuid NOT NULL,
  authority_id uuid NOT NULL,
  locale locale_code NOT NULL,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 1000),
  PRIMARY KEY (offer_id, locale),
  FOREIGN KEY (offer_id, authority_id) REFERENCES partner_offers (id, authority_id) ON DELETE CASCADE
);

-- Which of the office's services a partner helps with (the guide shows them on the service page).
CREATE TABLE partner_services (
  partner_id uuid NOT NULL,
  service_id uuid NOT NULL,
  authority_id uuid NOT NULL,
  -- "before" applying (have the degree recognised first), "alongside", or "after" a decision (e.g. a refusal).
  timing text NOT NULL DEFAULT 'alongside' CHECK (timing IN ('before', 'alongside', 'after')),
  PRIMARY KEY (partner_id, service_id),
  FOREIGN KEY (partner_id, authority_id) REFERENCES partner_organisations (id, authority_id) ON DELETE CASCADE,
  FOREIGN KEY (service_id, authority_id) REFERENCES services (id, authority_id) ON DELETE CASCADE
);
CREATE INDEX partner_services_by_service ON partner_services (authority_id, service_id);

SELECT enable_tenant_isolation('partner_organisations');
SELECT enable_tenant_isolation('partner_organisation_texts');
SELECT enable_tenant_isolation('partner_offers');
SELECT enable_tenant_isolation('partner_offer_texts');
SELECT enable_tenant_isolation('partner_services');

GRANT SELECT, INSERT, UPDATE, DELETE ON partner_organisations, partner_organisation_texts, partner_offers,
  partner_offer_texts, partner_services TO willkommen_app;
