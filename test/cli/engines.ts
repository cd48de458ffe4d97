import { expect } from 'vitest';
import { expected } from '../metrics/fixtures.js';
import { json, xent } from './xent.js';

/** The report fields that describe the run, not the predictions: they differ between engines. */
const RUN_FIELDS = new Set(['seconds', 'rowsPerSecond', 'megabytesPerSecond', 'files']);

/**
 * Checks that two reports agree on every figure: counts and strings exactly, floats to `tolerance`
 * relative (the engines sum in different orders, each compensated), NaN (empty bins) with NaN.
 */
export function expectSameReport(
  actual: unknown,
  reference: unknown,
  tolerance = 1e-12,
  path = 'report',
): void {
  if (Array.isArray(reference)) {
    expect(Array.isArray(actual), `${path} is an array`).toBe(true);
    expect((actual as unknown[]).length, `${path}.length`).toBe(reference.length);
    for (const [i, item] of reference.entries())
      expectSameReport((actual as unknown[])[i], item, tolerance, `${path}[${i}]`);
    return;
  }
  if (reference !== null && typeof reference === 'object') {
    for (const [key, value] of Object.entries(reference)) {
      if (!RUN_FIELDS.has(key))
        expectSameReport((actual as Record<string, unknown>)[key], value, tolerance, `${path}.${key}`);
    }
    return;
  }
  if (typeof reference === 'number' && !Number.isInteger(reference)) {
    const difference = Math.abs((actual as number) - reference);
    if (!(difference <= tolerance * Math.abs(reference)))
      throw new Error(
        `${path}: got ${actual}, the JS engine ${reference}, difference ${difference}, tolerance ${tolerance} relative`,
      );
    return;
  }
  expect(actual, path).toEqual(reference);
}

/** The JS engine's report of a fixture case: the reference every other engine is held to. */
export async function jsReport(file: string, args: readonly string[]): Promise<Record<string, unknown>> {
  return json(await xent(['eval', file, ...args, '--json']));
}

/**
 * Holds a SQL engine's report to the JS engine's. SQL returns the ranking histogram, not the rows:
 * every figure must equal the JS engine's with --exact-rows 0 (its histogram path) to `tolerance`,
 * and its AUC and average precision must lie within their stated bounds of the exact figures
 * (plus `tolerance`, relative: with a bound of 0 the histogram figure is the exact one, summed in
 * another order).
 */
export async function expectJsFigures(
  actual: Record<string, unknown>,
  file: string,
  args: readonly string[],
  tolerance = 1e-12,
  path = 'report',
): Promise<void> {
  expect(actual.ranking, `${path}.ranking`).toBe('histogram');
  expectSameReport(actual, await jsReport(file, [...args, '--exact-rows', '0']), tolerance, path);
  const exact = await jsReport(file, args);
  expect(exact.ranking).toBe('exact');
  for (const figure of ['rocAuc', 'averagePrecision'])
    for (const average of ['macro', 'weighted']) {
      const bounded = actual[figure] as Record<string, number>;
      const wanted = (exact[figure] as Record<string, number>)[average];
      const where = `${path}.${figure}.${average}: ${bounded[average]} ± ${bounded[`${average}Bound`]}, exact ${wanted}`;
      // The bound is of the histogram's method; the sums' rounding adds its 1e-12 on top.
      expect(Math.abs(bounded[average] - wanted), where).toBeLessThanOrEqual(
        bounded[`${average}Bound`] + tolerance * Math.abs(wanted),
      );
    }
}

/** The fixture cases with the --json flag's companions: every eval fixture from scikit-learn. */
export const CASES = expected.cases;
