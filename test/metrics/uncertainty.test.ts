// Intervals and the per-row Brier helper by hand math; the bootstrap by its properties (the
// sklearn fixtures check the normal and Wilson intervals against SciPy in sklearnMetrics.test.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AccuracyMeter,
  BrierMeter,
  brierScore,
  ClassificationMeter,
  LogLossMeter,
  type XentError,
} from '../../src/index.js';
import { wilsonInterval, Z95 } from '../../src/metrics/intervals.js';

interface Case {
  name: string;
  probabilities: number[][];
  labels: number[];
}

const fixtures: { cases: Case[] } = JSON.parse(
  readFileSync(new URL('../fixtures/metrics.json', import.meta.url), 'utf8'),
);

function thrown(call: () => unknown): XentError {
  try {
    call();
  } catch (error) {
    return error as XentError;
  }
  throw new Error('expected a XentError, got a result');
}

describe('brierScore', () => {
  it('brierScore(batch) of a binary column is the mean (p − y)²: ((0.1)² + (0.2)²) / 2 = 0.025', () => {
    const batch = { probabilities: [0.9, 0.2], labels: [1, 0] };
    expect(brierScore(batch)).toBeCloseTo(0.025, 15);
    expect(Array.from(brierScore(batch, { reduction: 'none' }))).toEqual([
      expect.closeTo(0.01, 15),
      expect.closeTo(0.04, 15),
    ]);
    expect(brierScore(batch, { reduction: 'sum' })).toBeCloseTo(0.05, 15);
  });

  it('brierScore(batch) of three classes is the squared distance to one-hot: 0.3² + 0.2² + 0.1² = 0.14', () => {
    expect(brierScore({ probabilities: [[0.7, 0.2, 0.1]], labels: [0] })).toBeCloseTo(0.14, 15);
  });

  it('brierScore(batch) reads logits through the softmax and weighs rows', () => {
    expect(brierScore({ logits: [0, 0], labels: [1, 0] })).toBeCloseTo(0.25, 15);
    const weighted = brierScore({ probabilities: [0.9, 0.2], labels: [1, 0], sampleWeight: [3, 1] });
    expect(weighted).toBeCloseTo((3 * 0.01 + 0.04) / 4, 15);
  });

  it('brierScore(batch, { reduction: "avg" }) throws INVALID_OPTION naming the option', () => {
    const error = thrown(() =>
      brierScore({ probabilities: [0.5], labels: [1] }, { reduction: 'avg' as 'mean' }),
    );
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.argument).toBe('reduction');
  });
});

describe('confidence intervals', () => {
  it('wilsonInterval(0, 10) is [0, z²/(n + z²)], where the Wald interval collapses to [0, 0]', () => {
    const { lower, upper } = wilsonInterval(0, 10);
    expect(lower).toBe(0);
    expect(upper).toBeCloseTo((Z95 * Z95) / (10 + Z95 * Z95), 14);
  });

  it('LogLossMeter: three rows of loss ln 2, ln 4, ln 8 give mean 2·ln 2 ± 1.96 · ln 2 / √3', () => {
    const meter = new LogLossMeter().update({ probabilities: [0.5, 0.25, 0.125], labels: [1, 1, 1] });
    const { logLoss, logLossInterval } = meter.compute();
    expect(logLoss).toBeCloseTo(2 * Math.LN2, 14);
    // The losses are ln 2 · (1, 2, 3): sample standard deviation ln 2, standard error ln 2 / √3.
    const halfWidth = (Z95 * Math.LN2) / Math.sqrt(3);
    expect(logLossInterval.lower).toBeCloseTo(2 * Math.LN2 - halfWidth, 14);
    expect(logLossInterval.upper).toBeCloseTo(2 * Math.LN2 + halfWidth, 14);
    expect(logLossInterval.method).toBe('normal');
  });

  it('LogLossMeter({ base: 2 }) reports its interval in bits too', () => {
    const batch = { probabilities: [0.5, 0.25, 0.125], labels: [1, 1, 1] };
    const nats = new LogLossMeter().update(batch).compute().logLossInterval;
    const bits = new LogLossMeter({ base: 2 }).update(batch).compute().logLossInterval;
    expect(bits.lower).toBeCloseTo(nats.lower / Math.LN2, 14);
    expect(bits.upper).toBeCloseTo(nats.upper / Math.LN2, 14);
  });

  it('BrierMeter and LogLossMeter: one row has no interval (NaN bounds), as n − 1 = 0', () => {
    const batch = { probabilities: [0.8], labels: [1] };
    expect(new BrierMeter().update(batch).compute().brierInterval.lower).toBeNaN();
    expect(new LogLossMeter().update(batch).compute().logLossInterval.upper).toBeNaN();
  });

  it('AccuracyMeter: weights shrink the effective rows to (Σw)² / Σw², widening the interval', () => {
    const batch = { probabilities: [0.9, 0.9, 0.1, 0.9], labels: [1, 1, 1, 0] };
    const plain = new AccuracyMeter().update(batch).compute().accuracyInterval;
    const uneven = new AccuracyMeter().update({ ...batch, sampleWeight: [10, 1, 1, 1] }).compute();
    expect(plain).toEqual({ ...wilsonInterval(0.5, 4) });
    expect(uneven.accuracyInterval).toEqual(wilsonInterval(11 / 13, (13 * 13) / 103));
  });
});

describe('ClassificationMeter.bootstrap', () => {
  const c = fixtures.cases.find((x) => x.name === '4 classes, logistic regression') as Case;
  const meter = new ClassificationMeter().update({ probabilities: c.probabilities, labels: c.labels });

  it('ClassificationMeter.bootstrap({ seed }) gives the same intervals for the same seed, others for another', () => {
    const first = meter.bootstrap({ resamples: 200, seed: 42 });
    expect(meter.bootstrap({ resamples: 200, seed: 42 })).toEqual(first);
    expect(meter.bootstrap({ resamples: 200, seed: 43 }).logLoss).not.toEqual(first.logLoss);
    expect(first).toMatchObject({ resamples: 200, seed: 42 });
  });

  it('ClassificationMeter.bootstrap() on 400 rows agrees with the normal and Wilson intervals to a fifth of their width', () => {
    const boot = meter.bootstrap({ resamples: 2000, seed: 1 });
    const result = meter.compute();
    const pairs = [
      [boot.logLoss, result.logLossInterval, result.logLoss],
      [boot.accuracy, result.accuracyInterval, result.accuracy],
      [boot.brier, result.brierInterval, result.brier],
    ] as const;
    for (const [bootstrap, analytic, value] of pairs) {
      const width = analytic.upper - analytic.lower;
      expect(bootstrap.method).toBe('bootstrap');
      expect(bootstrap.lower).toBeLessThan(value);
      expect(bootstrap.upper).toBeGreaterThan(value);
      expect(Math.abs(bootstrap.lower - analytic.lower)).toBeLessThan(width / 5);
      expect(Math.abs(bootstrap.upper - analytic.upper)).toBeLessThan(width / 5);
    }
  });

  it('ClassificationMeter.bootstrap() of identical rows is the point itself', () => {
    const same = new ClassificationMeter().update({ probabilities: [0.8, 0.8, 0.8], labels: [1, 1, 1] });
    const { logLoss, accuracy, brier } = same.bootstrap({ resamples: 50 });
    expect(logLoss.lower).toBeCloseTo(-Math.log(0.8), 14);
    expect(logLoss.upper).toBeCloseTo(-Math.log(0.8), 14);
    expect(accuracy).toMatchObject({ lower: 1, upper: 1 });
    expect(brier.lower).toBeCloseTo(0.04, 14);
  });

  it('ClassificationMeter.bootstrap() throws INVALID_INPUT once the meter has more rows than exactRows', () => {
    const big = new ClassificationMeter({ exactRows: 2 }).update({
      probabilities: [0.8, 0.3, 0.6],
      labels: [1, 0, 1],
    });
    const error = thrown(() => big.bootstrap());
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/exactRows = 2/);
  });
});
