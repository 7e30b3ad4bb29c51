import postcss, { type AtRule, type Container, type Rule } from 'postcss';

const KERN_CLASS = /\.(kern-[A-Za-z0-9_-]+)/g;

/**
 * Keeps only the CSS rules a page can match: those whose selector (any in the list) names no
 * KERN class, or only KERN classes that the views use. Comments and @font-face go; at-rules left
 * empty go too. KERN's full CSS is 340 KB; the portal uses a small part of it.
 */
export function pruneCss(css: string, usedClasses: ReadonlySet<string>): string {
  const root = postcss.parse(css);
  root.walkComments((comment) => {
    comment.remove();
  });
  root.walkAtRules('font-face', (rule) => {
    rule.remove();
  });
  root.walkRules((rule: Rule) => {
    if (rule.parent?.type === 'atrule' && /keyframes$/i.test((rule.parent as AtRule).name)) return;
    const kept = rule.selectors.filter((selector) => {
      const classes = [...selector.matchAll(KERN_CLASS)].map((m) => m[1]!);
      return classes.every((name) => usedClasses.has(name));
    });
    if (kept.length === 0) rule.remove();
    else rule.selectors = kept;
  });
  const dropEmpty = (container: Container) => {
    container.each((node) => {
      if (node.type === 'atrule' && node.nodes) {
        dropEmpty(node);
        if (node.nodes.length === 0) node.remove();
      }
    });
  };
  dropEmpty(root);
  return root
    .toString()
    .replace(/\n\s*\n/g, '\n')
    .replace(/^\s+/gm, '');
}

/** The `kern-…` class names that occur in the given sources. */
export function kernClassesIn(sources: readonly string[]): Set<string> {
  const used = new Set<string>();
  for (const source of sources) {
    for (const match of source.matchAll(/\bkern-[A-Za-z0-9_-]*[A-Za-z0-9]/g)) used.add(match[0]);
  }
  return used;
}
