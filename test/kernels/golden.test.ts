// The golden fixtures (PyTorch float64 references) run through the WASM kernel path: every
// float32 cross-entropy, softmax, logSoftmax and logSumExp case with a contiguous class axis
// (and temperature 1), every float32 binaryCrossEntropyWithLogits case whose weights are one per
// label, and every float32 entropy case take the kernels here, whatever their size.
import { beforeAll, expect, it } from 'vitest';
import { kernelPolicy } from '../../src/fast/policy.js';
import * as xent from '../../src/index.js';
import { runGoldenSuite } from '../golden/compare.js';
import { watchKernelRuns } from './kernelRuns.js';

kernelPolicy.minElements = 0;
let runs: { readonly count: number };
let classFamilyRuns = 0;
beforeAll(() => {
  runs = watchKernelRuns();
});
runGoldenSuite('wasm kernels', xent, { families: ['cross-entropy', 'activations'] });

it('the golden cross-entropy and activation cases above ran through the kernels', () => {
  expect(runs.count).toBeGreaterThan(10);
  classFamilyRuns = runs.count;
});

runGoldenSuite('wasm kernels', xent, { families: ['binary', 'info'] });

it('the golden binary and entropy cases above ran through the kernels', () => {
  // 24 float32 binaryCrossEntropyWithLogits cases, 3 of them with a weight that varies along
  // other axes than the last (they fall back): 21 × (loss, WithGrad); plus 13 float32 entropy cases.
  expect(runs.count - classFamilyRuns).toBe(21 * 2 + 13);
});
