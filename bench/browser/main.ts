// The browser side of bench/browser.mjs: times crossEntropyLoss (forward) and
// crossEntropyLossWithGrad (gradient in place) at rows × classes on 1 and 2 threads, for kernel
// arrays (zero-copy) and plain Float32Arrays. Each case runs in blocks of `calls` calls, the
// thread counts taking turns block by block (1, 2, 2, 1, …) so a neighbour's load falls on both
// alike. Before and after each block the page awaits window.mark(), where the runner reads the
// CPU time of every browser thread. Leaves the wall-clock times in window.__bench.
import {
  allocateKernelArray,
  crossEntropyLoss,
  crossEntropyLossWithGrad,
  initKernels,
} from '../../src/index.js';
import { setKernelThreads, workerPool } from '../../src/kernels/pool.js';
import { kernelRuntime } from '../../src/kernels/runtime.js';

declare global {
  interface Window {
    /** The runner's hook: 'start' or 'end' of a block, with the case and thread count. */
    mark?: (phase: 'start' | 'end', name: string, threads: number) => Promise<void>;
    __bench?: unknown;
  }
}

const query = new URLSearchParams(location.search);
const rows = Number(query.get('rows') ?? 1024);
const classes = Number(query.get('classes') ?? 32000);
const blocks = Number(query.get('blocks') ?? 6);
const calls = Number(query.get('calls') ?? 10);

function fill(data: Float32Array): Float32Array {
  let state = 12345;
  for (let i = 0; i < data.length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    data[i] = (state / 2 ** 32 - 0.5) * 16;
  }
  return data;
}

async function run() {
  // As an app would: the default thread count (navigator.hardwareConcurrency), whose workers
  // initKernels() starts and waits for.
  const loaded = await initKernels();
  const runtime = kernelRuntime();
  const workers = (runtime && workerPool(runtime)?.ready(1)) ?? 0;
  const target = Int32Array.from({ length: rows }, (_, i) => (i * 37) % classes);
  const inputs = {
    'kernel array': fill(allocateKernelArray(rows * classes)),
    'plain Float32Array': fill(new Float32Array(rows * classes)),
  };
  const cases: { name: string; threads: number; ms: number[] }[] = [];
  for (const [kind, data] of Object.entries(inputs)) {
    const input = { data, shape: [rows, classes] };
    const passes = {
      forward: () => crossEntropyLoss(input, target),
      // In place: later calls run on the gradient of the one before, which costs the same pass.
      'forward + backward': () => crossEntropyLossWithGrad(input, target, { out: data }),
    };
    for (const [pass, call] of Object.entries(passes)) {
      const name = `${kind}, ${pass}`;
      const byThreads = { 1: [] as number[], 2: [] as number[] };
      call(); // warm-up: tier-up, staging and table allocation
      for (let block = 0; block < blocks; block++) {
        const threads = block % 4 === 0 || block % 4 === 3 ? 1 : 2;
        setKernelThreads(threads);
        await window.mark?.('start', name, threads);
        for (let i = 0; i < calls; i++) {
          const start = performance.now();
          call();
          byThreads[threads].push(performance.now() - start);
        }
        await window.mark?.('end', name, threads);
      }
      cases.push({ name, threads: 1, ms: byThreads[1] }, { name, threads: 2, ms: byThreads[2] });
    }
  }
  return {
    loaded,
    crossOriginIsolated: globalThis.crossOriginIsolated,
    hardwareConcurrency: navigator.hardwareConcurrency,
    workers,
    rows,
    classes,
    cases,
  };
}

run().then(
  (result) => {
    window.__bench = result;
  },
  (error: unknown) => {
    window.__bench = { error: String(error) };
  },
);
