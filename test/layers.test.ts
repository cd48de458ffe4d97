// The layering of src/ (DESIGN.md): arrows point down, nothing imports upward, no cycles. Reads
// every import (type-only ones too) from the source text and checks the graph.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Each module's relative imports, as paths relative to src/ (`losses/binary.ts`). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(root)) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(/^\s*(?:import|export)\b[^'";]*?from\s+'(\.[^']+)'/gm)].map((match) =>
      relative(root, resolve(dirname(file), match[1].replace(/\.js$/, '.ts'))),
    );
    graph.set(relative(root, file), targets);
  }
  return graph;
}

/** Each module's package imports (`@tensorflow/tfjs-core`), type-only ones too. */
function packageImports(): Map<string, string[]> {
  const imports = new Map<string, string[]>();
  for (const file of sources(root)) {
    const text = readFileSync(file, 'utf8');
    const packages = [...text.matchAll(/^\s*(?:import|export)\b[^'";]*?(?:from\s+)?'([^.'][^']*)'/gm)].map(
      (match) => match[1],
    );
    imports.set(relative(root, file), packages);
  }
  return imports;
}

/** What the TF.js adapter (src/tfjs/) may import from the core besides itself. */
const ADAPTER_CORE_IMPORTS = new Set([
  'index.ts', // the public API, so the adapter gets every change the kernels' owners make
  'optionKeys.ts', // the unknown-key refusal, so it lists the adapter's own keys
]);

/** Every cycle found by a depth-first walk, each as the path that closes it. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), next]);
      else if (state.get(next) === undefined) visit(next);
    }
    path.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (state.get(node) === undefined) visit(node);
  return found;
}

/** What the kernels (the leaf) may import besides each other: the foundation modules only. */
const KERNEL_FOUNDATION = new Set(['errors.ts', 'options.ts', 'optionKeys.ts', 'tensor.ts']);

describe('src/ layering', () => {
  const graph = importGraph();

  it('the import graph was read (every module, with its imports)', () => {
    expect(graph.size).toBeGreaterThan(40);
    expect(graph.get('index.ts')).toContain('losses/crossEntropy.ts');
  });

  it('cycles() finds a cycle, so the check below can fail', () => {
    const looped = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
    ]);
    expect(cycles(looped)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });

  it('src/ has no import cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('src/kernels/ imports nothing above it (only kernels/ and the foundation modules)', () => {
    const upward = [...graph]
      .filter(([module]) => module.startsWith('kernels/'))
      .flatMap(([module, targets]) =>
        targets
          .filter((t) => !t.startsWith('kernels/') && !KERNEL_FOUNDATION.has(t))
          .map((t) => `${module} → ${t}`),
      );
    expect(upward).toEqual([]);
  });

  it('the foundation modules import only each other', () => {
    const upward = [...KERNEL_FOUNDATION].flatMap((module) =>
      (graph.get(module) ?? []).filter((t) => !KERNEL_FOUNDATION.has(t)).map((t) => `${module} → ${t}`),
    );
    expect(upward).toEqual([]);
  });

  it('only src/tfjs/ imports TF.js, and the core (index.ts and below) never imports src/tfjs/', () => {
    const tfjsImports = [...packageImports()]
      .filter(
        ([module, packages]) =>
          !module.startsWith('tfjs/') && packages.some((p) => p.startsWith('@tensorflow/')),
      )
      .map(([module]) => module);
    expect(tfjsImports).toEqual([]);
    expect(packageImports().get('tfjs/backendMemory.ts')).toContain('@tensorflow/tfjs-core');
    const intoAdapter = [...graph]
      .filter(([module]) => !module.startsWith('tfjs/'))
      .flatMap(([module, targets]) =>
        targets.filter((t) => t.startsWith('tfjs/')).map((t) => `${module} → ${t}`),
      );
    expect(intoAdapter).toEqual([]);
  });

  it('src/tfjs/ reaches the core only through the public API (and the option-key check)', () => {
    const reached = [...graph]
      .filter(([module]) => module.startsWith('tfjs/'))
      .flatMap(([module, targets]) =>
        targets
          .filter((t) => !t.startsWith('tfjs/') && !ADAPTER_CORE_IMPORTS.has(t))
          .map((t) => `${module} → ${t}`),
      );
    expect(graph.get('tfjs/losses.ts')).toContain('index.ts');
    expect(reached).toEqual([]);
  });
});
