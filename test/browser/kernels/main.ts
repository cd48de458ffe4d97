// Runs crossEntropyLoss(WithGrad) in the page through the WASM kernels (and, where the page is
// cross-origin isolated, the Web Worker pool), next to the plain-TS path on the same input, and
// leaves the numbers in window.__kernelResult for test/browser/kernels.test.ts.

import { kernelPolicy } from '../../../src/fast/policy.js';
import { crossEntropyLoss, crossEntropyLossWithGrad } from '../../../src/index.js';
import { hasRelaxedSimd } from '../../../src/kernels/features.js';
import { initKernels } from '../../../src/kernels/init.js';
import { setKernelThreads, workerPool } from '../../../src/kernels/pool.js';
import { kernelRuntime } from '../../../src/kernels/runtime.js';

const rows = 64;
const classes = 1000;

/**
 * Counts the cross-entropy kernel runs, observed from outside the library: each read of a `ce*`
 * export of this runtime (a run on this thread) and each job handed to the worker pool (with two
 * threads a small call may run wholly on the worker, which this thread's exports never see).
 */
function countKernelCalls(runtime: NonNullable<ReturnType<typeof kernelRuntime>>): { calls: number } {
  const counted = { calls: 0 };
  const exports = runtime.exports;
  const watched = new Proxy(exports, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof name === 'string' && name.startsWith('ce')) counted.calls++;
      return value;
    },
  });
  Object.defineProperty(runtime, 'exports', { get: () => watched });
  const pool = workerPool(runtime);
  if (pool !== undefined) {
    const run = pool.run.bind(pool);
    pool.run = (...job: Parameters<typeof run>) => {
      if (String(job[0]).startsWith('ce')) counted.calls++;
      return run(...job);
    };
  }
  return counted;
}

async function run() {
  const data = new Float32Array(rows * classes);
  let state = 7;
  for (let i = 0; i < data.length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    data[i] = (state / 2 ** 32 - 0.5) * 16;
  }
  data.fill(-Infinity, 3 * classes + 500, 4 * classes);
  const target = Int32Array.from({ length: rows }, (_, i) => (i * 37) % classes);
  target[5] = -100;
  const input = { data, shape: [rows, classes] };

  kernelPolicy.minElements = Number.POSITIVE_INFINITY;
  const reference = crossEntropyLoss(input, target);
  const referenceGrad = crossEntropyLossWithGrad(input, target).grad.data;

  kernelPolicy.minElements = 0;
  const initStart = performance.now();
  const loaded = await initKernels();
  const initMs = performance.now() - initStart;
  setKernelThreads(2);
  const runtime = kernelRuntime();
  // Read before the page yields once: a worker started only now could not come up before then.
  const workersAtInit = (runtime && workerPool(runtime)?.ready(1)) ?? 0;
  const counted = runtime && countKernelCalls(runtime);
  const firstCall = crossEntropyLoss(input, target);
  const pool = runtime && workerPool(runtime);
  let workers = 0;
  for (let i = 0; i < 100 && pool !== undefined && workers === 0; i++) {
    workers = pool.ready(1);
    if (workers === 0) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const loss = crossEntropyLoss(input, target);
  const grad = crossEntropyLossWithGrad(input, target).grad.data;
  let gradError = 0;
  for (let i = 0; i < grad.length; i++) gradError = Math.max(gradError, Math.abs(grad[i] - referenceGrad[i]));
  return {
    crossOriginIsolated: globalThis.crossOriginIsolated,
    loaded,
    shared: runtime?.kernels.shared ?? false,
    relaxedSimd: hasRelaxedSimd(),
    variant: runtime?.kernels.variant,
    workers,
    workersAtInit,
    initMs,
    kernelCalls: counted?.calls ?? 0,
    reference,
    firstCall,
    loss,
    gradError,
  };
}

run().then(
  (result) => {
    (window as unknown as { __kernelResult: unknown }).__kernelResult = result;
  },
  (error: unknown) => {
    (window as unknown as { __kernelResult: unknown }).__kernelResult = { error: String(error) };
  },
);
