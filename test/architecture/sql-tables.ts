/**
 * Finding the tables a piece of source names in SQL, without a database: the string and template
 * literals of a TypeScript file (found by the compiler's parser, so comments, JSX text and
 * identifiers never count) are split into SQL tokens, and a name counts as a table only where SQL
 * expects one (after FROM, JOIN, INTO, UPDATE, …).
 */
import ts from 'typescript';

export interface TableReference {
  /** 1-based line in the file. */
  readonly line: number;
  /** As written, lower case; `schema.table` when qualified. */
  readonly table: string;
  /** The SQL words before it, lower case: `from`, `into`, `on conflict on constraint`, … */
  readonly after: string;
}

interface Token {
  readonly text: string;
  readonly kind: 'name' | 'punct';
  readonly at: number;
}

// Words after which the next name is a table.
const BEFORE_ONE_TABLE = new Set(['into', 'update', 'table', 'references', 'truncate', 'join']);
// Words after which a comma-separated list of tables (with aliases) follows.
const BEFORE_TABLE_LIST = new Set(['from', 'using']);
// Between one of those words and the table.
const NOISE = new Set(['only', 'lateral', 'if', 'not', 'exists']);
// Words that end a FROM list.
const CLAUSE = new Set([
  'where',
  'on',
  'join',
  'inner',
  'left',
  'right',
  'full',
  'cross',
  'natural',
  'group',
  'order',
  'limit',
  'offset',
  'having',
  'window',
  'union',
  'except',
  'intersect',
  'for',
  'returning',
  'set',
  'values',
  'select',
  'with',
]);

/** Every place a TypeScript/TSX source names a table in the SQL of its string and template literals. */
export function tableReferences(fileName: string, source: string): TableReference[] {
  return sqlLiterals(fileName, source).flatMap((literal) =>
    sqlTableReferences(literal.text).map(({ at, ...ref }) => ({ ...ref, line: literal.lineAt(at) })),
  );
}

/** The string and template literals of a TypeScript/TSX source, with a way to place an offset in them. */
export function sqlLiterals(fileName: string, source: string): Array<{ text: string; lineAt(offset: number): number }> {
  const file = ts.createSourceFile(
    fileName,
    source,
    ts.ScriptTarget.Latest,
    true,
    fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const found: Array<{ text: string; lineAt(offset: number): number }> = [];
  const visit = (node: ts.Node): void => {
    const literal = literalText(node, source);
    if (literal)
      found.push({
        text: literal.text,
        lineAt: (offset) => file.getLineAndCharacterOfPosition(literal.start + offset).line + 1,
      });
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/**
 * The literal's text as written, without its quotes, at its place in the file; interpolations
 * (`${…}`) are masked with characters that end any word, so offsets still match the file. Their
 * own literals are visited on their own.
 */
function literalText(node: ts.Node, source: string): { start: number; text: string } | undefined {
  if (!ts.isStringLiteral(node) && !ts.isNoSubstitutionTemplateLiteral(node) && !ts.isTemplateExpression(node))
    return undefined;
  const start = node.getStart() + 1;
  let text = source.slice(start, node.end - 1);
  if (ts.isTemplateExpression(node)) {
    for (const span of node.templateSpans) {
      const from = span.expression.getFullStart() - start;
      const to = span.expression.end - start;
      text = text.slice(0, from) + '#'.repeat(to - from) + text.slice(to);
    }
  }
  return { start, text };
}

/** Tables named in one piece of SQL, with their offsets in it. */
export function sqlTableReferences(sql: string): Array<{ at: number; table: string; after: string }> {
  const tokens = tokenize(sql);
  const found: Array<{ at: number; table: string; after: string }> = [];
  const add = (token: Token | undefined, after: string) => {
    if (token?.kind === 'name') found.push({ at: token.at, table: token.text, after });
  };
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i]!.kind === 'name' ? tokens[i]!.text : '';
    if (
      word === 'on' &&
      tokens[i + 1]?.text === 'conflict' &&
      tokens[i + 2]?.text === 'on' &&
      tokens[i + 3]?.text === 'constraint'
    ) {
      add(tokens[i + 4], 'on conflict on constraint');
    } else if (BEFORE_ONE_TABLE.has(word)) {
      const next = skipNoise(tokens, i + 1);
      // `JOIN unnest(…)`: a function, not a table; `INSERT INTO t (…)` is a table.
      if (word === 'join' && tokens[next + 1]?.text === '(') continue;
      add(tokens[next], word);
    } else if (BEFORE_TABLE_LIST.has(word)) {
      for (const item of listItems(tokens, i + 1)) add(tokens[item], word);
    }
  }
  return found;
}

/** The first token of each item of a FROM or USING list that names a table. */
function listItems(tokens: Token[], start: number): number[] {
  const items: number[] = [];
  let i = start;
  for (;;) {
    i = skipNoise(tokens, i);
    const first = tokens[i];
    if (first?.kind === 'name' && CLAUSE.has(first.text)) return items;
    if (first?.kind === 'name' && tokens[i + 1]?.text !== '(') items.push(i);
    // Skip to the comma that starts the next item at this depth, or stop at the end of the list.
    let depth = 0;
    for (; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.text === '(') depth++;
      else if (t.text === ')') {
        if (depth === 0) return items;
        depth--;
      } else if (depth === 0 && (t.text === ';' || (t.kind === 'name' && CLAUSE.has(t.text)))) return items;
      else if (depth === 0 && t.text === ',') break;
    }
    if (i >= tokens.length) return items;
    i++;
  }
}

function skipNoise(tokens: Token[], i: number): number {
  while (tokens[i]?.kind === 'name' && NOISE.has(tokens[i]!.text)) i++;
  return i;
}

/**
 * SQL tokens: names (lower case, `schema.name` kept together, quoted names unquoted) and the
 * punctuation that shapes a FROM list. SQL string literals, numbers and parameters are dropped,
 * so `'cases'` or `$1` never look like a table.
 */
function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  const pattern =
    /'(?:[^']|'')*'|"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_$]*(?:\.[A-Za-z_][A-Za-z0-9_$]*)*)|([(),;])|\$\d+|\d+/g;
  for (const m of sql.matchAll(pattern)) {
    const name = m[1] ?? m[2];
    if (name !== undefined) tokens.push({ text: name.toLowerCase(), kind: 'name', at: m.index! });
    else if (m[3] !== undefined) tokens.push({ text: m[3], kind: 'punct', at: m.index! });
  }
  return tokens;
}

/** Tables a piece of SQL creates (CREATE TABLE [IF NOT EXISTS] name). */
export function createdTables(sql: string): string[] {
  return [...sql.matchAll(/\bcreate\s+(?:unlogged\s+)?table\s+(?:if\s+not\s+exists\s+)?([a-z_][a-z0-9_]*)/gi)].map(
    (m) => m[1]!.toLowerCase(),
  );
}

/** Named constraints and unique indexes of the migrations, by the table they belong to. */
export function constraintTables(sql: string): Map<string, string> {
  const owners = new Map<string, string>();
  const code = sql.replace(/--[^\n]*/g, '');
  // CREATE TABLE t ( … CONSTRAINT c … ); the body ends at the first line that is just ");".
  for (const m of code.matchAll(
    /\bcreate\s+(?:unlogged\s+)?table\s+(?:if\s+not\s+exists\s+)?(\w+)\s*\(([\s\S]*?)\n\);/gi,
  )) {
    for (const c of m[2]!.matchAll(/\bconstraint\s+(\w+)/gi)) owners.set(c[1]!.toLowerCase(), m[1]!.toLowerCase());
  }
  for (const m of code.matchAll(/\balter\s+table\s+(\w+)\s+add\s+constraint\s+(\w+)/gi))
    owners.set(m[2]!.toLowerCase(), m[1]!.toLowerCase());
  for (const m of code.matchAll(/\bcreate\s+unique\s+index\s+(\w+)\s+on\s+(\w+)/gi))
    owners.set(m[1]!.toLowerCase(), m[2]!.toLowerCase());
  return owners;
}
