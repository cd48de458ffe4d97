import { describe, expect, it } from 'vitest';
import { logSigmoid, logSoftmax, logSumExp, sigmoid, softmax, type Tensor, XentError } from '../src/index.js';

describe('softmax and logSoftmax', () => {
  it('softmax([1, 2, 3]) is exp(x)/Σ exp(x)', () => {
    const z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    const p = Array.from(softmax([1, 2, 3]).data);
    [1, 2, 3].forEach((x, i) => {
      expect(p[i]).toBeCloseTo(Math.exp(x) / z, 15);
    });
  });

  it('softmax(x, { axis: 0 }) normalises down the columns of a matrix', () => {
    const p = softmax(
      [
        [0, 5],
        [0, 5],
      ],
      { axis: 0 },
    );
    expect(Array.from(p.data)).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(p.toArray()).toEqual([
      [0.5, 0.5],
      [0.5, 0.5],
    ]);
  });

  it('softmax(x, { temperature }) divides the logits first', () => {
    const [low, high] = Array.from(softmax([0, Math.LN2 * 2], { temperature: 2 }).data);
    expect(low).toBeCloseTo(1 / 3, 15);
    expect(high).toBeCloseTo(2 / 3, 15);
  });

  it('softmax gives 0 to −Infinity logits and stays finite for huge ones', () => {
    expect(Array.from(softmax([0, -Infinity]).data)).toEqual([1, 0]);
    expect(Array.from(softmax([1000, 1000]).data)).toEqual([0.5, 0.5]);
  });

  it('softmax throws ALL_MASKED for a lane of −Infinity and keeps NaN in its lane', () => {
    expect(() => softmax([-Infinity, -Infinity])).toThrow(XentError);
    const p = softmax([
      [Number.NaN, 0],
      [0, 0],
    ]);
    expect(p.data[0]).toBeNaN();
    expect(p.data[2]).toBe(0.5);
  });

  it('logSoftmax(x) is x − logSumExp(x), exact where log(softmax) underflows', () => {
    const out = logSoftmax([0, -1000]);
    expect(out.data[0]).toBe(0);
    expect(out.data[1]).toBe(-1000);
    expect(Array.from(logSoftmax([0, 0]).data)).toEqual([-Math.LN2, -Math.LN2]);
  });

  it('softmax(float32) stays float32', () => {
    expect(softmax(new Float32Array([1, 2])).dtype).toBe('float32');
  });

  it('softmax rejects a scalar, a bad axis and a bad temperature', () => {
    expect(() => softmax(3)).toThrow(/scalar/);
    expect(() => softmax([1, 2], { axis: 1 })).toThrow(/axis 1 is out of range for an input of rank 1/);
    expect(() => softmax([1, 2], { temperature: 0 })).toThrow(/invalid temperature: 0/);
    expect(() => softmax([1, 2], { temperature: Infinity })).toThrow(
      /use a finite number in \(0, Infinity\)/,
    );
  });
});

describe('logSumExp', () => {
  it('logSumExp([0, 0]) is ln 2; a matrix gives one value per lane', () => {
    expect(logSumExp([0, 0])).toBe(Math.LN2);
    const rows = logSumExp([
      [0, 0],
      [1, -Infinity],
    ]) as Tensor;
    expect(rows.shape).toEqual([2]);
    expect(Array.from(rows.data)).toEqual([Math.LN2, 1]);
  });

  it('logSumExp of −Infinity lanes is −Infinity, of +Infinity is +Infinity (as torch.logsumexp)', () => {
    expect(logSumExp([-Infinity, -Infinity])).toBe(-Infinity);
    expect(logSumExp([Infinity, 1])).toBe(Infinity);
    expect(logSumExp([Number.NaN, 1])).toBeNaN();
  });

  it('logSumExp(x, { temperature }) is T·logsumexp(x/T), tending to max(x) as T → 0', () => {
    expect(logSumExp([0, 0], { temperature: 2 })).toBeCloseTo(2 * Math.LN2, 15);
    expect(logSumExp([1, 3], { temperature: 1e-3 })).toBeCloseTo(3, 12);
  });
});

describe('sigmoid and logSigmoid', () => {
  it('sigmoid(0) is 1/2 and sigmoid is stable at ±1000', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(-1000)).toBe(0);
    expect(Array.from(sigmoid([Math.log(3)]).data)[0]).toBeCloseTo(0.75, 15);
  });

  it('logSigmoid(x) = −log(1 + e^−x) without overflow', () => {
    expect(logSigmoid(0)).toBe(-Math.LN2);
    expect(logSigmoid(-1000)).toBe(-1000);
    expect(logSigmoid(1000)).toBe(0);
    expect(logSigmoid(new Float32Array([0])).dtype).toBe('float32');
  });
});
