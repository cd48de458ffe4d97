// initKernels(): the kernels and their threads, ready before the caller's first call. Loading is
// runtime.ts's job and the threads pool.ts's; this module sits above both.
import { startWorkers } from './pool.js';
import { kernelRuntime, type LoadKernelsOptions, loadKernels } from './runtime.js';

export type InitKernelsOptions = LoadKernelsOptions;

/**
 * Loads the WASM kernels, starts the worker threads where memory can be shared, and resolves to
 * whether the kernels are in use. Optional in Node (they load on first use); in a browser, await
 * it once at start-up so the first calls already run in WASM, on every thread.
 */
export async function initKernels(options: InitKernelsOptions = {}): Promise<boolean> {
  if (!(await loadKernels(options))) return false;
  const runtime = kernelRuntime();
  if (runtime !== undefined) await startWorkers(runtime);
  return true;
}
