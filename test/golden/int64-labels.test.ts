// Issue #12: int64 labels (BigInt64Array, what ONNX Runtime and exported PyTorch models give) are
// class indices like any other. The PyTorch golden cross-entropy and NLL cases run again with every
// class-index target handed over as int64, and must match the same references.
import { afterAll, expect, it } from 'vitest';
import * as xent from '../../src/index.js';
import { runGoldenSuite } from './compare.js';

const CLASS_INDEX_LOSSES = ['crossEntropyLoss', 'crossEntropyLossWithGrad', 'nllLoss', 'nllLossWithGrad'];
let converted = 0;

/** An Int32Array target (bare or in { data, shape }) as a BigInt64Array; anything else as it is. */
function asInt64(target: unknown): unknown {
  if (target instanceof Int32Array) {
    converted++;
    return BigInt64Array.from(target, (label) => BigInt(label));
  }
  if (
    typeof target === 'object' &&
    target !== null &&
    'data' in target &&
    target.data instanceof Int32Array
  ) {
    const { data, shape } = target as { data: Int32Array; shape: number[] };
    converted++;
    return { data: BigInt64Array.from(data, (label) => BigInt(label)), shape };
  }
  if (typeof target === 'number' && Number.isInteger(target)) {
    converted++;
    return BigInt64Array.of(BigInt(target));
  }
  return target;
}

const int64Api = Object.fromEntries(
  Object.entries(xent).map(([name, fn]) => {
    if (!CLASS_INDEX_LOSSES.includes(name)) return [name, fn];
    const call = fn as (input: unknown, target: unknown, options?: unknown) => unknown;
    return [
      name,
      (input: unknown, target: unknown, options?: unknown) => call(input, asInt64(target), options),
    ];
  }),
);

runGoldenSuite('int64 labels', int64Api, { families: ['cross-entropy'] });

afterAll(() => {
  // 248 class-index cases (208 cross-entropy, 40 NLL), most with a gradient case too; those whose
  // target is a plain nested array stay as they are. 360 loss and gradient calls took int64.
  expect(converted).toBeGreaterThan(300);
});

it('int64 labels: a meter and oneHot read them; a label beyond ±2^53 is INDEX_OUT_OF_RANGE', () => {
  const labels = BigInt64Array.of(0n, 2n, 1n);
  expect(xent.oneHot(labels, { numClasses: 3 }).toArray()).toEqual([
    [1, 0, 0],
    [0, 0, 1],
    [0, 1, 0],
  ]);
  const probabilities = [
    [0.5, 0.25, 0.25],
    [0.25, 0.25, 0.5],
    [0.25, 0.5, 0.25],
  ];
  // Every row gives its label probability 0.5: log loss ln 2, by hand.
  expect(new xent.LogLossMeter().update({ probabilities, labels }).compute().logLoss).toBeCloseTo(
    Math.LN2,
    15,
  );
  expect(xent.crossEntropyLoss([[0, 0]], BigUint64Array.of(1n))).toBeCloseTo(Math.LN2, 15);
  expect(xent.crossEntropyLoss([[0, 0]], BigInt64Array.of(-100n))).toBeNaN();
  let error: unknown;
  try {
    xent.crossEntropyLoss(
      [
        [0, 0],
        [0, 0],
      ],
      BigInt64Array.of(0n, 2n ** 53n),
    );
  } catch (thrown) {
    error = thrown;
  }
  expect(error).toBeInstanceOf(xent.XentError);
  expect((error as xent.XentError).code).toBe('INDEX_OUT_OF_RANGE');
  expect((error as xent.XentError).message).toBe(
    'crossEntropyLoss: target[1] = 9007199254740992n is beyond ±2^53, so it is no class index (and not exact as a number); pass class indices in [0, C)',
  );
  expect(() => xent.crossEntropyLoss([[0, 0]], [[0n, 1n]] as never)).toThrow(xent.XentError);
  expect(() => xent.smoothLabels(BigInt64Array.of(1n), 0.1)).toThrow(/holds int64 values/);
});

it('int64 labels on the fast path (a batch big enough for the kernels) give the Int32Array result', () => {
  const rows = 2000;
  const classes = 100;
  const logits = Float32Array.from({ length: rows * classes }, (_, i) => Math.sin(i));
  const labels = Int32Array.from({ length: rows }, (_, i) => (i * 7) % classes);
  const input = { data: logits, shape: [rows, classes] };
  const int64 = BigInt64Array.from(labels, (label) => BigInt(label));
  expect(xent.crossEntropyLoss(input, int64)).toBe(xent.crossEntropyLoss(input, labels));
  const expected = xent.crossEntropyLossWithGrad(input, labels).grad.data;
  expect(xent.crossEntropyLossWithGrad(input, int64).grad.data).toEqual(expected);
});
