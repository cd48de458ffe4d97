// initKernels(): the kernels and their threads, ready before the caller's first call. Loading is
// runtime.ts's job and the threads pool.ts's; this module sits above both.
import { formatValue, XentError } from '../errors.js';
import { checkOptionKeys } from '../optionKeys.js';
import { startWorkers } from './pool.js';
import { kernelRuntime, type LoadKernelsOptions, loadKernels } from './runtime.js';

export type InitKernelsOptions = LoadKernelsOptions;

function checkBinary(binary: unknown): void {
  if (
    binary === undefined ||
    typeof binary === 'string' ||
    binary instanceof URL ||
    binary instanceof Uint8Array ||
    binary instanceof ArrayBuffer
  )
    return;
  throw new XentError(
    'INVALID_OPTION',
    `binary is ${formatValue(binary)}; pass the kernel binary's bytes (a Uint8Array or ArrayBuffer) or its URL (a URL or string), such as inlineKernels from 'xent/inline-kernels'`,
    { op: 'initKernels', argument: 'binary', value: binary },
  );
}

async function loadAndStart(options: InitKernelsOptions): Promise<boolean> {
  if (!(await loadKernels(options))) return false;
  const runtime = kernelRuntime();
  if (runtime !== undefined) await startWorkers(runtime);
  return true;
}

/**
 * Loads the WASM kernels, starts the worker threads where memory can be shared, and resolves to
 * whether the kernels are in use. Optional in Node (they load on first use); in a browser, await
 * it once at start-up so the first calls already run in WASM, on every thread. Bad options throw
 * at once, before anything loads.
 */
export function initKernels(options: InitKernelsOptions = {}): Promise<boolean> {
  checkOptionKeys(options, ['binary'], 'initKernels');
  checkBinary(options.binary);
  return loadAndStart(options);
}
