// The golden fixtures (PyTorch float64 references) run through the WASM kernel path: every
// float32 cross-entropy, softmax, logSoftmax and logSumExp case with a contiguous class axis
// (and temperature 1), every float32 binaryCrossEntropyWithLogits case whose weights are one per
// label, and every float32 entropy case take the kernels here, whatever their size.
import { expect, it } from 'vitest';
import * as xent from '../../src/index.js';
import { kernelPolicy } from '../../src/kernels/policy.js';
import { runGoldenSuite } from '../golden/compare.js';

kernelPolicy.minElements = 0;
const counted = { before: 0 };
runGoldenSuite('wasm kernels', xent, { families: ['cross-entropy', 'activations'] });

it('the golden cross-entropy and activation cases above ran through the kernels', () => {
  expect(kernelPolicy.calls).toBeGreaterThan(10);
  counted.before = kernelPolicy.calls;
});

runGoldenSuite('wasm kernels', xent, { families: ['binary', 'info'] });

it('the golden binary and entropy cases above ran through the kernels', () => {
  // 24 float32 binaryCrossEntropyWithLogits cases, 3 of them with a weight that varies along
  // other axes than the last (they fall back): 21 × (loss, WithGrad); plus 13 float32 entropy cases.
  expect(kernelPolicy.calls - counted.before).toBe(21 * 2 + 13);
});
