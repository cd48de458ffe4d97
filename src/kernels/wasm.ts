// Loads the WASM kernels. The binary is a file beside this module (generated/kernels.wasm, from
// npm run build:wasm), named as `new URL('./generated/kernels.wasm', import.meta.url)`: Node
// reads the file, and a bundler that follows that form (Vite, webpack 5, Parcel; Rollup and
// esbuild with a plugin) emits it as an asset, so a page fetches its 33 kB only when the kernels
// start, and code that never starts them never downloads them. Where no bundler can follow the
// URL, `xent/inline-kernels` hands initKernels() the same bytes inline (src/inlineKernels.ts).
// Two builds ship with the same exports: SIMD128, and relaxed SIMD with fused multiply-add where
// the runtime validates it (features.ts); the inline form is the SIMD128 build, which runs anywhere.
import type { KernelExports } from './exports.js';
import { type KernelVariant, kernelVariant, validates } from './features.js';
import { withSharedMemory } from './memoryImport.js';
import { nodeBuiltin } from './nodeBuiltin.js';

/** 64 KiB pages: the module's static data and the pool's control block live in page 0. */
export const PAGE = 65536;
/** wasm32's limit: 65536 pages of 64 KiB, 4 GiB. */
export const MAX_PAGES = 65536;

/** The kernel binary: its bytes, or the URL (absolute, `file:`, `data:` or http) to read them from. */
export type KernelBinary = Uint8Array | ArrayBuffer | URL | string;

export interface LoadedKernels {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly exports: KernelExports;
  /** Whether the memory is shared, so worker threads can run on it. */
  readonly shared: boolean;
  /** Which of the shipped builds runs (features.ts); undefined where the caller gave the binary. */
  readonly variant: KernelVariant | undefined;
}

/**
 * The binary of a build this package ships: the one place that names them, each as a literal
 * `new URL(…, import.meta.url)`, so bundlers see every file they must emit.
 */
export function defaultKernelBinary(variant: KernelVariant = kernelVariant()): URL {
  return variant === 'relaxed'
    ? new URL('./generated/kernels-relaxed.wasm', import.meta.url)
    : new URL('./generated/kernels.wasm', import.meta.url);
}

/** The binary to load and the build it is: the caller's, or the shipped build this runtime runs best. */
function chooseBinary(binary: KernelBinary | undefined): {
  binary: KernelBinary;
  variant: KernelVariant | undefined;
} {
  if (binary !== undefined) return { binary, variant: undefined };
  const variant = kernelVariant();
  return { binary: defaultKernelBinary(variant), variant };
}

function decodeBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function locate(binary: URL | string): URL {
  const base = (globalThis as { location?: { href: string } }).location?.href;
  return new URL(binary, base);
}

/** The bytes of `binary` if they can be had without waiting (given, inline, or a local file in Node). */
function bytesNow(binary: KernelBinary): Uint8Array | undefined {
  if (binary instanceof Uint8Array) return binary;
  if (binary instanceof ArrayBuffer) return new Uint8Array(binary);
  const url = locate(binary);
  const inline = /^data:[^,]*;base64,/.exec(url.href);
  if (inline) return decodeBase64(url.href.slice(inline[0].length));
  const fs = nodeBuiltin<{ readFileSync(path: URL): Uint8Array }>('node:fs');
  return url.protocol === 'file:' && fs !== undefined ? fs.readFileSync(url) : undefined;
}

/** Whether loadKernelsSync can load `binary` here (no fetch needed). */
export function loadableNow(binary: KernelBinary = defaultKernelBinary()): boolean {
  if (typeof binary !== 'string' && !(binary instanceof URL)) return true;
  const url = locate(binary);
  return url.protocol === 'data:' || (url.protocol === 'file:' && nodeBuiltin('node:fs') !== undefined);
}

async function fetchBytes(binary: KernelBinary): Promise<Uint8Array> {
  const now = bytesNow(binary);
  if (now !== undefined) return now;
  const url = locate(binary as URL | string);
  const response = await fetch(url);
  if (!response.ok)
    throw new Error(`fetching ${url.href} answered ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Whether this runtime has WASM SIMD128 (a minimal module using one v128 op validates). */
export function simdSupported(): boolean {
  // (module (func (result v128) v128.const i32x4 0 0 0 0))
  return validates(`0061736d010000000105016000017b030201000a16011400fd0c${'00'.repeat(16)}0b`);
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

/** The binary as this runtime links it: with a shared memory import where workers can share it. */
function forThisRuntime(bytes: Uint8Array): { code: Uint8Array<ArrayBuffer>; shared: boolean } {
  const shared = sharingSupported();
  return { code: shared ? withSharedMemory(bytes) : new Uint8Array(bytes), shared };
}

/** Compiles synchronously: fine in Node and workers; browsers refuse it on the main thread. */
export function loadKernelsSync(given?: KernelBinary): LoadedKernels {
  const { binary, variant } = chooseBinary(given);
  const bytes = bytesNow(binary);
  if (bytes === undefined)
    throw new Error(`${String(binary)} cannot be read without a fetch; use initKernels()`);
  const { code, shared } = forThisRuntime(bytes);
  const module = new WebAssembly.Module(code);
  const memory = createMemory(shared);
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return { module, memory, exports: instance.exports as unknown as KernelExports, shared, variant };
}

/** Fetches (where it must), compiles and instantiates asynchronously, as a browser's main thread requires. */
export async function loadKernelsAsync(given?: KernelBinary): Promise<LoadedKernels> {
  const { binary, variant } = chooseBinary(given);
  const { code, shared } = forThisRuntime(await fetchBytes(binary));
  const module = await WebAssembly.compile(code);
  const memory = createMemory(shared);
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  return { module, memory, exports: instance.exports as unknown as KernelExports, shared, variant };
}
