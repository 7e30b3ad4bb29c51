import {
  PDFArray,
  type PDFContext,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNumber,
  type PDFObject,
  PDFParser,
  PDFRawStream,
  PDFRef,
  PDFString,
} from 'pdf-lib';
import { withDecodingBudget } from './pdf-streams.js';

/**
 * The PDF check proper: the document parsed by pdf-lib's parser into objects, then its page tree
 * walked and every object looked at for active content. It runs in a worker with a memory and time
 * limit (pdf-worker.ts), because a hostile file can make any parser slow or large.
 *
 * Viewers do not all resolve a file the same way: pdf-lib reads objects in file order (the last
 * definition of an object wins), a viewer follows the cross-reference table, which may point to an
 * earlier definition. So every definition of every object is kept, and each question is answered
 * for the worst of them: the page count is the largest any choice of definitions gives, and active
 * content in any definition refuses the file.
 */

export type PdfRefusal = 'damaged' | 'tooLarge' | 'tooManyPages' | 'activeContent' | 'encrypted';

export interface PdfInspectLimits {
  readonly maxPages: number;
  /** What object and cross-reference streams may inflate to, together. */
  readonly maxInflatedBytes: number;
}
export type PdfVerdict =
  | { readonly ok: true; readonly pages: number }
  | { readonly ok: false; readonly reason: PdfRefusal };

/** pdfium gives up below 1,024 levels; an honest tree is a few levels deep. */
const MAX_TREE_DEPTH = 256;

interface Parsed {
  readonly context: PDFContext;
  /** Every definition of each object, by its reference tag, in file order. */
  readonly versions: ReadonlyMap<string, readonly PDFObject[]>;
}

class Damaged extends Error {}

export async function inspectPdf(bytes: Uint8Array, limits: PdfInspectLimits): Promise<PdfVerdict> {
  const { maxPages } = limits;
  const result = await withDecodingBudget(limits.maxInflatedBytes, () => parse(bytes));
  if (!result.ok) return result;
  const parsed = result.value;
  if (isEncrypted(parsed)) return { ok: false, reason: 'encrypted' };
  if (hasActiveContent(parsed)) return { ok: false, reason: 'activeContent' };
  let pages: number;
  try {
    pages = countPages(parsed, maxPages);
  } catch (error) {
    if (error instanceof Damaged || error instanceof RangeError) return { ok: false, reason: 'damaged' };
    throw error;
  }
  if (pages === 0) return { ok: false, reason: 'damaged' };
  return pages > maxPages ? { ok: false, reason: 'tooManyPages' } : { ok: true, pages };
}

// ---------------------------------------------------------------------------------------------
// Parsing

async function parse(bytes: Uint8Array): Promise<Parsed> {
  // Strict: an object pdf-lib cannot parse is one whose content it cannot vouch for.
  const parser = PDFParser.forBytesWithOptions(bytes, Number.POSITIVE_INFINITY, true, false);
  const context = (parser as unknown as { context: PDFContext }).context;
  const versions = new Map<string, PDFObject[]>();
  const assign = context.assign.bind(context);
  context.assign = (ref: PDFRef, object: PDFObject) => {
    const list = versions.get(ref.tag);
    if (list) list.push(object);
    else versions.set(ref.tag, [object]);
    assign(ref, object);
  };
  await parser.parseDocument();
  return { context, versions };
}

function definitions(parsed: Parsed, object: PDFObject | undefined): readonly PDFObject[] {
  if (object instanceof PDFRef) return parsed.versions.get(object.tag) ?? [];
  return object === undefined ? [] : [object];
}

function everyObject(parsed: Parsed): Iterable<PDFObject> {
  return [...parsed.versions.values()].flat();
}

// ---------------------------------------------------------------------------------------------
// Encryption: the strings and streams of an encrypted file cannot be read without its key, so
// neither can the check.

function isEncrypted(parsed: Parsed): boolean {
  if (parsed.context.trailerInfo.Encrypt !== undefined) return true;
  for (const object of everyObject(parsed)) {
    const dict = asDict(object);
    if (dict?.get(PDFName.of('Filter')) === PDFName.of('Standard') && dict.has(PDFName.of('O'))) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Pages: counted the ways viewers count them, and the largest wins. pdfium and poppler walk the
// tree from the catalog's /Pages and count its leaves; pdf.js takes the root's /Count when its last
// page can be found through the /Count of the nodes below. Any catalog in the file may be the one a
// viewer starts from (an earlier trailer can name another), so all of them are walked.

function countPages(parsed: Parsed, maxPages: number): number {
  const cap = maxPages + 1;
  const memo = new Map<string, number>();
  let pages = 0;
  let roots = 0;
  for (const catalog of catalogs(parsed)) {
    const root = catalog.get(PDFName.of('Pages'));
    if (root === undefined) continue;
    roots += 1;
    pages = Math.max(pages, rootCount(parsed, root), leaves(parsed, root, new Set(), 0, memo, cap));
  }
  if (roots === 0) throw new Damaged('no page tree');
  return pages;
}

function catalogs(parsed: Parsed): PDFDict[] {
  const found = definitions(parsed, parsed.context.trailerInfo.Root).filter((o) => o instanceof PDFDict);
  for (const object of everyObject(parsed)) {
    if (object instanceof PDFDict && object.get(PDFName.of('Type')) === PDFName.of('Catalog')) found.push(object);
  }
  return found;
}

function rootCount(parsed: Parsed, root: PDFObject): number {
  let count = 0;
  for (const node of definitions(parsed, root)) {
    const value = node instanceof PDFDict ? node.get(PDFName.of('Count')) : undefined;
    if (value instanceof PDFNumber) count = Math.max(count, value.asNumber());
  }
  return count;
}

/**
 * The leaves below a node, for the worst choice among each object's definitions. Memoised by
 * reference, so a tree that reuses nodes (a page listed a million times through shared subtrees)
 * costs one visit per node; counts stop growing at the cap. A reference to a node on its own path
 * is a cycle, which viewers refuse too.
 */
function leaves(
  parsed: Parsed,
  node: PDFObject,
  path: Set<string>,
  depth: number,
  memo: Map<string, number>,
  cap: number,
): number {
  if (depth > MAX_TREE_DEPTH) throw new Damaged('page tree too deep');
  if (node instanceof PDFRef) {
    const known = memo.get(node.tag);
    if (known !== undefined) return known;
    if (path.has(node.tag)) throw new Damaged('page tree cycle');
    const choices = definitions(parsed, node);
    if (choices.length === 0) throw new Damaged('missing page tree node');
    path.add(node.tag);
    const count = Math.max(...choices.map((c) => leaves(parsed, c, path, depth + 1, memo, cap)));
    path.delete(node.tag);
    memo.set(node.tag, count);
    return count;
  }
  if (!(node instanceof PDFDict)) throw new Damaged('page tree node is not a dictionary');
  const kids = node.get(PDFName.of('Kids'));
  if (kids === undefined) return 1;
  if (node.get(PDFName.of('Type')) === PDFName.of('Page')) throw new Damaged('a page with kids');
  const list = kids instanceof PDFRef ? definitions(parsed, kids).find((k) => k instanceof PDFArray) : kids;
  if (!(list instanceof PDFArray)) throw new Damaged('kids are not an array');
  let count = 0;
  for (const kid of list.asArray()) {
    count = Math.min(cap, count + leaves(parsed, kid, path, depth + 1, memo, cap));
  }
  return count;
}

// ---------------------------------------------------------------------------------------------
// Active content: whatever makes a viewer run code, open another file or carry one inside. Every
// dictionary of every definition is looked at, wherever it hangs (catalog, page, annotation,
// form field, outline), so content cannot hide where a viewer would still find it.

/** Keys whose mere presence means active content: scripts, trigger actions, forms that run XFA, files inside. */
const ACTIVE_KEYS = ['JS', 'JavaScript', 'AA', 'EmbeddedFiles', 'EF', 'XFA', 'RichMediaContent'].map(PDFName.of);
/** Action types (/S) that run code, launch or fetch files, submit data, or play media. */
const ACTIVE_ACTIONS = new Set(
  [
    'JavaScript',
    'Launch',
    'SubmitForm',
    'ImportData',
    'GoToE',
    'GoToR',
    'Rendition',
    'RichMediaExecute',
    'Sound',
    'Movie',
  ].map(PDFName.of),
);
/** Annotation types that carry files, media or 3D scenes. */
const ACTIVE_ANNOTATIONS = new Set(['FileAttachment', 'RichMedia', 'Screen', 'Movie', 'Sound', '3D'].map(PDFName.of));
const ACTIVE_TYPES = new Set(['EmbeddedFile', 'RichMediaSettings'].map(PDFName.of));
/** A link may open a web page or a mail program; `file:` or a network path would open something local. */
const SAFE_URI = /^(?:https?:|mailto:|tel:)/i;

function hasActiveContent(parsed: Parsed): boolean {
  for (const object of everyObject(parsed)) {
    for (const dict of dictionariesIn(object)) if (isActive(dict)) return true;
  }
  return false;
}

/** The dictionaries in an object, nested ones included, without following references (each object is visited on its own). */
function* dictionariesIn(object: PDFObject): Generator<PDFDict> {
  const stack: PDFObject[] = [object];
  while (stack.length > 0) {
    const next = stack.pop()!;
    const dict = asDict(next);
    if (dict) {
      yield dict;
      for (const [, value] of dict.entries()) stack.push(value);
    } else if (next instanceof PDFArray) {
      for (const item of next.asArray()) stack.push(item);
    }
  }
}

function asDict(object: PDFObject): PDFDict | null {
  if (object instanceof PDFDict) return object;
  return object instanceof PDFRawStream ? object.dict : null;
}

function isActive(dict: PDFDict): boolean {
  if (ACTIVE_KEYS.some((key) => dict.has(key))) return true;
  const type = dict.get(PDFName.of('Type'));
  const subtype = dict.get(PDFName.of('Subtype'));
  if (type instanceof PDFName && ACTIVE_TYPES.has(type)) return true;
  if (subtype instanceof PDFName && ACTIVE_ANNOTATIONS.has(subtype)) return true;
  if (isOpenActionActive(dict.get(PDFName.of('OpenAction')))) return true;
  const action = dict.get(PDFName.of('S'));
  if (!(action instanceof PDFName) || type === PDFName.of('StructElem')) return false;
  if (ACTIVE_ACTIONS.has(action)) return true;
  return action === PDFName.of('URI') && !SAFE_URI.test(text(dict.get(PDFName.of('URI'))));
}

/** Opening at a page (a destination, or a GoTo action) is what honest files do; any other action is refused. */
function isOpenActionActive(value: PDFObject | undefined): boolean {
  if (value === undefined || value instanceof PDFArray || value instanceof PDFRef) return false;
  const dict = asDict(value);
  return dict === null || dict.get(PDFName.of('S')) !== PDFName.of('GoTo');
}

function text(value: PDFObject | undefined): string {
  if (value instanceof PDFString || value instanceof PDFHexString) return value.decodeText().trim();
  return '';
}
