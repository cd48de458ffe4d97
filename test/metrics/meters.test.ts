import { describe, expect, it } from 'vitest';
import {
  AccuracyMeter,
  CalibrationMeter,
  type ClassificationBatch,
  ClassificationMeter,
  LogLossMeter,
  type XentError,
} from '../../src/index.js';
import { calibrationBin } from '../../src/metrics/calibrationMeter.js';
import { checkFigures, type ExpectedFigures, fixtureCase, readDelimited, readJsonLines } from './fixtures.js';

interface Loaded {
  batch: ClassificationBatch;
  expected: ExpectedFigures;
  base?: number;
}

function irisProbabilities(): Loaded {
  const columns = readDelimited('iris_proba.csv', ',');
  const names = ['setosa', 'versicolor', 'virginica'];
  const rows = columns.species.length;
  const probabilities = Array.from({ length: rows }, (_, i) => names.map((n) => Number(columns[n][i])));
  const labels = columns.species.map((s) => names.indexOf(s));
  return { batch: { probabilities, labels }, expected: fixtureCase('iris_proba.csv').expected };
}

function irisLogits(): Loaded {
  const columns = readDelimited('iris_logits.tsv', '\t');
  const logits = columns.z0.map((_, i) => [0, 1, 2].map((k) => Number(columns[`z${k}`][i])));
  return {
    batch: { logits, labels: columns.label.map(Number), sampleWeight: columns.weight.map(Number) },
    expected: fixtureCase('iris_logits.tsv').expected,
    base: 2,
  };
}

function breastCancerNaiveBayes(): Loaded {
  const rows = readJsonLines('breast_cancer_nb.jsonl');
  return {
    batch: { probabilities: rows.map((r) => r.p_benign), labels: rows.map((r) => r.y) },
    expected: fixtureCase('breast_cancer_nb.jsonl').expected,
  };
}

function breastCancerLogits(): Loaded {
  const columns = readDelimited('breast_cancer_logit.csv', ',');
  return {
    batch: { logits: Float64Array.from(columns.logit, Number), labels: Int32Array.from(columns.y, Number) },
    expected: fixtureCase('breast_cancer_logit.csv').expected,
  };
}

const fixtures: [string, () => Loaded][] = [
  ['iris probabilities', irisProbabilities],
  ['iris logits with sample weights, bits', irisLogits],
  ['breast cancer naive Bayes (binary, clipped)', breastCancerNaiveBayes],
  ['breast cancer single logit', breastCancerLogits],
];

/** Splits a batch's rows into [0, cut) and [cut, N). */
function split(batch: ClassificationBatch, cut: number): [ClassificationBatch, ClassificationBatch] {
  const part = (from: number, to?: number): ClassificationBatch => {
    const slice = (x: unknown) => (x === undefined ? undefined : (x as number[]).slice(from, to));
    const out: ClassificationBatch = { labels: slice(batch.labels) as number[] };
    if (batch.probabilities !== undefined) out.probabilities = slice(batch.probabilities) as number[];
    if (batch.logits !== undefined) out.logits = slice(batch.logits) as number[];
    if (batch.sampleWeight !== undefined) out.sampleWeight = slice(batch.sampleWeight) as number[];
    return out;
  };
  return [part(0, cut), part(cut)];
}

describe('ClassificationMeter on scikit-learn predictions', () => {
  for (const [name, load] of fixtures) {
    it(`ClassificationMeter.update(batch).compute() matches scikit-learn: ${name}`, () => {
      const { batch, expected, base } = load();
      const meter = new ClassificationMeter(base === undefined ? {} : { base });
      checkFigures(meter.update(batch).compute(), expected);
    });

    it(`ClassificationMeter.merge(shard) equals one pass over all rows: ${name}`, () => {
      const { batch, expected, base } = load();
      const options = base === undefined ? {} : { base };
      const whole = new ClassificationMeter(options).update(batch).compute();
      const [a, b] = split(batch, 31);
      const left = new ClassificationMeter(options).update(a);
      const right = ClassificationMeter.fromJSON(
        JSON.parse(JSON.stringify(new ClassificationMeter(options).update(b))),
      );
      const merged = left.merge(right).compute();
      expect(merged).toEqual(whole);
      checkFigures(merged, expected);
    });
  }
});

describe('single-purpose meters', () => {
  it('LogLossMeter.update(batch).compute() gives −ln 0.8 for one row', () => {
    const result = new LogLossMeter().update({ probabilities: [[0.8, 0.2]], labels: [0] }).compute();
    expect(result.logLoss).toBeCloseTo(-Math.log(0.8), 15);
    expect(result.perplexity).toBeCloseTo(1.25, 14);
    // One class seen: the base-rate loss is 0, so the ratio is infinite.
    expect(result.normalizedEntropy).toBe(Infinity);
    expect(result.perClass[1]).toEqual({ label: 1, count: 0, weight: 0, logLoss: Number.NaN });
  });

  it('LogLossMeter({ base: 2 }) reports bits; perplexity does not depend on the base', () => {
    const batch = { probabilities: [0.25, 0.5], labels: [1, 1] };
    const bits = new LogLossMeter({ base: 2 }).update(batch).compute();
    expect(bits.logLoss).toBeCloseTo(1.5, 15);
    expect(bits.perplexity).toBeCloseTo(2 ** 1.5, 14);
  });

  it('LogLossMeter({ eps: 0 }) gives Infinity for a zero probability of the label', () => {
    const meter = new LogLossMeter({ eps: 0 }).update({ probabilities: [0, 1], labels: [1, 1] });
    expect(meter.compute().logLoss).toBe(Infinity);
    expect(LogLossMeter.fromJSON(JSON.parse(JSON.stringify(meter))).compute().logLoss).toBe(Infinity);
  });

  it('LogLossMeter clips to [eps, 1 − eps] and counts the clipped values', () => {
    const result = new LogLossMeter({ eps: 0.1 }).update({ probabilities: [[1, 0]], labels: [0] }).compute();
    expect(result.clipped).toBe(2);
    expect(result.logLoss).toBeCloseTo(-Math.log(0.9), 15);
  });

  it('AccuracyMeter gives ties to the lower class and p = 0.5 to class 0', () => {
    const meter = new AccuracyMeter().update({
      probabilities: [
        [0.5, 0.5],
        [0.2, 0.8],
      ],
      labels: [0, 0],
    });
    expect(meter.compute()).toMatchObject({ accuracy: 0.5, count: 2, weight: 2 });
    expect(new AccuracyMeter().update({ probabilities: [0.5], labels: [0] }).compute().accuracy).toBe(1);
  });

  it('AccuracyMeter weighs rows by sampleWeight', () => {
    const meter = new AccuracyMeter().update({ logits: [3, -3], labels: [1, 1], sampleWeight: [3, 1] });
    expect(meter.compute()).toMatchObject({ accuracy: 0.75, count: 2, weight: 4 });
    expect(AccuracyMeter.fromJSON(meter.toJSON()).compute()).toEqual(meter.compute());
  });

  it('CalibrationMeter: ECE of two rows at confidence 0.9, one right, is 0.4', () => {
    const meter = new CalibrationMeter().update({ probabilities: [0.9, 0.9], labels: [1, 0] });
    const result = meter.compute();
    expect(result.ece).toBeCloseTo(0.4, 15);
    expect(result.mce).toBeCloseTo(0.4, 15);
    expect(result.bins[13]).toMatchObject({ count: 2, weight: 2, accuracy: 0.5 });
    expect(CalibrationMeter.fromJSON(JSON.parse(JSON.stringify(meter))).compute()).toEqual(result);
  });

  it('calibrationBin(c, 15) puts bin edges in the lower bin: (lower, upper]', () => {
    expect(calibrationBin(0, 15)).toBe(0);
    expect(calibrationBin(1 / 15, 15)).toBe(0);
    expect(calibrationBin(0.5, 15)).toBe(7);
    expect(calibrationBin(1, 15)).toBe(14);
  });

  it('empty meters report NaN', () => {
    expect(new CalibrationMeter().compute().ece).toBeNaN();
    expect(new AccuracyMeter().compute().accuracy).toBeNaN();
    expect(new LogLossMeter().compute().logLoss).toBeNaN();
    expect(new LogLossMeter({ numClasses: 3 }).compute().perClass).toHaveLength(3);
  });

  it('ClassificationMeter.update handles an empty batch', () => {
    const meter = new ClassificationMeter({ numClasses: 2 }).update({
      logits: { data: [], shape: [0, 2] },
      labels: [],
    });
    expect(meter.compute().count).toBe(0);
  });

  it('LogLossMeter({ renormalize: true }) divides rows by their sums', () => {
    const meter = new LogLossMeter({ renormalize: true }).update({ probabilities: [[2, 6]], labels: [1] });
    expect(meter.compute().logLoss).toBeCloseTo(-Math.log(0.75), 15);
  });
});

describe('meter errors', () => {
  const error = (f: () => unknown): XentError => {
    try {
      f();
    } catch (e) {
      return e as XentError;
    }
    throw new Error('expected a throw');
  };

  it('update(batch) rejects labels out of range, naming the row', () => {
    const e = error(() =>
      new LogLossMeter().update({
        probabilities: [
          [0.5, 0.5],
          [1, 0],
        ],
        labels: [0, 2],
      }),
    );
    expect(e.code).toBe('INDEX_OUT_OF_RANGE');
    expect(e.message).toBe(
      'LogLossMeter.update: labels[1] = 2 is not a class index for 2 classes; use an integer in [0, 1]',
    );
    expect(error(() => new AccuracyMeter().update({ logits: [1], labels: [-100] })).index).toBe(0);
    expect(error(() => new AccuracyMeter().update({ logits: [1], labels: [0.5] })).code).toBe(
      'INDEX_OUT_OF_RANGE',
    );
  });

  it('update(batch) rejects rows that do not sum to 1 and probabilities outside [0, 1]', () => {
    const e = error(() => new LogLossMeter().update({ probabilities: [[0.5, 0.6]], labels: [0] }));
    expect(e.code).toBe('NOT_NORMALIZED');
    expect(e.message).toMatch(/row 0 sums to 1\.1, not 1 .*renormalize: true/);
    expect(error(() => new LogLossMeter().update({ probabilities: [1.5], labels: [0] })).code).toBe(
      'INVALID_PROBABILITY',
    );
    expect(
      error(() => new LogLossMeter().update({ probabilities: [[Number.NaN, 1]], labels: [0] })).index,
    ).toBe(0);
  });

  it('update(batch) checks shapes, weights and the probabilities/logits choice', () => {
    expect(error(() => new LogLossMeter().update({ labels: [0] })).message).toMatch(/exactly one of/);
    expect(
      error(() => new LogLossMeter().update({ logits: [1], probabilities: [1], labels: [0] })).code,
    ).toBe('INVALID_INPUT');
    expect(error(() => new LogLossMeter().update({ logits: [[[1]]], labels: [0] })).code).toBe(
      'INVALID_SHAPE',
    );
    expect(error(() => new LogLossMeter().update({ logits: [1, 2], labels: [0] })).code).toBe(
      'SHAPE_MISMATCH',
    );
    expect(
      error(() => new LogLossMeter().update({ logits: [1], labels: [0], sampleWeight: [1, 2] })).code,
    ).toBe('SHAPE_MISMATCH');
    const weight = error(() => new LogLossMeter().update({ logits: [1], labels: [0], sampleWeight: [-1] }));
    expect(weight.message).toMatch(/sampleWeight\[0\] = -1; a sample weight must be a finite number ≥ 0/);
  });

  it('update(batch) rejects a batch with another number of classes', () => {
    const meter = new LogLossMeter().update({ logits: [1], labels: [0] });
    expect(error(() => meter.update({ logits: [[1, 2, 3]], labels: [0] })).message).toMatch(
      /counts 2 classes but got 3/,
    );
  });

  it('merge(other) rejects another meter kind, other options or class counts', () => {
    const meter = new LogLossMeter();
    expect(error(() => meter.merge(new AccuracyMeter() as unknown as LogLossMeter)).message).toMatch(
      /cannot merge a AccuracyMeter into a LogLossMeter/,
    );
    expect(error(() => meter.merge(new LogLossMeter({ eps: 1e-7 }))).code).toBe('INVALID_OPTION');
    expect(
      error(() => new LogLossMeter({ numClasses: 2 }).merge(new LogLossMeter({ numClasses: 3 }))).code,
    ).toBe('SHAPE_MISMATCH');
    expect(error(() => new ClassificationMeter().merge({} as ClassificationMeter)).code).toBe(
      'INVALID_INPUT',
    );
    expect(new LogLossMeter().merge(new LogLossMeter()).compute().count).toBe(0);
  });

  it('constructors check their options', () => {
    expect(error(() => new LogLossMeter({ eps: 0.7 })).message).toMatch(/invalid eps: 0\.7/);
    expect(error(() => new LogLossMeter({ numClasses: 1 })).argument).toBe('numClasses');
    expect(error(() => new CalibrationMeter({ bins: 0 })).argument).toBe('bins');
    expect(error(() => new LogLossMeter({ base: 1 })).argument).toBe('base');
  });

  it('fromJSON(state) rejects what toJSON did not write', () => {
    expect(error(() => LogLossMeter.fromJSON(null)).message).toMatch(/not a version-2 LogLossMeter state/);
    expect(error(() => LogLossMeter.fromJSON(new AccuracyMeter().toJSON())).code).toBe('INVALID_INPUT');
    expect(error(() => ClassificationMeter.fromJSON({ type: 'x' })).message).toMatch(
      /not a version-2 ClassificationMeter state/,
    );
    const state = new LogLossMeter().update({ logits: [1], labels: [0] }).toJSON();
    expect(error(() => LogLossMeter.fromJSON({ ...state, classRows: [1] })).message).toMatch(
      /array of 2 counts/,
    );
    expect(error(() => LogLossMeter.fromJSON({ ...state, rows: -1 })).argument).toBe('rows');
    expect(LogLossMeter.fromJSON(new LogLossMeter().toJSON()).numClasses).toBeUndefined();
  });
});
