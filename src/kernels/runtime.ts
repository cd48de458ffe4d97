// The one kernel runtime of a process (or page): the loaded module, its memory, the allocator
// over that memory and typed-array views into it. Loading is lazy: Node reads and compiles the
// binary on first use; a browser, which fetches it and may not compile a module this size
// synchronously on its main thread, starts an async load on first use and runs the plain-TS path
// until it is done (initKernels() awaits it, in init.ts). A load that fails says why, once, on
// the console.
import { Allocator } from './allocator.js';
import {
  type KernelBinary,
  type LoadedKernels,
  loadableNow,
  loadKernelsAsync,
  loadKernelsSync,
  PAGE,
  simdSupported,
} from './wasm.js';

/** Byte address of the worker pool's control block, in page 0 above the module's static data. */
export const CONTROL_ADDRESS = 56 * 1024;

export class KernelRuntime {
  readonly allocator: Allocator;
  private buffer: ArrayBufferLike;
  /** Every buffer object the memory has had: arrays over any of them are inside the memory. */
  private readonly buffers = new WeakSet<ArrayBufferLike>();

  constructor(readonly kernels: LoadedKernels) {
    if (kernels.exports.heapBase() > CONTROL_ADDRESS) {
      throw new Error('xent kernels: static data overlaps the control block; raise CONTROL_ADDRESS');
    }
    this.buffer = kernels.memory.buffer;
    this.buffers.add(this.buffer);
    this.allocator = new Allocator(PAGE, (end) => this.ensure(end));
  }

  get exports() {
    return this.kernels.exports;
  }

  private ensure(end: number): void {
    const memory = this.kernels.memory;
    const have = memory.buffer.byteLength;
    if (end > have) memory.grow(Math.ceil((end - have) / PAGE));
    this.refresh();
  }

  private refresh(): ArrayBufferLike {
    const current = this.kernels.memory.buffer;
    if (current !== this.buffer) {
      this.buffer = current;
      this.buffers.add(current);
    }
    return current;
  }

  f32(address: number, length: number): Float32Array {
    return new Float32Array(this.refresh(), address, length);
  }

  f64(address: number, length: number): Float64Array {
    return new Float64Array(this.refresh(), address, length);
  }

  i32(address: number, length: number): Int32Array {
    return new Int32Array(this.refresh(), address, length);
  }

  /** The byte address of an array that lives in the kernels' memory, or −1. */
  addressOf(array: ArrayBufferView): number {
    this.refresh();
    return this.buffers.has(array.buffer) && array.byteLength > 0 ? array.byteOffset : -1;
  }
}

let runtime: KernelRuntime | undefined;
let loading: Promise<KernelRuntime | undefined> | undefined;
let unavailable = false;

function onMainBrowserThread(): boolean {
  return typeof window !== 'undefined' && typeof document !== 'undefined';
}

/** What a failed load means for the user, and how to fix it. */
function explainFailure(error: unknown): string {
  const why = error instanceof Error ? error.message : String(error);
  const slower = 'xent runs without its WASM kernels (the plain-TS path, 5–7× slower on large inputs)';
  if (/Content.Security.Policy|unsafe-eval|\bCSP\b/i.test(why)) {
    return (
      `${slower}: this page's Content-Security-Policy blocks WebAssembly. Add 'wasm-unsafe-eval' ` +
      `to its script-src directive (script-src 'self' 'wasm-unsafe-eval') to turn them on. (${why})`
    );
  }
  return (
    `${slower}: loading them failed: ${why}. If a bundler did not emit kernels.wasm, serve that ` +
    `file, or pass the inline form: initKernels({ binary: inlineKernels }) with inlineKernels from 'xent/inline-kernels'.`
  );
}

function giveUp(error: unknown): undefined {
  unavailable = true;
  console.warn(explainFailure(error));
  return undefined;
}

/** The runtime if the kernels are (or can now synchronously be) loaded; otherwise undefined. */
export function kernelRuntime(): KernelRuntime | undefined {
  if (runtime !== undefined || unavailable || loading !== undefined) return runtime;
  if (!simdSupported()) {
    unavailable = true;
    return undefined;
  }
  if (onMainBrowserThread() || !loadableNow()) {
    void loadKernels();
    return undefined;
  }
  try {
    runtime = new KernelRuntime(loadKernelsSync());
  } catch (error) {
    return giveUp(error);
  }
  return runtime;
}

export interface LoadKernelsOptions {
  /**
   * Where the binary comes from: its bytes or a URL. Default: kernels.wasm beside the library
   * (as the bundler emitted it). `inlineKernels` from 'xent/inline-kernels' carries it inline.
   */
  binary?: KernelBinary;
}

/**
 * Loads the WASM kernels asynchronously and resolves to whether they are in use (initKernels()
 * in init.ts adds the worker threads). Only the first load counts: later calls resolve to its
 * outcome, whatever their options.
 */
export function loadKernels({ binary }: LoadKernelsOptions = {}): Promise<boolean> {
  if (runtime !== undefined) return Promise.resolve(true);
  if (unavailable || !simdSupported()) return Promise.resolve(false);
  loading ??= loadKernelsAsync(binary).then((kernels) => {
    runtime ??= new KernelRuntime(kernels);
    return runtime;
  }, giveUp);
  return loading.then((loaded) => loaded !== undefined);
}
