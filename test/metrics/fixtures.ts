import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/** The CLI fixtures directory, whose prediction files and expected figures the meters reuse. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/cli/', import.meta.url));

/** The figures scikit-learn gave (expected.json), and the shape the meters and `xent eval --json` report. */
export interface ExpectedFigures {
  logLoss: number;
  perplexity: number;
  accuracy: number;
  normalizedEntropy: number;
  ece: number;
  count: number;
  clipped: number;
  perClass: { label: number; count: number; logLoss: number }[];
  reliability: { count: number; confidence: number | string; accuracy: number | string }[];
}

export interface FixtureCase {
  name: string;
  file: string;
  args: string[];
  expected: ExpectedFigures;
}

export const expected: { cases: FixtureCase[] } = JSON.parse(
  readFileSync(`${FIXTURES}expected.json`, 'utf8'),
);

export function fixtureCase(file: string): FixtureCase {
  const found = expected.cases.find((c) => c.file === file);
  if (!found) throw new Error(`no fixture case for ${file}`);
  return found;
}

/** Reads a small delimited fixture into named columns of strings (no quoting in these files). */
export function readDelimited(file: string, delimiter: string): Record<string, string[]> {
  const [header, ...lines] = readFileSync(`${FIXTURES}${file}`, 'utf8').trimEnd().split('\n');
  const names = header.split(delimiter);
  const columns: Record<string, string[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const line of lines) {
    line.split(delimiter).forEach((cell, i) => {
      columns[names[i]].push(cell);
    });
  }
  return columns;
}

export function readJsonLines(file: string): Record<string, number>[] {
  return readFileSync(`${FIXTURES}${file}`, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));
}

/** Relative closeness with a message that shows both numbers and the tolerance. */
export function expectClose(actual: number, wanted: number | string, tolerance: number, what: string): void {
  const target = typeof wanted === 'string' ? Number(wanted) : wanted;
  if (Number.isNaN(target) && Number.isNaN(actual)) return;
  const difference = Math.abs(actual - target);
  if (!(difference <= tolerance * Math.max(1, Math.abs(target)))) {
    throw new Error(
      `${what}: got ${actual}, expected ${target}, difference ${difference}, tolerance ${tolerance}`,
    );
  }
}

/** Compares every reported figure with scikit-learn's (relative tolerance `tolerance`). */
export function checkFigures(report: ExpectedFigures, wanted: ExpectedFigures, tolerance = 1e-12): void {
  for (const key of ['logLoss', 'perplexity', 'accuracy', 'normalizedEntropy', 'ece'] as const) {
    expectClose(report[key], wanted[key], tolerance, key);
  }
  expect(report.count).toBe(wanted.count);
  expect(report.clipped).toBe(wanted.clipped);
  report.perClass.forEach((c, k) => {
    expect(c.count).toBe(wanted.perClass[k].count);
    expectClose(c.logLoss, wanted.perClass[k].logLoss, tolerance, `perClass[${k}].logLoss`);
  });
  report.reliability.forEach((bin, b) => {
    expect(bin.count).toBe(wanted.reliability[b].count);
    expectClose(Number(bin.confidence), wanted.reliability[b].confidence, tolerance, `bin ${b} confidence`);
    expectClose(Number(bin.accuracy), wanted.reliability[b].accuracy, tolerance, `bin ${b} accuracy`);
  });
}
