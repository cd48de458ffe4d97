import { describe, expect, it } from 'vitest';
import { fitPlatt, fitTemperature, softmax, XentError } from '../../src/index.js';
import { expectClose, readDelimited } from '../metrics/fixtures.js';
import { expectedCompare } from './fixtures.js';

function digitsLogits() {
  const columns = readDelimited(expectedCompare.temperature.file, ',');
  const names = Object.keys(columns).filter((name) => name !== 'digit');
  const rows = columns.digit.length;
  const data = new Float64Array(rows * names.length);
  names.forEach((name, k) => {
    columns[name].forEach((cell, i) => {
      data[i * names.length + k] = Number(cell);
    });
  });
  return { logits: { data, shape: [rows, names.length] }, labels: Int32Array.from(columns.digit, Number) };
}

describe('fitTemperature', () => {
  it('fitTemperature(logits, labels) matches scipy.optimize.minimize_scalar on log T to 1e-6', () => {
    const { logits, labels } = digitsLogits();
    const fit = fitTemperature(logits, labels);
    const wanted = expectedCompare.temperature;
    expect(Math.abs(fit.temperature - wanted.temperature)).toBeLessThan(1e-6);
    expectClose(fit.logLossBefore, wanted.before.logLoss, 1e-12, 'log loss at T = 1');
    expectClose(fit.logLossAfter, wanted.after.logLoss, 1e-12, 'log loss at the fitted T');
  });

  it('fitTemperature(logits, labels) finds T = 2 / ln 2 where the NLL’s derivative vanishes by hand', () => {
    // Two rows right by a margin of 2, one wrong by 2: σ(2/T) = 2/3 at the optimum, so T = 2 / ln 2.
    expectClose(
      fitTemperature(
        [
          [2, 0],
          [0, 2],
          [2, 0],
        ],
        [0, 0, 0],
      ).temperature,
      2 / Math.LN2,
      1e-12,
      'T',
    );
  });

  it('fitTemperature(logProbabilities, labels) gives the temperature of the logits they came from', () => {
    const { logits, labels } = digitsLogits();
    const logProbabilities = softmax(logits, { axis: 1 }).data.map(Math.log);
    const fromLogits = fitTemperature(logits, labels).temperature;
    const fromLogProbabilities = fitTemperature({ data: logProbabilities, shape: logits.shape }, labels);
    expectClose(fromLogProbabilities.temperature, fromLogits, 1e-9, 'T');
  });

  it('fitTemperature keeps a masked (−Infinity) class masked and fits the rest', () => {
    const masked = fitTemperature(
      [
        [2, 0, -Infinity],
        [0, 2, -Infinity],
        [2, 0, -Infinity],
      ],
      [0, 0, 0],
    );
    expectClose(masked.temperature, 2 / Math.LN2, 1e-12, 'T');
  });

  it('fitTemperature refuses logits with no optimum, saying which way the loss falls', () => {
    expect(() =>
      fitTemperature(
        [
          [2, 0],
          [0, 2],
        ],
        [0, 1],
      ),
    ).toThrow(/T → 0/);
    expect(() =>
      fitTemperature(
        [
          [2, 0],
          [0, 2],
        ],
        [1, 0],
      ),
    ).toThrow(/T → ∞/);
    expect(() =>
      fitTemperature(
        [
          [1, 1],
          [0, 0],
        ],
        [1, 0],
      ),
    ).toThrow(/does not change with T/);
    expect(() =>
      fitTemperature(
        [
          [2, 0],
          [-Infinity, 1],
        ],
        [0, 0],
      ),
    ).toThrow(/row 1 gives its label 0 a logit of -Infinity/);
    expect(() => fitTemperature([2, 0], [0])).toThrow(XentError);
    expect(() => fitTemperature([[2, 0]], [0], { tolerance: 0 })).toThrow(/invalid tolerance/);
  });
});

describe('fitPlatt', () => {
  const columns = readDelimited(expectedCompare.platt.file, ',');
  const scores = Float64Array.from(columns.score, Number);
  const labels = Int32Array.from(columns.y, Number);

  it('fitPlatt(scores, labels) matches scipy.optimize.minimize (BFGS) on Platt’s smoothed targets', () => {
    const { a, b } = fitPlatt(scores, labels);
    expectClose(a, expectedCompare.platt.a, 1e-7, 'a');
    expectClose(b, expectedCompare.platt.b, 1e-7, 'b');
  });

  it('fitPlatt(scores, labels) agrees with scikit-learn’s _sigmoid_calibration to its BFGS tolerance', () => {
    const { a, b } = fitPlatt(scores, labels);
    expectClose(a, expectedCompare.platt.sklearnSigmoidCalibration.a, 1e-5, 'a');
    expectClose(b, expectedCompare.platt.sklearnSigmoidCalibration.b, 1e-5, 'b');
  });

  it('fitPlatt([-1, 1], [0, 1]) meets Platt’s targets 1/3 and 2/3 exactly: a = ln 2, b = 0', () => {
    const { a, b } = fitPlatt([-1, 1], [0, 1]);
    expectClose(a, Math.LN2, 1e-12, 'a');
    expect(Math.abs(b)).toBeLessThan(1e-12);
  });

  it('fitPlatt refuses one-class labels, labels other than 0 and 1, and non-finite scores', () => {
    expect(() => fitPlatt([1, 2], [1, 1])).toThrow(/needs both classes/);
    expect(() => fitPlatt([1, 2], [0, 2])).toThrow(/labels\[1\] is 2/);
    expect(() => fitPlatt([1, Number.NaN], [0, 1])).toThrow(/scores\[1\] is NaN/);
    expect(() => fitPlatt([1, 2], [0])).toThrow(/2 values but labels has 1/);
  });
});
