/**
 * Normalises text for search in all seven languages, so that what people type finds what the
 * catalogue says: case and accents are ignored (ü = u, ß = ss, Turkish ı/İ = i), Arabic and
 * Persian spellings of the same letter are unified (أ إ آ = ا, ی ي ى = ي, ک = ك, ة = ه), short
 * vowel marks and tatweel are dropped, and Persian/Arabic digits become 0–9.
 */
export function normalizeForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // combining marks: Latin accents, Arabic harakat
    .replace(/\u0640/g, '') // tatweel
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/ı/g, 'i')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/[یىئ]/g, 'ي')
    .replace(/ک/g, 'ك')
    .replace(/ة/g, 'ه')
    .replace(/ؤ/g, 'و')
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[^\p{L}\p{N}§]+/gu, ' ')
    .trim();
}

/** The words of a query, normalised; at most `limit` words of at most 40 characters each. */
export function searchTerms(query: string, limit = 8): string[] {
  const words = normalizeForSearch(query)
    .split(' ')
    .filter((w) => w.length > 0)
    .map((w) => w.slice(0, 40));
  return [...new Set(words)].slice(0, limit);
}
