// The public functions through the kernels (forced for every size here) keep the reference
// path's conventions: errors, −Infinity lanes, number results for 1-D input, float32 out.
import { describe, expect, it } from 'vitest';
import { kernelPolicy } from '../../src/fast/policy.js';
import { crossEntropyLoss, logSoftmax, logSumExp, softmax, XentError } from '../../src/index.js';
import { watchKernelRuns } from './kernelRuns.js';

kernelPolicy.minElements = 0;

describe('kernel dispatch', () => {
  it('softmax and logSoftmax of a float32 lane of only −Infinity throw ALL_MASKED naming the lane', () => {
    const x = { data: Float32Array.from([0, 1, -Infinity, -Infinity]), shape: [2, 2] };
    expect(() => softmax(x)).toThrow(XentError);
    expect(() => logSoftmax(x)).toThrow('every logit in the lane starting at x[1, 0] is -Infinity');
  });

  it('logSumExp(float32) gives a number for 1-D, −Infinity for a masked lane, float32 lanes otherwise', () => {
    const runs = watchKernelRuns();
    expect(logSumExp(Float32Array.from([0, 0]))).toBeCloseTo(Math.LN2, 7);
    const lanes = logSumExp({ data: Float32Array.from([0, 0, -Infinity, -Infinity]), shape: [2, 2] });
    expect(lanes).toMatchObject({ shape: [2] });
    const data = (lanes as { data: Float32Array }).data;
    expect(data).toBeInstanceOf(Float32Array);
    expect(data[1]).toBe(-Infinity);
    expect(runs.count).toBe(2);
  });

  it('softmax with a temperature, or along another axis, takes the reference path', () => {
    const runs = watchKernelRuns();
    const x = { data: Float32Array.from([1, 2, 3, 4]), shape: [2, 2] };
    expect(softmax(x, { temperature: 2 }).dtype).toBe('float32');
    expect(softmax(x, { axis: 0 }).dtype).toBe('float32');
    expect(runs.count).toBe(0);
    expect(softmax(x).data).toBeInstanceOf(Float32Array);
    expect(runs.count).toBe(1);
  });

  it('crossEntropyLoss(float32) reports an all −Infinity row through the kernels as ALL_MASKED', () => {
    const x = { data: Float32Array.from([0, 1, -Infinity, -Infinity]), shape: [2, 2] };
    expect(() => crossEntropyLoss(x, [0, 1])).toThrow('lane starting at input[1, 0]');
    expect(crossEntropyLoss(x, [0, -100])).toBeCloseTo(Math.log(1 + Math.E), 6);
  });
});
