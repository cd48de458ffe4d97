// A TF.js tensor's numbers, read where they live. The cpu backend keeps a tensor's values in a
// plain typed array, which dataSync() returns itself. The wasm backend keeps them in its own
// WebAssembly heap, and dataSync() copies them out (HEAPU8.slice); a view of the heap
// (typedArrayFromHeap, the backend's public method) saves that copy. Other backends (webgl,
// webgpu) download through dataSync().
import { backend, type Tensor, type TensorInfo } from '@tensorflow/tfjs-core';

/** The part of tfjs-backend-wasm's BackendWasm that the adapter uses. */
interface WasmHeapBackend {
  dataIdMap: { has(dataId: object): boolean };
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

function wasmHeapBackend(): WasmHeapBackend | undefined {
  const current = backend() as unknown as Partial<WasmHeapBackend>;
  return typeof current.typedArrayFromHeap === 'function' ? (current as WasmHeapBackend) : undefined;
}

/**
 * A tensor's values as a typed array, valid until TF.js next allocates: on the wasm backend a view
 * of its heap, on cpu the backing array, elsewhere a downloaded copy. Read-only by contract.
 */
export function tensorValues(x: Tensor): Float32Array | Int32Array | Uint8Array {
  const heap = wasmHeapBackend();
  if (heap?.dataIdMap.has(x.dataId)) return heap.typedArrayFromHeap(x);
  return x.dataSync() as Float32Array | Int32Array | Uint8Array;
}

/**
 * Whether the backend copies a tensor's values out of the array it was made from (wasm: into its
 * heap), leaving the array free to reuse; the cpu backend keeps the array itself (no copy), and
 * webgl uploads it later.
 */
export function backendCopiesValues(): boolean {
  return wasmHeapBackend() !== undefined;
}
