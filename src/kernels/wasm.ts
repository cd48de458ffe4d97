// Loads the WASM kernels from the bytes embedded in generated/wasm.ts: no file path, URL or
// fetch, so the same code runs in Node, in browsers and through bundlers.
import type { KernelExports } from './exports.js';
import { type KernelVariant, kernelVariant } from './features.js';
import {
  relaxedKernelsBase64,
  relaxedMemoryFlagsAt,
  simd128KernelsBase64,
  simd128MemoryFlagsAt,
} from './generated/wasm.js';

/** 64 KiB pages: the module's static data and the pool's control block live in page 0. */
export const PAGE = 65536;
/** wasm32's limit: 65536 pages of 64 KiB, 4 GiB. */
export const MAX_PAGES = 65536;

export interface LoadedKernels {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly exports: KernelExports;
  /** Whether the memory is shared, so worker threads can run on it. */
  readonly shared: boolean;
  /** Which build was loaded (features.ts): with relaxed SIMD's fused multiply-add, or without. */
  readonly variant: KernelVariant;
}

/** Limits flags of a memory import with a maximum and no shared flag. */
const PLAIN_MEMORY_FLAGS = 0x01;

/**
 * The bytes of the build for this variant and memory kind. Both variants ship importing a shared
 * memory; for a plain one the import's shared flag is cleared (scripts/build-wasm.mjs checks that
 * this byte is all that asc's plain build changes).
 */
function kernelBytes(shared: boolean, variant: KernelVariant): Uint8Array<ArrayBuffer> {
  const relaxed = variant === 'relaxed';
  const bytes = decode(relaxed ? relaxedKernelsBase64 : simd128KernelsBase64);
  if (!shared) bytes[relaxed ? relaxedMemoryFlagsAt : simd128MemoryFlagsAt] = PLAIN_MEMORY_FLAGS;
  return bytes;
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Whether this runtime has WASM SIMD128 (a minimal module using one v128 op validates). */
export function simdSupported(): boolean {
  if (typeof WebAssembly !== 'object') return false;
  // (module (func (result v128) v128.const i32x4 0 0 0 0))
  const probe = Uint8Array.of(
    0,
    97,
    115,
    109,
    1,
    0,
    0,
    0,
    1,
    5,
    1,
    96,
    0,
    1,
    123,
    3,
    2,
    1,
    0,
    10,
    22,
    1,
    20,
    0,
    253,
    12,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    11,
  );
  return WebAssembly.validate(probe);
}

/** Whether memory can be shared with workers here (SharedArrayBuffer exists and is usable). */
export function sharingSupported(): boolean {
  if (typeof SharedArrayBuffer !== 'function') return false;
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  return isolated !== false;
}

function createMemory(shared: boolean): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: 2, maximum: MAX_PAGES, shared });
}

function instantiate(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
  shared: boolean,
  variant: KernelVariant,
): LoadedKernels {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const exports = instance.exports as unknown as KernelExports;
  return { module, memory, exports, shared, variant };
}

/** Compiles synchronously: fine in Node and workers; browsers refuse it on the main thread. */
export function loadKernelsSync(): LoadedKernels {
  const shared = sharingSupported();
  const variant = kernelVariant();
  const module = new WebAssembly.Module(kernelBytes(shared, variant));
  return instantiate(module, createMemory(shared), shared, variant);
}

/** Compiles and instantiates asynchronously, as a browser's main thread requires for modules over 4 KB. */
export async function loadKernelsAsync(): Promise<LoadedKernels> {
  const shared = sharingSupported();
  const variant = kernelVariant();
  const module = await WebAssembly.compile(kernelBytes(shared, variant));
  const memory = createMemory(shared);
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  return { module, memory, exports: instance.exports as unknown as KernelExports, shared, variant };
}
