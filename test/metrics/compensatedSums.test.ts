import { describe, expect, it } from 'vitest';
import { XentError } from '../../src/index.js';
import { CompensatedSums, decodeNumber, encodeNumber } from '../../src/metrics/compensatedSums.js';

describe('CompensatedSums', () => {
  it('add(i, x) keeps the low bits a plain sum drops', () => {
    const sums = new CompensatedSums(1);
    for (const x of [1e16, 1, 1, -1e16]) sums.add(0, x);
    expect(sums.value(0)).toBe(2);
    expect(1e16 + 1 + 1 - 1e16).toBe(0);
  });

  it('add(i, x) handles a small running sum meeting a large addend', () => {
    const sums = new CompensatedSums(1);
    for (const x of [1, 1e100, 1, -1e100]) sums.add(0, x);
    expect(sums.value(0)).toBe(2);
  });

  it('merge(other) equals one pass over the concatenated addends', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => Math.sin(i) * 10 ** ((i % 7) - 3));
    const whole = new CompensatedSums(1);
    const left = new CompensatedSums(1);
    const right = new CompensatedSums(1);
    values.forEach((x, i) => {
      whole.add(0, x);
      (i < 3333 ? left : right).add(0, x);
    });
    left.merge(right);
    expect(left.value(0)).toBe(whole.value(0));
    expect(left.values()).toEqual([whole.value(0)]);
  });

  it('add(i, Infinity) gives Infinity, not NaN, and survives JSON', () => {
    const sums = new CompensatedSums(2);
    sums.add(0, 1.5);
    sums.add(0, Infinity);
    sums.add(0, 2);
    expect(sums.value(0)).toBe(Infinity);
    const json = JSON.parse(JSON.stringify(sums));
    expect(json).toEqual(['Infinity', 0, 0, 0]);
    expect(CompensatedSums.fromJSON(json, 2, 'test', 'sums').value(0)).toBe(Infinity);
  });

  it('merge(other) rejects a different number of sums', () => {
    expect(() => new CompensatedSums(1).merge(new CompensatedSums(2))).toThrow(/cannot merge 2 sums into 1/);
  });

  it('fromJSON(parts) rejects the wrong length and non-numbers', () => {
    expect(() => CompensatedSums.fromJSON([1], 1, 'test', 'sums')).toThrow(/array of 2 numbers.*length 1/);
    expect(() => CompensatedSums.fromJSON({}, 1, 'test', 'sums')).toThrow(/got \{\}/);
    expect(() => CompensatedSums.fromJSON([1, 'x'], 1, 'test', 'sums')).toThrow(XentError);
  });

  it('encodeNumber and decodeNumber spell non-finite numbers as strings', () => {
    expect([Number.NaN, Infinity, -Infinity, 1].map(encodeNumber)).toEqual([
      'NaN',
      'Infinity',
      '-Infinity',
      1,
    ]);
    expect(decodeNumber('NaN', 'test', 'x')).toBeNaN();
    expect(decodeNumber('-Infinity', 'test', 'x')).toBe(-Infinity);
    expect(() => decodeNumber(null, 'test', 'x')).toThrow(/x is null; expected a number/);
  });
});
