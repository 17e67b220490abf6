import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * No import cycles in src/ (issue 12): a module graph with a cycle has no order in which each
 * module sees its imports fully initialised. Every `import`/`export … from` of a relative path
 * is an edge except `import type`/`export type`, which TypeScript erases. Under
 * `verbatimModuleSyntax`, `import { type X }` still leaves an import behind, so it counts.
 */

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/** The relative modules a source text imports at run time, as written (`./x.js`). */
export function runtimeImports(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?'(\.{1,2}\/[^']+)'/gm)) {
    if (m[1] === undefined && m[2] !== undefined) found.push(m[2]);
  }
  return found;
}

/** Every cycle met by a depth-first walk, each as the list of its modules, first repeated last. */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const onStack = new Set<string>();
  const finished = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    onStack.add(node);
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next) || finished.has(next)) continue;
      if (onStack.has(next)) cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else visit(next);
    }
    stack.pop();
    onStack.delete(node);
    finished.add(node);
  };
  for (const node of graph.keys()) if (!finished.has(node)) visit(node);
  return cycles;
}

function sourceGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const path of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    if (!path.endsWith('.ts')) continue;
    const file = join(root, path);
    const deps = runtimeImports(readFileSync(file, 'utf8')).map((spec) => resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
    graph.set(
      relative(root, file),
      deps.map((dep) => relative(root, dep)),
    );
  }
  return graph;
}

describe('import cycles', () => {
  it('finds the run-time imports and skips the erased ones', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from './b.js';",
      "import { type C } from './c.js';",
      "export { d } from '../d.js';",
      "export type { E } from './e.js';",
      "import './side-effect.js';",
      "import { f } from 'node:fs';",
      'import {',
      '  g,',
      '  h,',
      "} from './gh.js';",
    ].join('\n');
    expect(runtimeImports(source)).toEqual(['./a.js', './c.js', '../d.js', './side-effect.js', './gh.js']);
  });

  it('reports a cycle, and none in a graph without one', () => {
    const cyclic = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(findCycles(cyclic)).toEqual([['a', 'b', 'c', 'a']]);
    const acyclic = new Map([
      ['a', ['b', 'c']],
      ['b', ['c']],
      ['c', []],
    ]);
    expect(findCycles(acyclic)).toEqual([]);
  });

  it('src/ has none', () => {
    const graph = sourceGraph(SRC);
    expect(graph.size).toBeGreaterThan(50);
    expect(findCycles(graph)).toEqual([]);
  });
});
