-- The toolkit of practices (Werkzeugkoffer, issue #16): the office's own modules in five areas, each
-- version kept with its author and date, searchable in German, and read marks for binding modules.

CREATE TABLE toolkit_modules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authority_id uuid NOT NULL REFERENCES authorities ON DELETE CASCADE,
  slug text NOT NULL CHECK (slug ~ '^[a-z0-9-]{1,80}$'),
  area text NOT NULL CHECK (area IN (
    'self-understanding', 'internal-organisation', 'outward-appearance', 'competences', 'networking')),
  -- Binding for all staff: everyone marks the current version as read; the team lead sees who has not.
  binding boolean NOT NULL DEFAULT false,
  current_version integer NOT NULL DEFAULT 1 CHECK (current_version >= 1),
  -- Offered to the other authorities of the installation (each takes a copy when it wants one).
  published boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (authority_id, slug),
  UNIQUE (id, authority_id)
);

-- Every version as written, never changed afterwards. The author is kept as a name as well, so the
-- history still says who wrote a version after the account is gone (the seed's versions: the office).
CREATE TABLE toolkit_module_versions (
  module_id uuid NOT NULL,
  authority_id uuid NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  goal text NOT NULL CHECK (length(goal) BETWEEN 1 AND 20000),
  steps text NOT NULL DEFAULT '' CHECK (length(steps) <= 20000),
  materials text NOT NULL DEFAULT '' CHECK (length(materials) <= 20000),
  experience text NOT NULL DEFAULT '' CHECK (length(experience) <= 20000),
  -- Paths of the Willkommen features that support the practice (/staff/surveys, …).
  features text[] NOT NULL DEFAULT '{}' CHECK (array_position(features, NULL) IS NULL),
  author_id uuid REFERENCES staff_users ON DELETE SET NULL,
  author_name text NOT NULL CHECK (length(author_name) BETWEEN 1 AND 200),
  -- What the change was about ("Frist auf 14 Tage geändert"), optional.
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  created_at timestamptz NOT NULL DEFAULT now(),
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('german'::regconfig, title), 'A')
    || setweight(to_tsvector('german'::regconfig, goal), 'B')
    || to_tsvector('german'::regconfig, steps || ' ' || materials || ' ' || experience)
  ) STORED,
  PRIMARY KEY (module_id, version),
  FOREIGN KEY (module_id, authority_id) REFERENCES toolkit_modules (id, authority_id) ON DELETE CASCADE
);
CREATE INDEX toolkit_module_versions_search ON toolkit_module_versions USING gin (search);

-- One mark per person and module: the version they read. A new version leaves it behind (not read).
CREATE TABLE toolkit_read_marks (
  module_id uuid NOT NULL,
  user_id uuid NOT NULL,
  authority_id uuid NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  read_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (module_id, user_id),
  FOREIGN KEY (module_id, authority_id) REFERENCES toolkit_modules (id, authority_id) ON DELETE CASCADE,
  FOREIGN KEY (user_id, authority_id) REFERENCES staff_users (id, authority_id) ON DELETE CASCADE
);

-- Not forced: the owner's function below reads the modules other authorities have published.
SELECT enable_tenant_isolation('toolkit_modules', false);
SELECT enable_tenant_isolation('toolkit_module_versions', false);
SELECT enable_tenant_isolation('toolkit_read_marks');

-- Versions are only ever added: the app may not change or delete one.
GRANT SELECT, INSERT, UPDATE ON toolkit_modules TO willkommen_app;
GRANT SELECT, INSERT ON toolkit_module_versions TO willkommen_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON toolkit_read_marks TO willkommen_app;

-- What the other authorities of the installation have published: the current version of each
-- published module, with the publisher's German name. Published modules are meant for every
-- authority, and nothing else is returned; the copy a viewer takes is written under its own tenancy.
CREATE FUNCTION toolkit_published_modules(viewer uuid)
  RETURNS TABLE (authority_id uuid, authority_name text, slug text, area text, version integer, title text,
                 goal text, steps text, materials text, experience text, features text[], created_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT m.authority_id, coalesce(t.name, a.slug::text), m.slug, m.area, v.version, v.title, v.goal, v.steps,
           v.materials, v.experience, v.features, v.created_at
      FROM toolkit_modules m
      JOIN authorities a ON a.id = m.authority_id
      LEFT JOIN authority_texts t ON t.authority_id = m.authority_id AND t.locale = 'de'
      JOIN toolkit_module_versions v ON v.module_id = m.id AND v.version = m.current_version
     WHERE m.published AND m.authority_id <> viewer
     ORDER BY 2, m.area, v.title
  $$;
REVOKE ALL ON FUNCTION toolkit_published_modules(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION toolkit_published_modules(uuid) TO willkommen_app;
