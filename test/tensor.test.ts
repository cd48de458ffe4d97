import { describe, expect, it } from 'vitest';
import { entropy, softmax, Tensor, XentError } from '../src/index.js';

describe('TensorLike inputs', () => {
  it('{ data, shape } with a Float32Array is used without a copy', () => {
    const data = new Float32Array([0, 0, 0, 0]);
    const out = softmax({ data, shape: [2, 2] });
    expect(out.shape).toEqual([2, 2]);
    expect(out.dtype).toBe('float32');
  });

  it('{ data, shape } with plain numbers and integer typed arrays is read as float64', () => {
    expect(softmax({ data: [0, 0], shape: [2] }).dtype).toBe('float64');
    expect(Array.from(softmax(new Int32Array([0, 0])).data)).toEqual([0.5, 0.5]);
  });

  it('a Tensor result feeds back into any function', () => {
    const p = softmax([0, 0]);
    expect(p).toBeInstanceOf(Tensor);
    expect(entropy(p)).toBe(Math.LN2);
    expect(p.rank).toBe(1);
    expect(p.size).toBe(2);
    expect(new Tensor(Float64Array.of(3), []).toArray()).toBe(3);
  });

  it('rejects ragged nesting, non-numbers and shapes that do not fit the data', () => {
    expect(() => softmax([[1, 2], [3]])).toThrow(/x is ragged: x\[1\] has length 1 where 2 was expected/);
    expect(() => softmax(['a'] as unknown as number[])).toThrow(/x holds "a" \(string\)/);
    expect(() => softmax([[1], 2] as unknown as number[][])).toThrow(XentError);
    expect(() => softmax({ data: [1, 2, 3], shape: [2] })).toThrow(
      /x\.data has 3 elements but shape \(2\) needs 2/,
    );
    expect(() => softmax({ data: [1, 2], shape: [-2] })).toThrow(/x\.shape is \[-2\]/);
    expect(() =>
      softmax({ data: [1, 'b'], shape: [2] } as unknown as { data: number[]; shape: number[] }),
    ).toThrow(/holds "b"/);
    expect(() => softmax(null as unknown as number[])).toThrow(/holds null/);
  });

  it('an empty nested array has shape (0)', () => {
    expect(() => entropy([])).not.toThrow();
  });
});
