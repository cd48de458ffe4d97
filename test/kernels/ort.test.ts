// ONNX Runtime tensors on the WASM kernel path: the golden cross-entropy and binary cases with
// every array an ort.Tensor, and a batch big enough for the pool, whose float32 data (outside the
// kernels' memory, as every ORT output is) goes through the pipelined staging.
import { createRequire } from 'node:module';
import type * as Ort from 'onnxruntime-node';
import { beforeAll, expect, it } from 'vitest';
import { kernelPolicy } from '../../src/fast/policy.js';
import * as xent from '../../src/index.js';
import { runGoldenSuite } from '../golden/compare.js';
import { ortTensorApi } from '../golden/ortApi.js';
import { watchKernelRuns } from './kernelRuns.js';
import { crossEntropyIndexReference, expectClose, randomLogits, seeded } from './reference.js';

const ort = createRequire(import.meta.url)('onnxruntime-node') as typeof Ort;

kernelPolicy.minElements = 0;
let runs: { readonly count: number };
beforeAll(() => {
  runs = watchKernelRuns();
});
runGoldenSuite('ort.Tensor, wasm kernels', ortTensorApi(xent).api, { families: ['cross-entropy', 'binary'] });

it('the golden cases above with float32 ort.Tensor inputs ran through the kernels', () => {
  expect(runs.count).toBeGreaterThan(50);
});

it('crossEntropyLossWithGrad(ort.Tensor, int64 ort.Tensor, { out }) on 2 threads matches the float64 reference', () => {
  xent.setKernelThreads(2);
  const random = seeded(15);
  const rows = 1200;
  const classes = 1001;
  const logits = randomLogits(random, rows * classes, 10);
  const labels = Int32Array.from({ length: rows }, () => Math.floor(random() * classes));
  const input = new ort.Tensor('float32', logits, [rows, classes]);
  const target = new ort.Tensor(
    'int64',
    BigInt64Array.from(labels, (label) => BigInt(label)),
    [rows],
  );
  const expected = crossEntropyIndexReference(logits, rows, classes, labels, {}, () => 1 / rows);
  const mean = expected.rowLoss.reduce((a, b) => a + b, 0) / rows;
  const before = runs.count;
  expect(xent.crossEntropyLoss(input, target)).toBeCloseTo(mean, 5);
  const out = new Float32Array(rows * classes);
  const { loss, grad } = xent.crossEntropyLossWithGrad(input, target, { out });
  expect(runs.count - before).toBe(2);
  expect(loss).toBeCloseTo(mean, 5);
  expect(grad.data).toBe(out);
  expect(grad.shape).toEqual([rows, classes]);
  expectClose(out, expected.grad, { rtol: 1e-5, atol: 2e-6 / rows, label: 'grad' });
});
