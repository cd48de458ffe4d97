// The golden fixtures (PyTorch float64 references) run through the WASM kernel path: every
// float32 cross-entropy, softmax, logSoftmax and logSumExp case with a contiguous class axis
// (and temperature 1) takes the kernels here, whatever its size.
import { expect, it } from 'vitest';
import * as xent from '../../src/index.js';
import { kernelPolicy } from '../../src/kernels/classLoss.js';
import { runGoldenSuite } from '../golden/compare.js';

kernelPolicy.minElements = 0;
runGoldenSuite('wasm kernels', xent, { families: ['cross-entropy', 'activations'] });

it('the golden cross-entropy and activation cases above ran through the kernels', () => {
  expect(kernelPolicy.calls).toBeGreaterThan(10);
});
