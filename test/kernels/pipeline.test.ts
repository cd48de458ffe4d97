// The pipelined staging (src/kernels/rows.ts, pipelineRows): with the pool on, arrays outside the
// kernels' memory are copied through a ring of slots while the chunks already copied run. Every
// mix of arrays inside and outside the memory, in place or not, with more chunks than slots (so
// the ring wraps), against the float64 reference.
import { afterEach, describe, expect, it } from 'vitest';
import { logSumExpKernel, softmaxKernel } from '../../src/kernels/activations.js';
import { binaryCrossEntropyWithLogitsKernel } from '../../src/kernels/binaryCrossEntropy.js';
import { allocateKernelArray, freeKernelArray } from '../../src/kernels/buffer.js';
import { crossEntropyIndexKernel, crossEntropyProbabilityKernel } from '../../src/kernels/crossEntropy.js';
import { setKernelThreads } from '../../src/kernels/pool.js';
import { firstOutsideUnitKernel } from '../../src/kernels/validate.js';
import {
  bceLogitsReference,
  crossEntropyIndexReference,
  crossEntropyProbabilityReference,
  expectClose,
  logSoftmaxReference,
  randomLogits,
  seeded,
  softmaxReference,
} from './reference.js';

// 1200 rows of 1001 floats: 4.8 MB, about ten 512 KiB chunks, more than the ring's 8 slots on 2
// threads, so slots are reused while the workers still run earlier chunks.
const rows = 1200;
const classes = 1001;
const size = rows * classes;

const kernelArrays: Float32Array[] = [];
function inKernelMemory(values: Float32Array): Float32Array {
  const array = allocateKernelArray(values.length);
  array.set(values);
  kernelArrays.push(array);
  return array;
}

afterEach(() => {
  for (const array of kernelArrays.splice(0)) freeKernelArray(array);
  setKernelThreads(2);
});

function gradTolerance(expected: ArrayLike<number>): number {
  let largest = 0;
  for (let i = 0; i < expected.length; i++) largest = Math.max(largest, Math.abs(expected[i]));
  return 2e-6 * largest;
}

type Place = 'plain' | 'kernel';
const place = (where: Place, values: Float32Array) =>
  where === 'kernel' ? inKernelMemory(values) : values.slice();

describe('pipelined staging', () => {
  const random = seeded(2024);
  const x = randomLogits(random, size, 12);
  const t = Int32Array.from({ length: rows }, () => Math.floor(random() * classes));
  t[777] = -100;
  const index = crossEntropyIndexReference(x, rows, classes, t, {}, () => 0.5);

  it.each([1, 2, 3])('crossEntropyIndexKernel on %i threads: plain logits, forward', (threads) => {
    setKernelThreads(threads);
    const result = crossEntropyIndexKernel(x.slice(), rows, classes, t);
    expect(result?.maskedRow).toBe(-1);
    expectClose(result!.rowLoss, index.rowLoss, { rtol: 1e-5, atol: 1e-6, label: 'rowLoss' });
  });

  it.each<[Place, Place | 'in place']>([
    ['plain', 'in place'],
    ['plain', 'plain'],
    ['plain', 'kernel'],
    ['kernel', 'plain'],
  ])('crossEntropyIndexKernel: logits %s, gradient %s', (logitsAt, outAt) => {
    const logits = place(logitsAt, x);
    const out = outAt === 'in place' ? logits : place(outAt, new Float32Array(size));
    const result = crossEntropyIndexKernel(logits, rows, classes, t, {}, { out, scale: 0.5 });
    expectClose(result!.rowLoss, index.rowLoss, { rtol: 1e-5, atol: 1e-6, label: 'rowLoss' });
    expectClose(out, index.grad, { rtol: 1e-5, atol: gradTolerance(index.grad), label: 'grad' });
  });

  it('crossEntropyIndexKernel reports the first all −Infinity row, wherever the ring is', () => {
    const masked = x.slice();
    masked.fill(-Infinity, 1100 * classes, 1101 * classes);
    masked.fill(-Infinity, 950 * classes, 951 * classes);
    expect(crossEntropyIndexKernel(masked, rows, classes, t)?.maskedRow).toBe(950);
  });

  // Each row's target: 0.75 on one class, 0.25 on another (or 1 where the two coincide).
  const p = new Float32Array(size);
  for (let r = 0; r < rows; r++) {
    p[r * classes + ((r * 31) % classes)] = 0.75;
    p[r * classes + ((r * 17 + 3) % classes)] += 0.25;
  }
  const probability = crossEntropyProbabilityReference(x, rows, classes, p, {}, () => 2);

  it.each<[Place, Place]>([
    ['plain', 'plain'],
    ['kernel', 'plain'],
    ['plain', 'kernel'],
  ])('crossEntropyProbabilityKernel: logits %s, targets %s, gradient in place', (logitsAt, targetsAt) => {
    const logits = place(logitsAt, x);
    const targets = place(targetsAt, p);
    const result = crossEntropyProbabilityKernel(
      logits,
      rows,
      classes,
      targets,
      {},
      { out: logits, scale: 2 },
    );
    expectClose(result!.rowLoss, probability.rowLoss, { rtol: 1e-5, atol: 1e-6, label: 'rowLoss' });
    expectClose(logits, probability.grad, {
      rtol: 1e-5,
      atol: gradTolerance(probability.grad),
      label: 'grad',
    });
    // (A loop, not toEqual: vitest's deep equality takes seconds on a million elements.)
    expect(targets.every((value, i) => value === p[i])).toBe(true);
  });

  it('binaryCrossEntropyWithLogitsKernel: plain logits and targets, gradient in place', () => {
    const z = Float32Array.from({ length: size }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const expected = bceLogitsReference(x, z, rows, classes);
    const logits = x.slice();
    const rowLoss = binaryCrossEntropyWithLogitsKernel(
      logits,
      z,
      rows,
      classes,
      {},
      { out: logits, scale: 1 },
    );
    expectClose(rowLoss!, expected.rowLoss, { rtol: 1e-5, label: 'rowLoss' });
    expectClose(logits, expected.grad, { rtol: 1e-5, atol: 1e-6, label: 'grad' });
  });

  it('softmaxKernel and logSumExpKernel: plain rows in, a plain output', () => {
    const softmax = softmaxKernel(x, rows, classes);
    expect(softmax?.maskedRow).toBe(-1);
    expectClose(softmax!.out, softmaxReference(x, rows, classes), {
      rtol: 1e-5,
      atol: 1e-7,
      label: 'softmax',
    });
    // log Σ exp of a row is x_c − log softmax(x)_c, for any c (here the first).
    const logSoftmax = logSoftmaxReference(x, rows, classes);
    const expected = Array.from({ length: rows }, (_, r) => x[r * classes] - logSoftmax[r * classes]);
    expectClose(logSumExpKernel(x, rows, classes)!, expected, { rtol: 1e-6, label: 'logSumExp' });
  });

  it('firstOutsideUnitKernel finds the first bad value in a late chunk of a plain array', () => {
    const p = new Float32Array(size).fill(0.5);
    p[size - 3] = 2;
    p[1_000_003] = -0.25;
    expect(firstOutsideUnitKernel(p)).toBe(1_000_003);
  });
});
