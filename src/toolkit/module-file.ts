/**
 * A module as a file to give to another office: Markdown with front matter (slug, title, area,
 * binding, features) and one `##` section each for goal, steps, materials and experience. The
 * front matter is a small fixed format (one `key: value` per line, no nesting), so it is read here
 * without a YAML parser. Pure.
 */
import { type ContentDraft, type ContentError, checkContent, type ModuleContent } from './module-content.js';

export const MAX_FILE_BYTES = 200 * 1024;

const SECTIONS = [
  ['goal', 'Ziel'],
  ['steps', 'Schritte'],
  ['materials', 'Materialien'],
  ['experience', 'Erfahrungen'],
] as const;
type SectionKey = (typeof SECTIONS)[number][0];
const FIELDS = ['slug', 'title', 'area', 'binding', 'features'] as const;
type Field = (typeof FIELDS)[number];

export type FileError =
  | { readonly reason: 'noFile' | 'tooLarge' | 'notUtf8' | 'notText' | 'noFrontMatter' | 'noGoalSection' }
  | { readonly reason: 'badLine'; readonly line: number }
  | { readonly reason: 'unknownField' | 'duplicateField'; readonly field: string }
  | { readonly reason: 'badBinding' }
  | { readonly reason: 'content'; readonly errors: readonly ContentError[] };

export interface ModuleFile {
  readonly content: ModuleContent;
  readonly binding: boolean;
}

export type ParsedFile =
  | { readonly ok: true; readonly file: ModuleFile; readonly text: string }
  | { readonly ok: false; readonly error: FileError; readonly text: string };

/** Writes a module as a file (the export). */
export function serializeModule({ content, binding }: ModuleFile): string {
  const head = [
    '---',
    `slug: ${content.slug}`,
    `title: ${JSON.stringify(content.title)}`,
    `area: ${content.area}`,
    `binding: ${binding}`,
    `features: ${content.features.join(', ')}`,
    '---',
  ];
  const body = SECTIONS.flatMap(([key, heading]) => ['', `## ${heading}`, '', content[key]]);
  return `${[...head, ...body].join('\n').trimEnd()}\n`;
}

/** Decodes and reads a file's bytes; the decoded text is returned either way, so nothing is lost. */
export function parseModuleBytes(bytes: Buffer | null): ParsedFile {
  if (!bytes || bytes.length === 0) return { ok: false, error: { reason: 'noFile' }, text: '' };
  if (bytes.length > MAX_FILE_BYTES) return { ok: false, error: { reason: 'tooLarge' }, text: '' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { ok: false, error: { reason: 'notUtf8' }, text: '' };
  }
  return parseModuleText(text);
}

/** Reads a module file's text (pasted into the form, or decoded from an upload). */
export function parseModuleText(raw: string): ParsedFile {
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const fail = (error: FileError): ParsedFile => ({ ok: false, error, text });
  if (text.trim() === '') return fail({ reason: 'noFile' });
  if (text.length > MAX_FILE_BYTES) return fail({ reason: 'tooLarge' });
  // Control characters other than tab and line feed: this is no text file.
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(text)) return fail({ reason: 'notText' });
  const lines = text.split('\n');
  if (lines[0]?.trim() !== '---') return fail({ reason: 'noFrontMatter' });
  const end = lines.indexOf('---', 1);
  if (end < 0) return fail({ reason: 'noFrontMatter' });
  const head = readFrontMatter(lines.slice(1, end));
  if ('reason' in head) return fail(head);
  const sections = readSections(lines.slice(end + 1));
  if (sections === null) return fail({ reason: 'noGoalSection' });
  const binding = head.binding?.trim() ?? 'false';
  if (binding !== 'true' && binding !== 'false') return fail({ reason: 'badBinding' });
  const draft: ContentDraft = {
    slug: head.slug ?? '',
    title: head.title ?? '',
    area: head.area ?? '',
    features: head.features ?? '',
    ...sections,
  };
  const checked = checkContent(draft);
  if (!checked.ok) return fail({ reason: 'content', errors: checked.errors });
  return { ok: true, file: { content: checked.content, binding: binding === 'true' }, text };
}

function readFrontMatter(lines: readonly string[]): Partial<Record<Field, string>> | FileError {
  const values: Partial<Record<Field, string>> = {};
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const match = /^([A-Za-z_-]+):(.*)$/.exec(line);
    if (!match) return { reason: 'badLine', line: index + 2 };
    const [, key = '', rawValue = ''] = match;
    const field = FIELDS.find((f) => f === key);
    if (!field) return { reason: 'unknownField', field: key };
    if (values[field] !== undefined) return { reason: 'duplicateField', field: key };
    const value = unquote(rawValue.trim());
    if (value === null) return { reason: 'badLine', line: index + 2 };
    values[field] = value;
  }
  return values;
}

/** A value in double quotes is a JSON string (so a title may hold any character); else the text itself. */
function unquote(value: string): string | null {
  if (!value.startsWith('"')) return value;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

/** The body split at the section headings, in their order; null without a goal section. */
function readSections(lines: readonly string[]): Record<SectionKey, string> | null {
  const found: Record<SectionKey, string[]> = { goal: [], steps: [], materials: [], experience: [] };
  let current: SectionKey | null = null;
  let next = 0;
  for (const line of lines) {
    const heading = SECTIONS.slice(next).find(([, title]) => line.trimEnd() === `## ${title}`);
    if (heading) {
      current = heading[0];
      next = SECTIONS.indexOf(heading) + 1;
      continue;
    }
    if (current) found[current].push(line);
    else if (line.trim() !== '') return null;
  }
  if (next === 0) return null;
  const join = (key: SectionKey) => found[key].join('\n').trim();
  return { goal: join('goal'), steps: join('steps'), materials: join('materials'), experience: join('experience') };
}
