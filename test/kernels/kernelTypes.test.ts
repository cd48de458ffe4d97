// The typed kernel boundary: the generated interface (src/kernels/generated/kernels.ts) matches
// the WASM binary, the worker protocol's argument count comes from it, a wrong call fails to
// compile (test/types/wrong-kernel-call.ts) and one that dodges the types fails at run time.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { KERNEL_NAMES, MAX_ARGUMENTS } from '../../src/kernels/exports.js';
import { KERNEL_PARAMETERS } from '../../src/kernels/generated/kernels.js';
import { kernelThreads, setKernelThreads, workerPool } from '../../src/kernels/pool.js';
import { PARALLEL_MIN_ELEMENTS, runRows } from '../../src/kernels/rows.js';
import { kernelRuntime } from '../../src/kernels/runtime.js';

const fixture = fileURLToPath(new URL('../types/wrong-kernel-call.ts', import.meta.url));
const tsconfig = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));

/** Diagnostics of the fixture compiled alone with the project's options, its text replaced by `text`. */
function compileFixture(text: string): readonly ts.Diagnostic[] {
  const { config } = ts.readConfigFile(tsconfig, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(
    config,
    ts.sys,
    fileURLToPath(new URL('../..', import.meta.url)),
  );
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile;
  host.getSourceFile = (name, language, ...rest) =>
    name === fixture ? ts.createSourceFile(name, text, language) : getSourceFile(name, language, ...rest);
  const program = ts.createProgram([fixture], options, host);
  return ts.getPreEmitDiagnostics(program).filter((d) => d.file?.fileName === fixture);
}

const lineOf = (d: ts.Diagnostic) => d.file!.getLineAndCharacterOfPosition(d.start!).line + 1;

describe('kernel interface', () => {
  it('the generated parameter lists match the binary: the same exports, each with that many parameters', () => {
    const { module, exports } = kernelRuntime()!.kernels;
    const functions = WebAssembly.Module.exports(module).filter((e) => e.kind === 'function');
    expect(functions.map((e) => e.name).sort()).toEqual(Object.keys(KERNEL_PARAMETERS).sort());
    for (const [name, parameters] of Object.entries(KERNEL_PARAMETERS)) {
      // A WASM export's JS function has its parameter count as `length`.
      expect((exports as unknown as Record<string, () => unknown>)[name].length, name).toBe(
        parameters.length,
      );
    }
  });

  it('KERNEL_NAMES lists every export but heapBase, and MAX_ARGUMENTS is the widest (ceIndexGrad, 12)', () => {
    expect([...KERNEL_NAMES].sort()).toEqual(
      Object.keys(KERNEL_PARAMETERS)
        .filter((n) => n !== 'heapBase')
        .sort(),
    );
    // ceIndexGrad(x, grad, rows, classes, targets, ignoreIndex, weight, smoothing, weightTotal,
    // rowLoss, rowScale, scale) in assembly/crossEntropy.ts.
    expect(KERNEL_PARAMETERS.ceIndexGrad).toHaveLength(12);
    expect(MAX_ARGUMENTS).toBe(12);
  });

  it('runRows(…) throws, naming the kernel, when a call dodges the types with the wrong argument count', () => {
    const runtime = kernelRuntime()!;
    const tooFew = (() => [0, 0, 1]) as unknown as () => [number, number, number, number];
    expect(() => runRows(runtime, 'softmaxRows', 1, 4, tooFew)).toThrow(
      'xent kernels: softmaxRows takes 4 arguments (x, out, rows, classes), got 3',
    );
    // Through the worker pool, where a longer list would overwrite the next chunk's arguments.
    const threads = kernelThreads();
    setKernelThreads(2);
    try {
      expect(workerPool(runtime)?.ready(1)).toBe(1);
      const rows = 64;
      const columns = PARALLEL_MIN_ELEMENTS / 8;
      const tooMany = (() => Array(MAX_ARGUMENTS + 1).fill(0)) as unknown as () => [number, number];
      expect(() => runRows(runtime, 'firstOutsideUnit', rows, columns, tooMany)).toThrow(
        `xent kernels: firstOutsideUnit takes 2 arguments (p, n), got ${MAX_ARGUMENTS + 1}`,
      );
    } finally {
      setKernelThreads(threads);
    }
  });
});

describe('kernel call types', () => {
  const text = readFileSync(fixture, 'utf8');

  it('test/types/wrong-kernel-call.ts compiles: every @ts-expect-error line is an error', () => {
    const messages = compileFixture(text).map(
      (d) => `${lineOf(d)}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
    );
    expect(messages).toEqual([]);
  });

  it('without its @ts-expect-error directives, exactly the lines under them fail, each on the kernel call', () => {
    const lines = text.split('\n');
    const expected = lines.flatMap((line, i) => (line.startsWith('// @ts-expect-error') ? [i + 2] : []));
    expect(expected.length).toBe(5);
    const stripped = lines
      .map((line) => line.replace('// @ts-expect-error', '// (was an expected error)'))
      .join('\n');
    const diagnostics = compileFixture(stripped);
    expect([...new Set(diagnostics.map(lineOf))]).toEqual(expected);
    // Wrong count (2554), wrong type (2345), wrong tuple (2322), no such kernel (2345 / 2769).
    for (const d of diagnostics) expect([2322, 2345, 2554, 2769]).toContain(d.code);
  });
});
