// Checks the fixture files themselves, so a broken regeneration fails before any library test runs.
import { describe, expect, it } from 'vitest';
import { FAMILIES, flatValues, loadFixture } from './compare.js';

const files = FAMILIES.map((family) => ({ family, ...loadFixture(family) }));

describe('golden fixtures', () => {
  it('loadFixture(family) records the seed and the reference versions in every file', () => {
    for (const { family, meta } of files) {
      expect(meta.family).toBe(family);
      expect(typeof meta.seed).toBe('number');
      for (const key of ['torch', 'scipy', 'sklearn', 'python', 'generatedAt']) {
        expect(typeof meta[key], `${family}: meta.${key}`).toBe('string');
      }
    }
  });

  it('loadFixture(family) gives at least 500 cases in all, with unique ids', () => {
    const ids = files.flatMap(({ cases }) => cases.map((c) => c.id));
    expect(ids.length).toBeGreaterThanOrEqual(500);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('flatValues(values) decodes NaN and ±Infinity from their string form', () => {
    expect(flatValues(['NaN', 'Infinity', ['-Infinity', 1.5]])).toEqual([
      Number.NaN,
      Infinity,
      -Infinity,
      1.5,
    ]);
  });

  it('every case covers both dtypes per function, and every loss case has a gradient', () => {
    const dtypes = new Map<string, Set<string>>();
    for (const { cases } of files) {
      for (const c of cases) {
        dtypes.set(c.fn, (dtypes.get(c.fn) ?? new Set()).add(c.dtype));
        if (c.expected.loss !== undefined) expect(c.expected.grad, c.id).toBeDefined();
      }
    }
    for (const [fn, seen] of dtypes) expect([...seen].sort(), fn).toEqual(['float32', 'float64']);
  });
});
