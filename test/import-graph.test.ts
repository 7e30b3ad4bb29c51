/**
 * The shape of src/: imports run from capabilities towards platform/ and towards other
 * capabilities, never from platform/ into a capability or the composition root, and never in a
 * circle between capability folders. Read from the source text, so it needs no build.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const SRC = path.resolve(import.meta.dirname, '../src');
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s*'([^']+)'|import\(\s*'([^']+)'\s*\)|(?:^|\n)\s*import\s*'([^']+)'/g;

interface Edge {
  readonly from: string;
  readonly to: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

/** The top-level part of src/ a file belongs to: a capability folder, `platform`, or `root` (the composition root's files). */
export function partOf(file: string): string {
  const relative = path.relative(SRC, file);
  if (relative.startsWith('..')) return 'outside';
  const [first, ...rest] = relative.split(path.sep);
  return rest.length === 0 ? 'root' : (first ?? 'root');
}

function relativeImports(file: string): Edge[] {
  const text = readFileSync(file, 'utf8');
  const edges: Edge[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    if (specifier?.startsWith('.')) edges.push({ from: file, to: path.resolve(path.dirname(file), specifier) });
  }
  return edges;
}

const isTest = (file: string) => /\.test\.tsx?$/.test(file);
const files = sourceFiles(SRC);
const edges = files.filter((f) => !isTest(f)).flatMap(relativeImports);
const show = (edge: Edge) => `${path.relative(SRC, edge.from)} → ${path.relative(SRC, edge.to)}`;

test('src/ has capabilities, platform/ and the composition root, and the parser finds imports', () => {
  assert.ok(files.length > 100);
  assert.ok(
    edges.some((e) => partOf(e.from) === 'root' && partOf(e.to) === 'cases'),
    'the root imports capabilities',
  );
});

test('platform/ imports no capability and not the composition root (its tests neither)', () => {
  const wrong = files
    .filter((f) => partOf(f) === 'platform')
    .flatMap(relativeImports)
    .filter((e) => !['platform', 'outside'].includes(partOf(e.to)) || (!isTest(e.from) && partOf(e.to) === 'outside'));
  assert.deepEqual(wrong.map(show), []);
});

test('capabilities do not import the composition root', () => {
  const wrong = edges.filter((e) => !['root', 'platform'].includes(partOf(e.from)) && partOf(e.to) === 'root');
  assert.deepEqual(wrong.map(show), []);
});

/** Strongly connected components of more than one capability (Tarjan), each with one import that closes it. */
export function capabilityCycles(links: readonly Edge[]): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const e of links) {
    const [a, b] = [partOf(e.from), partOf(e.to)];
    if (a === b || ['root', 'platform', 'outside'].includes(a) || ['root', 'platform', 'outside'].includes(b)) continue;
    if (!graph.has(a)) graph.set(a, new Set());
    graph.get(a)?.add(b);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const components: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node) ?? 0);
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (stack.includes(next)) low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member) component.push(member);
      } while (member && member !== node);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return components;
}

test('no cycle between capability folders', () => {
  const cycles = capabilityCycles(edges);
  const evidence = cycles.map((members) =>
    edges
      .filter(
        (e) => members.includes(partOf(e.from)) && members.includes(partOf(e.to)) && partOf(e.from) !== partOf(e.to),
      )
      .map(show),
  );
  assert.deepEqual(evidence, []);
});

test('the cycle finder finds a cycle of two and of three, and none in a chain', () => {
  const at = (cap: string) => path.join(SRC, cap, 'x.ts');
  const edge = (a: string, b: string): Edge => ({ from: at(a), to: at(b) });
  assert.deepEqual(capabilityCycles([edge('a', 'b'), edge('b', 'a')]), [['a', 'b']]);
  assert.deepEqual(capabilityCycles([edge('a', 'b'), edge('b', 'c'), edge('c', 'a'), edge('c', 'd')]), [
    ['a', 'b', 'c'],
  ]);
  assert.deepEqual(capabilityCycles([edge('a', 'b'), edge('b', 'c'), edge('a', 'platform')]), []);
});
