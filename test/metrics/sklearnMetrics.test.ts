// The figures beside log loss against scikit-learn and SciPy (test/fixtures/metrics.json, written
// by scripts/generate_metric_fixtures.py): binary and multi-class, with ties, with sample weights;
// and every one of them the same when the rows are split into shards and the states merged.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type ClassificationBatch,
  ClassificationMeter,
  type ClassificationResult,
  TopKAccuracyMeter,
} from '../../src/index.js';
import { expectClose, type FiguresBesideLogLoss } from './fixtures.js';

interface Interval {
  lower: number;
  upper: number;
}

interface MetricCase {
  name: string;
  probabilities: number[] | number[][];
  labels: number[];
  sampleWeight: number[] | null;
  expected: FiguresBesideLogLoss & { logLoss: number; accuracy: number; count: number };
}

const fixtures: { cases: MetricCase[] } = JSON.parse(
  readFileSync(new URL('../fixtures/metrics.json', import.meta.url), 'utf8'),
);

/** Rows [from, to) of a case as a batch. */
function batchOf(c: MetricCase, from = 0, to = c.labels.length): ClassificationBatch {
  const batch: ClassificationBatch = {
    probabilities: c.probabilities.slice(from, to) as number[],
    labels: c.labels.slice(from, to),
  };
  if (c.sampleWeight !== null) batch.sampleWeight = c.sampleWeight.slice(from, to);
  return batch;
}

const TOLERANCE = 1e-12;

function checkInterval(actual: Interval, wanted: Interval, what: string): void {
  expectClose(actual.lower, wanted.lower, TOLERANCE, `${what}.lower`);
  expectClose(actual.upper, wanted.upper, TOLERANCE, `${what}.upper`);
}

function checkAgainstScikitLearn(result: ClassificationResult, wanted: MetricCase['expected']): void {
  expectClose(result.logLoss, wanted.logLoss, TOLERANCE, 'logLoss');
  checkInterval(result.logLossInterval, wanted.logLossInterval, 'logLossInterval');
  expectClose(result.accuracy, wanted.accuracy, TOLERANCE, 'accuracy');
  checkInterval(result.accuracyInterval, wanted.accuracyInterval, 'accuracyInterval');
  expectClose(result.brier, wanted.brier, TOLERANCE, 'brier');
  checkInterval(result.brierInterval, wanted.brierInterval, 'brierInterval');
  result.confusionMatrix?.forEach((row, i) => {
    row.forEach((cell, j) => {
      expectClose(cell, wanted.confusionMatrix[i][j], TOLERANCE, `confusionMatrix[${i}][${j}]`);
    });
  });
  expect(result.confusionMatrix).toHaveLength(wanted.confusionMatrix.length);
  const { ranking } = result;
  expect(ranking.method).toBe('exact');
  for (const average of ['macro', 'weighted'] as const) {
    expectClose(ranking.rocAuc[average], wanted.rocAuc[average], TOLERANCE, `rocAuc.${average}`);
    expectClose(
      ranking.averagePrecision[average],
      wanted.averagePrecision[average],
      TOLERANCE,
      `averagePrecision.${average}`,
    );
  }
  expect(ranking.perClass.map((c) => c.label)).toEqual(wanted.perClass.map((c) => c.label));
  ranking.perClass.forEach((c, t) => {
    expectClose(c.rocAuc, wanted.perClass[t].rocAuc, TOLERANCE, `perClass[${t}].rocAuc`);
    expectClose(
      c.averagePrecision,
      wanted.perClass[t].averagePrecision,
      TOLERANCE,
      `perClass[${t}].averagePrecision`,
    );
  });
  expectClose(result.classwiseEce, wanted.classwiseEce, TOLERANCE, 'classwiseEce');
  expectClose(result.equalMassEce, wanted.equalMassEce, TOLERANCE, 'equalMassEce');
  expect(result.count).toBe(wanted.count);
}

describe('ClassificationMeter against scikit-learn and SciPy', () => {
  for (const c of fixtures.cases) {
    it(`ClassificationMeter.compute() matches scikit-learn: ${c.name}`, () => {
      checkAgainstScikitLearn(new ClassificationMeter().update(batchOf(c)).compute(), c.expected);
    });

    it(`TopKAccuracyMeter matches top_k_accuracy_score for k = 1, 2, 3: ${c.name}`, () => {
      for (const [k, wanted] of Object.entries(c.expected.topK)) {
        const meter = new TopKAccuracyMeter({ k: Number(k) }).update(batchOf(c));
        expectClose(meter.compute().topKAccuracy, wanted, TOLERANCE, `top-${k} accuracy`);
      }
    });

    it(`ClassificationMeter: three shards merged through JSON give the whole file's figures: ${c.name}`, () => {
      const rows = c.labels.length;
      const cuts = [0, Math.floor(rows / 5), Math.floor((2 * rows) / 3), rows];
      const merged = new ClassificationMeter();
      for (let s = 0; s < 3; s++) {
        const shard = new ClassificationMeter().update(batchOf(c, cuts[s], cuts[s + 1]));
        merged.merge(ClassificationMeter.fromJSON(JSON.parse(JSON.stringify(shard.toJSON()))));
      }
      checkAgainstScikitLearn(merged.compute(), c.expected);
      const whole = new ClassificationMeter().update(batchOf(c)).compute();
      expect(roundAll(merged.compute())).toEqual(roundAll(whole));
    });
  }
});

/** Every number rounded to 12 significant digits: merged and whole sums differ in the last bits only. */
function roundAll(value: unknown): unknown {
  if (typeof value === 'number')
    return Number.isFinite(value) ? Number(value.toPrecision(12)) : String(value);
  if (Array.isArray(value)) return value.map(roundAll);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, roundAll(entry)]));
  }
  return value;
}
