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

/** The fixture cases with the --json flag's companions: every eval fixture from scikit-learn. */
export const CASES = expected.cases;
