// The states of the meters beside log loss: a JSON round trip keeps every figure, and fromJSON
// refuses a state no data could produce, naming the field.
import { describe, expect, it } from 'vitest';
import {
  BrierMeter,
  ClassificationMeter,
  ClasswiseCalibrationMeter,
  ConfusionMatrixMeter,
  EqualMassCalibrationMeter,
  RankingMeter,
  TopKAccuracyMeter,
  type XentError,
} from '../../src/index.js';

const batch = {
  probabilities: [
    [0.7, 0.2, 0.1],
    [0.1, 0.6, 0.3],
    [0.3, 0.3, 0.4],
    [0.5, 0.1, 0.4],
  ],
  labels: [0, 1, 2, 2],
  sampleWeight: [1, 2, 0.5, 1],
};

function thrown(call: () => unknown): XentError {
  try {
    call();
  } catch (error) {
    return error as XentError;
  }
  throw new Error('expected a XentError, got a result');
}

const roundTrip = <T extends { toJSON(): unknown }>(meter: T) => JSON.parse(JSON.stringify(meter.toJSON()));

describe('states of the meters beside log loss', () => {
  const meters = {
    BrierMeter: [new BrierMeter().update(batch), BrierMeter.fromJSON],
    TopKAccuracyMeter: [new TopKAccuracyMeter({ k: 2 }).update(batch), TopKAccuracyMeter.fromJSON],
    ConfusionMatrixMeter: [new ConfusionMatrixMeter().update(batch), ConfusionMatrixMeter.fromJSON],
    RankingMeter: [new RankingMeter().update(batch), RankingMeter.fromJSON],
    'RankingMeter (histogram)': [new RankingMeter({ exactRows: 2 }).update(batch), RankingMeter.fromJSON],
    ClasswiseCalibrationMeter: [
      new ClasswiseCalibrationMeter().update(batch),
      ClasswiseCalibrationMeter.fromJSON,
    ],
    EqualMassCalibrationMeter: [
      new EqualMassCalibrationMeter().update(batch),
      EqualMassCalibrationMeter.fromJSON,
    ],
  } as const;
  for (const [name, [meter, fromJSON]] of Object.entries(meters)) {
    it(`${name}.fromJSON(JSON of toJSON()) computes the same figures`, () => {
      expect((fromJSON as (state: unknown) => { compute(): unknown })(roundTrip(meter)).compute()).toEqual(
        meter.compute(),
      );
    });
  }

  it('TopKAccuracyMeter.fromJSON refuses more hit weight than weight, and merging another k', () => {
    const state = roundTrip(new TopKAccuracyMeter({ k: 2 }).update(batch));
    expect(thrown(() => TopKAccuracyMeter.fromJSON({ ...state, sums: [1, 0, 5, 0] })).argument).toBe(
      'sums (weight of hits)',
    );
    const error = thrown(() => new TopKAccuracyMeter({ k: 2 }).merge(new TopKAccuracyMeter({ k: 3 })));
    expect(error.message).toMatch(/k = 3 must equal this meter's k \(2\)/);
  });

  it('RankingMeter.fromJSON refuses an exact state with more rows than exactRows, and negative histogram weight', () => {
    const state = roundTrip(new RankingMeter({ exactRows: 10 }).update(batch));
    expect(thrown(() => RankingMeter.fromJSON({ ...state, exactRows: 3 })).argument).toBe('exact');
    const histogram = [...state.histogram];
    histogram[0] = -1;
    expect(thrown(() => RankingMeter.fromJSON({ ...state, histogram })).argument).toBe('histogram (cell 0)');
    expect(thrown(() => RankingMeter.fromJSON({ ...state, store: null })).code).toBe('INVALID_INPUT');
  });

  it('RankingMeter.fromJSON refuses kept rows whose labels or probabilities are out of range', () => {
    const state = roundTrip(new RankingMeter().update(batch));
    const labels = [...state.store.labels];
    labels[1] = 7;
    expect(thrown(() => RankingMeter.fromJSON({ ...state, store: { ...state.store, labels } })).code).toBe(
      'INDEX_OUT_OF_RANGE',
    );
    const probabilities = [...state.store.probabilities];
    probabilities[0] = 1.5;
    expect(
      thrown(() => RankingMeter.fromJSON({ ...state, store: { ...state.store, probabilities } })).argument,
    ).toBe('store.probabilities[0]');
  });

  it('ClassificationMeter.fromJSON refuses parts that counted other rows than the log loss', () => {
    const state = roundTrip(new ClassificationMeter().update(batch));
    for (const part of ['brier', 'topK', 'confusion', 'ranking', 'classwise'] as const) {
      const edited = { ...state, [part]: { ...state[part], rows: 5 } };
      const error = thrown(() => ClassificationMeter.fromJSON(edited));
      expect(error.code, part).toBe('INVALID_INPUT');
    }
  });
});
