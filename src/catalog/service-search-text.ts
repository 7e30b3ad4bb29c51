import { normalizeForSearch } from './search-text.js';

/** The searchable text of one service in one language: name, purpose, audience and keywords. */
export function serviceSearchText(text: {
  name: string;
  summary: string;
  audience: string;
  keywords: readonly string[];
}): string {
  return normalizeForSearch([text.name, text.summary, text.audience, ...text.keywords].join(' '));
}
