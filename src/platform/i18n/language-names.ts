/**
 * Language names for staff skills and the public pages. The languages staff can record are ISO 639-1
 * (all 183 two-letter codes). Names are not stored here:
 * `languageName()` asks the runtime's CLDR data, so every page gets them in its own language.
 */
export const ISO_639_1 = (
  'aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el ' +
  'en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it ' +
  'iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt ' +
  'my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl ' +
  'sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo ' +
  'za zh zu'
).split(' ');

const KNOWN = new Set(ISO_639_1);

export function isIso6391(code: string): boolean {
  return KNOWN.has(code);
}

const names = new Map<string, Intl.DisplayNames>();

/** The language's name in the reader's language ("Arabisch", "Arabic", "عربی"). */
export function languageName(code: string, locale: string): string {
  let display = names.get(locale);
  if (!display) {
    display = new Intl.DisplayNames([locale], { type: 'language', fallback: 'code' });
    names.set(locale, display);
  }
  return display.of(code) ?? code;
}

/** The list for a picker, sorted by name in the reader's language. */
export function languageChoices(locale: string): { code: string; name: string }[] {
  const collator = new Intl.Collator(locale);
  return ISO_639_1.map((code) => ({ code, name: languageName(code, locale) })).sort((a, b) =>
    collator.compare(a.name, b.name),
  );
}
