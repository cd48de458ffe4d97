// How the kernel binary is found and linked: the one shipped file, shared or not; the inline
// form; and what a load that fails says (once) instead of going quiet.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { inlineKernels } from '../../src/inlineKernels.js';
import { withSharedMemory } from '../../src/kernels/memoryImport.js';
import {
  defaultKernelBinary,
  loadableNow,
  loadKernelsAsync,
  loadKernelsSync,
} from '../../src/kernels/wasm.js';

// The SIMD128 build: the inline form's, and the one every runtime with SIMD can run.
const binary = readFileSync(defaultKernelBinary('simd128'));

afterEach(() => {
  vi.restoreAllMocks();
  vi.resetModules();
});

describe('the kernel binary', () => {
  it('withSharedMemory(binary) links to a shared memory, where the shipped binary links only to a plain one', () => {
    const memory = (shared: boolean) => new WebAssembly.Memory({ initial: 2, maximum: 65536, shared });
    const plainModule = new WebAssembly.Module(binary);
    const sharedModule = new WebAssembly.Module(withSharedMemory(binary));
    expect(() => new WebAssembly.Instance(plainModule, { env: { memory: memory(false) } })).not.toThrow();
    expect(() => new WebAssembly.Instance(plainModule, { env: { memory: memory(true) } })).toThrow(
      WebAssembly.LinkError,
    );
    expect(() => new WebAssembly.Instance(sharedModule, { env: { memory: memory(true) } })).not.toThrow();
    expect(() => new WebAssembly.Instance(sharedModule, { env: { memory: memory(false) } })).toThrow(
      WebAssembly.LinkError,
    );
    // A copy: the shipped bytes are left as they were.
    expect(new WebAssembly.Module(binary)).toBeInstanceOf(WebAssembly.Module);
    expect(WebAssembly.Module.imports(sharedModule)).toEqual([
      { module: 'env', name: 'memory', kind: 'memory' },
    ]);
  });

  it('withSharedMemory(binary) finds the memory import past function, global and table imports', () => {
    // (module (import "env" "f" (func)) (import "env" "g" (global i32))
    //   (import "env" "t" (table 1 2 funcref)) (import "env" "memory" (memory 1 2))), by hand
    const env = [3, 101, 110, 118];
    const memoryImport = (limits: number[]) => [...env, 6, 109, 101, 109, 111, 114, 121, 2, ...limits];
    const module = (limits: number[]) => {
      const imports = [
        4,
        ...[...env, 1, 102, 0, 0],
        ...[...env, 1, 103, 3, 0x7f, 0],
        ...[...env, 1, 116, 1, 0x70, 1, 1, 2],
        ...memoryImport(limits),
      ];
      return Uint8Array.of(0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 2, imports.length, ...imports);
    };
    const bounded = module([1, 1, 2]);
    const links = (bytes: Uint8Array<ArrayBuffer>, shared: boolean) => {
      const memory = new WebAssembly.Memory({ initial: 1, maximum: 2, shared });
      const table = new WebAssembly.Table({ initial: 1, maximum: 2, element: 'anyfunc' });
      const imports = { env: { f: () => {}, g: 0, t: table, memory } };
      new WebAssembly.Instance(new WebAssembly.Module(bytes), imports);
    };
    expect(() => links(bounded, true)).toThrow(WebAssembly.LinkError);
    expect(() => links(withSharedMemory(bounded), true)).not.toThrow();
    // A shared memory must have a maximum, so one without cannot be made shared.
    expect(() => withSharedMemory(module([0, 1]))).toThrow('the imported memory has no maximum');
  });

  it('withSharedMemory(module without a memory import) throws, naming why', () => {
    // (module (func)) — no imports at all.
    const bare = Uint8Array.of(
      0,
      97,
      115,
      109,
      1,
      0,
      0,
      0,
      1,
      4,
      1,
      96,
      0,
      0,
      3,
      2,
      1,
      0,
      10,
      4,
      1,
      2,
      0,
      11,
    );
    expect(() => withSharedMemory(bare)).toThrow("cannot share this module's memory: it imports no memory");
  });

  it('loadKernelsSync(binary) takes bytes, a file: URL and the inline data: URL alike', () => {
    for (const source of [binary, defaultKernelBinary('simd128'), inlineKernels]) {
      expect(loadableNow(source)).toBe(true);
      expect(loadKernelsSync(source).exports.heapBase()).toBeLessThan(65536);
    }
    expect(loadableNow('https://example.com/kernels.wasm')).toBe(false);
    expect(() => loadKernelsSync('https://example.com/kernels.wasm')).toThrow(
      'cannot be read without a fetch',
    );
  });

  it('loadKernelsAsync(inlineKernels) gives the same kernels as the file', async () => {
    const inline = await loadKernelsAsync(inlineKernels);
    expect(WebAssembly.Module.exports(inline.module)).toEqual(
      WebAssembly.Module.exports(loadKernelsSync().module),
    );
  });
});

describe('initKernels when the binary cannot be loaded', () => {
  it('initKernels({ binary: 42 }) throws INVALID_OPTION at once, naming what to pass', async () => {
    const { initKernels } = await import('../../src/kernels/init.js');
    expect(() => initKernels({ binary: 42 as unknown as string })).toThrow(
      "initKernels: binary is 42; pass the kernel binary's bytes (a Uint8Array or ArrayBuffer) or its URL",
    );
  });

  it('resolves false and warns once, naming the file and the inline fix', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { initKernels } = await import('../../src/kernels/init.js');
    const { kernelRuntime } = await import('../../src/kernels/runtime.js');
    const missing = new URL('./no-such-kernels.wasm', defaultKernelBinary());
    await expect(initKernels({ binary: missing })).resolves.toBe(false);
    await expect(initKernels()).resolves.toBe(false);
    expect(kernelRuntime()).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
    const [message] = warn.mock.calls[0] as [string];
    expect(message).toContain('xent runs without its WASM kernels');
    expect(message).toContain('no-such-kernels.wasm');
    expect(message).toContain(
      "initKernels({ binary: inlineKernels }) with inlineKernels from 'xent/inline-kernels'",
    );
  });

  it('a Content-Security-Policy refusal says to add wasm-unsafe-eval', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    // Chromium's words when a policy lacks the source (see test/browser/csp.test.ts for the real thing).
    vi.spyOn(WebAssembly, 'compile').mockRejectedValue(
      new WebAssembly.CompileError(
        "WebAssembly.compile(): Refused to compile or instantiate WebAssembly module because 'unsafe-eval' " +
          'is not an allowed source of script in the following Content Security Policy directive: "script-src \'self\'"',
      ),
    );
    const { initKernels } = await import('../../src/kernels/init.js');
    await expect(initKernels()).resolves.toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toContain(
      "this page's Content-Security-Policy blocks WebAssembly. Add 'wasm-unsafe-eval' to its script-src directive",
    );
  });
});
