// Issue #12: a meter refuses what would make it report a number no data could produce: an
// Infinity or NaN logit in update (scikit-learn's log_loss refuses NaN and infinite predictions),
// and a JSON state that breaks an invariant of sums and counts (each error names the field).
import { describe, expect, it } from 'vitest';
import {
  AccuracyMeter,
  CalibrationMeter,
  ClassificationMeter,
  LogLossMeter,
  XentError,
} from '../../src/index.js';

type State = Record<string, unknown>;

function thrown(call: () => unknown): XentError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(XentError);
    return error as XentError;
  }
  throw new Error('expected a XentError, got a result');
}

const batch = {
  probabilities: [
    [0.7, 0.2, 0.1],
    [0.1, 0.6, 0.3],
    [0.3, 0.3, 0.4],
  ],
  labels: [0, 2, 2],
  sampleWeight: [1, 2, 0.5],
};

/** A JSON round trip, so edits below work on plain data as a file would hold it. */
function stateOf(meter: { toJSON(): unknown }): State {
  return JSON.parse(JSON.stringify(meter)) as State;
}

describe('ClassificationMeter.update with non-finite logits', () => {
  it('an Infinity logit throws INVALID_VALUE naming it (issue #12), where it gave NaN', () => {
    const meter = new ClassificationMeter();
    const error = thrown(() =>
      meter.update({
        logits: [
          [0, 1],
          [Infinity, 0],
        ],
        labels: [0, 0],
      }),
    );
    expect(error.code).toBe('INVALID_VALUE');
    expect(error.index).toBe(2);
    expect(error.message).toBe(
      'ClassificationMeter.update: logits[1, 0] = Infinity has no probability (its softmax is NaN); pass finite logits (−Infinity masks a class)',
    );
    expect(thrown(() => meter.update({ logits: [Number.NaN], labels: [1] })).argument).toBe('logits');
    // Nothing was added by the refused batches.
    expect(meter.compute().count).toBe(0);
  });

  it('−Infinity (a masked class) is still legal: p = 0 for it, by hand', () => {
    const result = new LogLossMeter().update({ logits: [[-Infinity, 0, 0]], labels: [1] }).compute();
    expect(result.logLoss).toBeCloseTo(Math.LN2, 15);
  });
});

describe('fromJSON checks every invariant of a state', () => {
  const accuracy = stateOf(new AccuracyMeter().update(batch));
  const logLoss = stateOf(new LogLossMeter({ base: 2 }).update(batch));
  const calibration = stateOf(new CalibrationMeter({ bins: 4 }).update(batch));
  const classification = stateOf(new ClassificationMeter({ bins: 4 }).update(batch));

  it('a state toJSON wrote passes, for every meter', () => {
    expect(AccuracyMeter.fromJSON(accuracy).compute().count).toBe(3);
    expect(LogLossMeter.fromJSON(logLoss).compute().count).toBe(3);
    expect(CalibrationMeter.fromJSON(calibration).compute().count).toBe(3);
    expect(ClassificationMeter.fromJSON(classification).compute().count).toBe(3);
  });

  it('AccuracyMeter: the correct weight above the total weight is refused (the issue repro)', () => {
    // sums: [weight, compensation, correct, compensation]: 1 + 2 + 0.5 in all; rows 0 and 2 correct.
    expect(accuracy.sums).toEqual([3.5, 0, 1.5, 0]);
    const error = thrown(() => AccuracyMeter.fromJSON({ ...accuracy, sums: [3.5, 0, 5, 0] }));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.argument).toBe('sums (weight of correct rows)');
    expect(error.message).toBe(
      'AccuracyMeter.fromJSON: state field sums (weight of correct rows) = 5 must be at most the total weight (3.5); pass a state that toJSON wrote, unedited',
    );
    expect(thrown(() => AccuracyMeter.fromJSON({ ...accuracy, sums: [-1, 0, 0, 0] })).argument).toBe(
      'sums (total weight)',
    );
    expect(thrown(() => AccuracyMeter.fromJSON({ ...accuracy, sums: ['NaN', 0, 0, 0] })).code).toBe(
      'INVALID_INPUT',
    );
    expect(thrown(() => AccuracyMeter.fromJSON({ ...accuracy, rows: 0 })).argument).toBe(
      'sums (total weight)',
    );
    expect(thrown(() => AccuracyMeter.fromJSON({ ...accuracy, rows: 2.5 })).argument).toBe('rows');
  });

  it('the header: eps in range, renormalize a boolean, numClasses ≥ 2', () => {
    expect(thrown(() => AccuracyMeter.fromJSON({ ...accuracy, eps: 0.5 })).argument).toBe('eps');
    expect(thrown(() => AccuracyMeter.fromJSON({ ...accuracy, renormalize: 'yes' })).argument).toBe(
      'renormalize',
    );
    expect(thrown(() => AccuracyMeter.fromJSON({ ...accuracy, numClasses: 1 })).argument).toBe('numClasses');
  });

  it('LogLossMeter: per-class rows add up to the rows; per-class sums to the totals; clipped ≤ rows × C', () => {
    expect(logLoss.classRows).toEqual([1, 0, 2]);
    const rows = thrown(() => LogLossMeter.fromJSON({ ...logLoss, classRows: [1, 0, 3] }));
    expect(rows.message).toBe(
      'LogLossMeter.fromJSON: state field classRows = "4 in all" must add up to the rows (3); pass a state that toJSON wrote, unedited',
    );
    const sums = logLoss.sums as number[];
    // Class 1 has no rows, so its weight (sums index 2 + 2·1 = 4, part 8) must be 0.
    const classOne = [...sums];
    classOne[8] = 1;
    expect(thrown(() => LogLossMeter.fromJSON({ ...logLoss, sums: classOne })).argument).toBe(
      'sums (class 1)',
    );
    const total = [...sums];
    total[0] = 10;
    expect(thrown(() => LogLossMeter.fromJSON({ ...logLoss, sums: total })).argument).toBe(
      'sums (class weights)',
    );
    const negative = [...sums];
    negative[2] = -1;
    expect(thrown(() => LogLossMeter.fromJSON({ ...logLoss, sums: negative })).argument).toBe(
      'sums (total loss)',
    );
    expect(thrown(() => LogLossMeter.fromJSON({ ...logLoss, clipped: 10 })).argument).toBe('clipped');
    expect(thrown(() => LogLossMeter.fromJSON({ ...logLoss, base: 'two' })).argument).toBe('base');
    expect(thrown(() => LogLossMeter.fromJSON({ ...logLoss, base: 1 })).argument).toBe('base');
    expect(thrown(() => LogLossMeter.fromJSON({ ...logLoss, numClasses: null })).argument).toBe('numClasses');
  });

  it('LogLossMeter: a total loss of Infinity (eps 0, p = 0) is a valid state', () => {
    const meter = new LogLossMeter({ eps: 0 }).update({ probabilities: [[1, 0]], labels: [1] });
    expect(LogLossMeter.fromJSON(stateOf(meter)).compute().logLoss).toBe(Infinity);
  });

  it('CalibrationMeter: per-bin confidence and correct weight at most the bin weight; empty bins zero', () => {
    const sums = calibration.sums as number[];
    const binRows = calibration.binRows as number[];
    const full = binRows.findIndex((rows) => rows > 0);
    const confidence = [...sums];
    confidence[6 * full + 2] = sums[6 * full] + 1;
    expect(thrown(() => CalibrationMeter.fromJSON({ ...calibration, sums: confidence })).argument).toBe(
      `sums (bin ${full} confidence)`,
    );
    const correct = [...sums];
    correct[6 * full + 4] = sums[6 * full] * 2;
    expect(thrown(() => CalibrationMeter.fromJSON({ ...calibration, sums: correct })).argument).toBe(
      `sums (bin ${full} correct weight)`,
    );
    const empty = binRows.indexOf(0);
    const emptyWeight = [...sums];
    emptyWeight[6 * empty] = 1;
    expect(thrown(() => CalibrationMeter.fromJSON({ ...calibration, sums: emptyWeight })).argument).toBe(
      `sums (bin ${empty} weight)`,
    );
    expect(thrown(() => CalibrationMeter.fromJSON({ ...calibration, bins: 0 })).argument).toBe('bins');
  });

  it('ClassificationMeter: the parts agree with the top level and with each other', () => {
    const parts = classification as Record<string, State>;
    const withPart = (name: string, edit: State): State => ({
      ...classification,
      [name]: { ...parts[name], ...edit },
    });
    expect(thrown(() => ClassificationMeter.fromJSON({ ...classification, eps: 1e-7 })).message).toMatch(
      /state field logLoss\.eps = 1e-15 must equal the top-level eps \(1e-7\)/,
    );
    expect(thrown(() => ClassificationMeter.fromJSON({ ...classification, numClasses: 4 })).argument).toBe(
      'logLoss.numClasses',
    );
    expect(
      thrown(() => ClassificationMeter.fromJSON(withPart('accuracy', { renormalize: true }))).argument,
    ).toBe('accuracy.renormalize');
    expect(thrown(() => ClassificationMeter.fromJSON(withPart('accuracy', { rows: 4 }))).argument).toBe(
      'accuracy.rows',
    );
    const binRows = [...(parts.calibration.binRows as number[])];
    binRows[binRows.findIndex((rows) => rows > 0)] += 1;
    expect(thrown(() => ClassificationMeter.fromJSON(withPart('calibration', { binRows }))).code).toBe(
      'INVALID_INPUT',
    );
    expect(
      thrown(() => ClassificationMeter.fromJSON(withPart('accuracy', { sums: [7, 0, 1, 0] }))).argument,
    ).toBe('accuracy.sums (total weight)');
    expect(thrown(() => ClassificationMeter.fromJSON({ ...classification, version: 1 })).code).toBe(
      'INVALID_INPUT',
    );
  });
});
