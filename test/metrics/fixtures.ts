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
  /** The figures beside log loss, from generate_metric_fixtures.py's `figures` (top-5 accuracy only). */
  beside?: FiguresBesideLogLoss;
}

interface Interval {
  lower: number;
  upper: number;
}

export interface FiguresBesideLogLoss {
  logLossInterval: Interval;
  accuracyInterval: Interval;
  brier: number;
  brierInterval: Interval;
  topK: Record<string, number>;
  confusionMatrix: number[][];
  rocAuc: { macro: number; weighted: number };
  averagePrecision: { macro: number; weighted: number };
  perClass: { label: number; rocAuc: number; averagePrecision: number }[];
  classwiseEce: number;
  equalMassEce: number;
}

/** What `xent eval --json` reports beside log loss (null where a figure is undefined). */
export interface ReportBesideLogLoss {
  logLossInterval: Interval | null;
  accuracyInterval: Interval | null;
  brier: number;
  brierInterval: Interval | null;
  topK: number;
  topKAccuracy: number;
  confusionMatrix: number[][] | null;
  rocAuc: { macro: number | null; weighted: number | null };
  averagePrecision: { macro: number | null; weighted: number | null };
  perClass: { label: number; rocAuc: number | null; averagePrecision: number | null }[];
  classwiseEce: number;
  equalMassEce: number;
}

/**
 * Compares a report's figures beside log loss with scikit-learn's. The log loss interval is in the
 * report's unit (`divisor` = ln base) and, from logits, the fixture's comes from clipped softmax
 * probabilities, hence the looser tolerance there.
 */
export function checkFiguresBeside(
  report: ReportBesideLogLoss,
  wanted: FiguresBesideLogLoss,
  divisor = 1,
): void {
  const close = (actual: number | null | undefined, target: number, what: string, tolerance = 1e-12) =>
    expectClose(actual ?? Number.NaN, target, tolerance, what);
  close(report.logLossInterval?.lower, wanted.logLossInterval.lower / divisor, 'logLossInterval.lower', 1e-9);
  close(report.logLossInterval?.upper, wanted.logLossInterval.upper / divisor, 'logLossInterval.upper', 1e-9);
  close(report.accuracyInterval?.lower, wanted.accuracyInterval.lower, 'accuracyInterval.lower');
  close(report.accuracyInterval?.upper, wanted.accuracyInterval.upper, 'accuracyInterval.upper');
  close(report.brier, wanted.brier, 'brier');
  close(report.brierInterval?.lower, wanted.brierInterval.lower, 'brierInterval.lower');
  close(report.brierInterval?.upper, wanted.brierInterval.upper, 'brierInterval.upper');
  close(report.topKAccuracy, wanted.topK[String(report.topK)], `top-${report.topK} accuracy`);
  for (const average of ['macro', 'weighted'] as const) {
    close(report.rocAuc[average], wanted.rocAuc[average], `rocAuc.${average}`);
    close(report.averagePrecision[average], wanted.averagePrecision[average], `averagePrecision.${average}`);
  }
  for (const task of wanted.perClass) {
    const row = report.perClass.find((c) => c.label === task.label);
    close(row?.rocAuc, task.rocAuc, `perClass[${task.label}].rocAuc`);
    close(row?.averagePrecision, task.averagePrecision, `perClass[${task.label}].averagePrecision`);
  }
  expect(report.confusionMatrix).toHaveLength(wanted.confusionMatrix.length);
  wanted.confusionMatrix.forEach((row, i) => {
    row.forEach((cell, j) => {
      close(report.confusionMatrix?.[i][j], cell, `confusionMatrix[${i}][${j}]`);
    });
  });
  close(report.classwiseEce, wanted.classwiseEce, 'classwiseEce');
  close(report.equalMassEce, wanted.equalMassEce, 'equalMassEce');
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
