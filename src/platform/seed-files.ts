import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { readFile } from 'node:fs/promises';
import { LOCALES, type Locale } from './i18n/locales.js';

export const SEEDS_DIR = new URL('../../seeds/', import.meta.url).pathname;

/** A text object that must carry all seven locales. */
export function PerLocale<T extends TSchema>(text: T) {
  return Type.Object(Object.fromEntries(LOCALES.map((l) => [l, text])) as Record<Locale, T>, {
    additionalProperties: false,
  });
}

/** Reads a JSON seed file and checks it against its schema, naming the file and field on error. */
export async function readSeedFile<T extends TSchema>(file: string, schema: T): Promise<Static<T>> {
  const raw: unknown = JSON.parse(await readFile(file, 'utf8'));
  const first = Value.Errors(schema, raw).First();
  if (first) throw new Error(`Seed file ${file}: ${first.path || '/'} ${first.message}`);
  return raw as Static<T>;
}
