// The one kernel runtime of a process (or page): the loaded module, its memory, the allocator
// over that memory and typed-array views into it. Loading is lazy: Node compiles on first use;
// a browser main thread, which may not compile a module this size synchronously, starts an
// async compile on first use and runs the plain-TS path until it is done (initKernels() awaits
// it).
import { Allocator } from './allocator.js';
import { type LoadedKernels, loadKernelsAsync, loadKernelsSync, PAGE, simdSupported } from './wasm.js';

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

/** The runtime if the kernels are (or can now synchronously be) loaded; otherwise undefined. */
export function kernelRuntime(): KernelRuntime | undefined {
  if (runtime !== undefined || unavailable) return runtime;
  if (!simdSupported()) {
    unavailable = true;
    return undefined;
  }
  if (onMainBrowserThread()) {
    void initKernels();
    return undefined;
  }
  runtime = new KernelRuntime(loadKernelsSync());
  return runtime;
}

/**
 * Loads the WASM kernels and resolves to whether they are in use. Optional in Node (they load on
 * first use); in a browser, await it once at start-up so the first calls already run in WASM.
 */
export function initKernels(): Promise<boolean> {
  if (runtime !== undefined) return Promise.resolve(true);
  if (unavailable || !simdSupported()) return Promise.resolve(false);
  loading ??= loadKernelsAsync().then(
    (kernels) => {
      runtime ??= new KernelRuntime(kernels);
      return runtime;
    },
    () => {
      unavailable = true;
      return undefined;
    },
  );
  return loading.then((loaded) => loaded !== undefined);
}
