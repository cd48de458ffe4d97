// Issue #15: ONNX Runtime tensors are read as they are. Every golden fixture (PyTorch, SciPy,
// scikit-learn references) runs again with its arrays handed over as real ort.Tensor objects
// (`{ data, dims }`, class indices as int64 tensors), and must match the same references.
import { createRequire } from 'node:module';
import type * as Ort from 'onnxruntime-node';
import { afterAll, expect, it } from 'vitest';
import * as xent from '../../src/index.js';
import { runGoldenSuite } from './compare.js';
import { ortTensorApi } from './ortApi.js';

const ort = createRequire(import.meta.url)('onnxruntime-node') as typeof Ort;
const { api, converted } = ortTensorApi(xent);

runGoldenSuite('ort.Tensor', api);

afterAll(() => {
  // Most cases pass at least one array (every third passes float64 data as nested arrays).
  expect(converted()).toBeGreaterThan(1000);
});

it('crossEntropyLoss(ort.Tensor, int64 ort.Tensor) takes them without a cast, by hand: ln 2', () => {
  const logits = new ort.Tensor('float32', Float32Array.of(0, 0, 3, 3), [2, 2]);
  const labels = new ort.Tensor('int64', BigInt64Array.of(1n, 0n), [2]);
  expect(xent.crossEntropyLoss(logits, labels)).toBeCloseTo(Math.LN2, 7);
  const { loss, grad } = xent.crossEntropyLossWithGrad(logits, labels);
  expect(loss).toBeCloseTo(Math.LN2, 7);
  expect(grad.shape).toEqual([2, 2]);
  expect(Array.from(grad.data)).toEqual([0.25, -0.25, -0.25, 0.25]);
});

it('crossEntropyLoss(ort.Tensor, …) refuses what it cannot read, naming the fix', () => {
  const labels = BigInt64Array.of(0n);
  const half = new ort.Tensor('float16', Uint16Array.of(0x3c00, 0), [1, 2]);
  expect(() => xent.crossEntropyLoss(half, labels)).toThrow(
    "crossEntropyLoss: input is a float16 tensor, whose data holds raw 16-bit patterns, not numbers; convert it to float32 first (for example a Cast node to float in the model's output)",
  );
  const strings = new ort.Tensor('string', ['a', 'b'], [1, 2]);
  expect(() => xent.crossEntropyLoss(strings, labels)).toThrow(xent.XentError);
  // A GPU tensor's data is not readable here: { data, dims, location } as ORT reports it.
  const onGpu = { dims: [1, 2], type: 'float32', location: 'gpu-buffer', data: Float32Array.of(0, 0) };
  expect(() => xent.crossEntropyLoss(onGpu, labels)).toThrow(/data is on 'gpu-buffer', not the CPU/);
  const wrongLength = new ort.Tensor('float32', Float32Array.of(0, 0, 0), [3]);
  expect(() => xent.crossEntropyLoss({ data: wrongLength.data, dims: [2, 2] }, labels)).toThrow(
    'crossEntropyLoss: input.data has 3 elements but shape (2, 2) needs 4',
  );
  const big = new ort.Tensor('int64', BigInt64Array.of(2n ** 60n), [1]);
  expect(() => xent.crossEntropyLoss([[0, 0]], big)).toThrow(/beyond ±2\^53/);
  const outside = new ort.Tensor('int64', BigInt64Array.of(5n), [1]);
  expect(() => xent.crossEntropyLoss([[0, 0]], outside)).toThrow(xent.XentError);
});
