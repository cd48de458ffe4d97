import { describe, expect, it } from 'vitest';
import { chiSquareOneSurvival, studentQuantile, studentTwoSided } from '../../cli/compare/distributions.js';
import { mcnemarTest, pairedTTest } from '../../cli/compare/pairedTests.js';
import { expectedCompare } from '../calibration/fixtures.js';
import { expectClose } from '../metrics/fixtures.js';

interface StudentCase {
  t: number;
  df: number;
  twoSided: number;
  quantile975: number;
}
interface McNemarCase {
  n: number;
  onlyA: number;
  onlyB: number;
  difference: number;
  lower: number;
  upper: number;
  exact: boolean;
  pValue: number;
}
const statistics = expectedCompare.statistics as { studentT: StudentCase[]; mcnemar: McNemarCase[] };

describe("Student's t and the chi-square against scipy.stats", () => {
  for (const { t, df, twoSided, quantile975 } of statistics.studentT) {
    it(`studentTwoSided(${t}, ${df}) and studentQuantile(0.975, ${df}): the tail 2·scipy.stats.t.sf, the quantile the root of scipy's betainc`, () => {
      expectClose(studentTwoSided(t, df) / twoSided, 1, 1e-10, `2·t.sf(|${t}|, ${df}) (as a ratio)`);
      expectClose(studentQuantile(0.975, df), quantile975, 1e-12, `t.ppf(0.975, ${df})`);
    });
  }

  it('chiSquareOneSurvival(x) is P(|Z| ≥ √x): 0.05 at 3.841459, 1 at 0', () => {
    expectClose(chiSquareOneSurvival(3.841458820694124), 0.05, 1e-12, 'chi2.sf(3.84, 1)');
    expect(chiSquareOneSurvival(0)).toBe(1);
  });
});

describe('mcnemarTest against an exact McNemar computation (scipy.stats.binomtest / chi2)', () => {
  for (const c of statistics.mcnemar) {
    it(`mcnemarTest with ${c.onlyA} rows only A got right and ${c.onlyB} only B, of ${c.n}`, () => {
      const a = new Uint8Array(c.n);
      const b = new Uint8Array(c.n);
      for (let i = 0; i < c.n; i++) {
        a[i] = i < c.onlyA || i >= c.onlyA + c.onlyB ? 1 : 0;
        b[i] = i >= c.onlyA ? 1 : 0;
      }
      const result = mcnemarTest(a, b);
      expect([result.onlyA, result.onlyB, result.exact]).toEqual([c.onlyA, c.onlyB, c.exact]);
      expectClose(result.pValue, c.pValue, 1e-12, 'p');
      expectClose(result.difference, c.difference, 1e-15, 'difference');
      expectClose(result.lower, c.lower, 1e-12, 'lower');
      expectClose(result.upper, c.upper, 1e-12, 'upper');
    });
  }
});

describe('pairedTTest', () => {
  it('pairedTTest of rows with one constant difference has no spread: p = 0, or 1 when equal', () => {
    const a = Float64Array.of(1, 2, 3);
    expect(pairedTTest(a, Float64Array.of(2, 3, 4)).pValue).toBe(0);
    expect(pairedTTest(a, a).pValue).toBe(1);
  });
});
