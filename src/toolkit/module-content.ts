/**
 * A toolkit module's content as the office writes it, and the checks every way in (the edit form,
 * an imported file, the seed) applies alike. Pure: no database, no HTTP.
 */

export const AREAS = [
  'self-understanding',
  'internal-organisation',
  'outward-appearance',
  'competences',
  'networking',
] as const;
export type Area = (typeof AREAS)[number];

export function isArea(value: string): value is Area {
  return (AREAS as readonly string[]).includes(value);
}

export interface ModuleContent {
  readonly slug: string;
  readonly title: string;
  readonly area: Area;
  readonly goal: string;
  readonly steps: string;
  readonly materials: string;
  readonly experience: string;
  /** Paths inside the product (`/staff/surveys`) of the features that support the practice. */
  readonly features: readonly string[];
}

/** What a form or file gave, before it is checked (nothing typed is lost: errors re-show it). */
export type ContentDraft = { readonly [K in keyof ModuleContent]: string };

export type ContentError =
  | 'missingTitle'
  | 'titleTooLong'
  | 'badArea'
  | 'badSlug'
  | 'missingGoal'
  | 'textTooLong'
  | 'badFeature'
  | 'tooManyFeatures';

export const MAX_TITLE = 200;
export const MAX_SECTION = 20_000;
export const MAX_FEATURES = 10;
const SLUG = /^[a-z0-9-]{1,80}$/;
// Paths of the toolkit's own pages, which a module's address must not hide.
const RESERVED_SLUGS = new Set(['new', 'import', 'shared']);
// A path inside the staff area: lower-case segments only, so no scheme, host, query or dot segments.
const FEATURE = /^\/staff(\/[a-z0-9-]+)*$/;

/** The field each error belongs to (for the error summary's links). */
export const ERROR_FIELD: Readonly<Record<ContentError, keyof ModuleContent>> = {
  missingTitle: 'title',
  titleTooLong: 'title',
  badArea: 'area',
  badSlug: 'slug',
  missingGoal: 'goal',
  textTooLong: 'goal',
  badFeature: 'features',
  tooManyFeatures: 'features',
};

/** A slug from a German title: umlauts spelt out, everything else outside a–z and 0–9 a hyphen. */
export function slugFromTitle(title: string): string {
  const spelt = title
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
  return spelt
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

/** Feature paths from a text: one per line or separated by commas. */
export function splitFeatures(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function normalise(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}

/** Checks a draft; the content (trimmed, line ends unified) or every error found. */
export function checkContent(
  draft: ContentDraft,
): { ok: true; content: ModuleContent } | { ok: false; errors: ContentError[] } {
  const errors: ContentError[] = [];
  const title = draft.title.replace(/\s+/g, ' ').trim();
  if (title === '') errors.push('missingTitle');
  else if (title.length > MAX_TITLE) errors.push('titleTooLong');
  const area = draft.area.trim();
  if (!isArea(area)) errors.push('badArea');
  const slug = draft.slug.trim() === '' ? slugFromTitle(title) : draft.slug.trim();
  if (title !== '' && (!SLUG.test(slug) || RESERVED_SLUGS.has(slug))) errors.push('badSlug');
  const [goal, steps, materials, experience] = [draft.goal, draft.steps, draft.materials, draft.experience].map(
    normalise,
  ) as [string, string, string, string];
  if (goal === '') errors.push('missingGoal');
  if ([goal, steps, materials, experience].some((text) => text.length > MAX_SECTION)) errors.push('textTooLong');
  const features = [...new Set(splitFeatures(draft.features))];
  if (features.some((path) => !FEATURE.test(path) || path.length > 100)) errors.push('badFeature');
  else if (features.length > MAX_FEATURES) errors.push('tooManyFeatures');
  if (errors.length > 0 || !isArea(area)) return { ok: false, errors };
  return { ok: true, content: { slug, title, area, goal, steps, materials, experience, features } };
}

/** Whether two contents say the same (a second submit of the same text makes no new version). */
export function sameContent(a: Omit<ModuleContent, 'slug'>, b: Omit<ModuleContent, 'slug'>): boolean {
  return (
    a.title === b.title &&
    a.area === b.area &&
    a.goal === b.goal &&
    a.steps === b.steps &&
    a.materials === b.materials &&
    a.experience === b.experience &&
    a.features.join('\n') === b.features.join('\n')
  );
}

/** A draft showing stored content again (the edit form's first values). */
export function draftOf(content: ModuleContent): ContentDraft {
  return { ...content, features: content.features.join('\n') };
}
