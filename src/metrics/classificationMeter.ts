import { XentError } from '../errors.js';
import { checkOptionKeys } from '../optionKeys.js';
import { logBaseDivisor, METER_EPS, readNumber } from '../options.js';
import { AccuracyMeter } from './accuracyMeter.js';
import { type ClassificationBatch, type PreparedBatch, prepareBatch } from './batch.js';
import { type BootstrapIntervals, type BootstrapOptions, bootstrapIntervals } from './bootstrap.js';
import { BrierMeter } from './brierMeter.js';
import { CalibrationMeter, type CalibrationOptions, type ReliabilityBin } from './calibrationMeter.js';
import { ClasswiseCalibrationMeter } from './classwiseCalibrationMeter.js';
import { ConfusionMatrixMeter } from './confusionMatrixMeter.js';
import { type EqualMassBin, EqualMassCalibrationMeter } from './equalMassCalibrationMeter.js';
import type { ConfidenceInterval } from './intervals.js';
import { LOG_LOSS_KEYS, LogLossMeter, type LogLossOptions, type LogLossResult } from './logLossMeter.js';
import type { Meter, MeterOptions, MeterState } from './meter.js';
import { readStateHeader } from './meter.js';
import { RankingMeter, type RankingOptions, type RankingResult } from './rankingMeter.js';
import { checkSameSum, stateError } from './stateChecks.js';
import { TopKAccuracyMeter } from './topKAccuracyMeter.js';

export interface ClassificationResult extends LogLossResult {
  accuracy: number;
  /** 95% Wilson interval of the accuracy. */
  accuracyInterval: ConfidenceInterval;
  /** The Brier score (brier_score_loss for two classes; squared distance to one-hot otherwise). */
  brier: number;
  brierInterval: ConfidenceInterval;
  /** The share of rows whose label is among the `topK` most probable classes. */
  topKAccuracy: number;
  topK: number;
  /** Rows true class, columns arg-max prediction; null above 1024 classes. */
  confusionMatrix: number[][] | null;
  /** ROC AUC and average precision, exact or from the histogram with bounds. */
  ranking: RankingResult;
  /** Expected calibration error over the confidence bins. */
  ece: number;
  /** Maximum calibration error. */
  mce: number;
  reliability: ReliabilityBin[];
  /** Mean over classes of each class's calibration error. */
  classwiseEce: number;
  /** ECE over bins of about equal weight. */
  equalMassEce: number;
  equalMassBins: EqualMassBin[];
}

export interface ClassificationOnlyOptions {
  /** k of the top-k accuracy. Default 5. */
  topK?: number;
}

export type ClassificationMeterOptions = MeterOptions &
  LogLossOptions &
  CalibrationOptions &
  RankingOptions &
  ClassificationOnlyOptions;

const CLASSIFICATION_KEYS = [
  ...LOG_LOSS_KEYS,
  'bins',
  'topK',
  'exactRows',
  'histogramBins',
] as const satisfies readonly (keyof ClassificationMeterOptions)[];

/** The parts, each a meter with its own state, all fed the same prepared batches. */
interface Parts {
  logLoss: LogLossMeter;
  accuracy: AccuracyMeter;
  calibration: CalibrationMeter;
  brier: BrierMeter;
  topK: TopKAccuracyMeter;
  confusion: ConfusionMatrixMeter;
  ranking: RankingMeter;
  classwise: ClasswiseCalibrationMeter;
  equalMass: EqualMassCalibrationMeter;
}

const PART_TYPES = {
  logLoss: LogLossMeter,
  accuracy: AccuracyMeter,
  calibration: CalibrationMeter,
  brier: BrierMeter,
  topK: TopKAccuracyMeter,
  confusion: ConfusionMatrixMeter,
  ranking: RankingMeter,
  classwise: ClasswiseCalibrationMeter,
  equalMass: EqualMassCalibrationMeter,
} as const;

type PartName = keyof Parts;
const PART_NAMES = Object.keys(PART_TYPES) as PartName[];

function makeParts(options: ClassificationMeterOptions): Parts {
  const { base, bins, topK, exactRows, histogramBins, ...shared } = options;
  const defined = <T extends object>(extra: T) =>
    Object.fromEntries(Object.entries(extra).filter(([, value]) => value !== undefined));
  return {
    logLoss: new LogLossMeter({ ...shared, ...defined({ base }) }),
    accuracy: new AccuracyMeter(shared),
    calibration: new CalibrationMeter({ ...shared, ...defined({ bins }) }),
    brier: new BrierMeter(shared),
    topK: new TopKAccuracyMeter({ ...shared, ...defined({ k: topK }) }),
    confusion: new ConfusionMatrixMeter(shared),
    ranking: new RankingMeter({ ...shared, ...defined({ exactRows, histogramBins }) }),
    classwise: new ClasswiseCalibrationMeter({ ...shared, ...defined({ bins }) }),
    equalMass: new EqualMassCalibrationMeter({ ...shared, ...defined({ bins }) }),
  };
}

/**
 * The parts of a state were filled from the same batches with the same options: each part's
 * numClasses, eps and renormalize are the top level's, and they counted the same rows and weight.
 */
function checkPartsAgree(header: MeterOptions, parts: Parts, op: string): void {
  for (const name of PART_NAMES) {
    const part: Meter<unknown> = parts[name];
    for (const key of ['numClasses', 'eps', 'renormalize'] as const) {
      if (part[key] !== header[key]) {
        throw stateError(
          op,
          `${name}.${key}`,
          part[key] ?? null,
          `must equal the top-level ${key} (${header[key] ?? null})`,
        );
      }
    }
  }
  const counted = parts.logLoss.compute();
  const counts: [string, number][] = [
    ['accuracy.rows', parts.accuracy.compute().count],
    ['calibration.binRows', parts.calibration.compute().count],
    ['brier.rows', parts.brier.compute().count],
    ['topK.rows', parts.topK.compute().count],
    ['confusion.rows', parts.confusion.compute().count],
    ['ranking.rows', parts.ranking.rowCount],
    ['classwise.rows', parts.classwise.compute().count],
    ['equalMass.fineRows', parts.equalMass.compute().count],
  ];
  for (const [field, count] of counts) {
    if (count !== counted.count)
      throw stateError(op, field, count, `must equal logLoss.rows (${counted.count})`);
  }
  const weights: [string, number][] = [
    ['accuracy.sums (total weight)', parts.accuracy.compute().weight],
    ['calibration.sums (bin weights)', parts.calibration.compute().weight],
    ['brier.sums (total weight)', parts.brier.compute().weight],
  ];
  for (const [field, weight] of weights)
    checkSameSum(weight, counted.weight, op, field, 'the log loss total weight');
}

/**
 * Everything `xent eval` reports, in one streaming, mergeable meter: log loss with its interval,
 * perplexity, normalized entropy and per-class loss; accuracy with its interval, top-k accuracy
 * and the confusion matrix; the Brier score with its interval; ROC AUC and average precision;
 * ECE with its reliability table, class-wise and with equal-mass bins. Each batch is read once
 * and handed to every part.
 *
 * @example
 * const meter = new ClassificationMeter({ base: 2 });
 * meter.update({ logits: [[2, 0], [0, 1]], labels: [0, 1] });
 * meter.compute().accuracy // 1
 */
export class ClassificationMeter {
  readonly logLoss: LogLossMeter;
  readonly accuracy: AccuracyMeter;
  readonly calibration: CalibrationMeter;
  readonly brier: BrierMeter;
  readonly topK: TopKAccuracyMeter;
  readonly confusion: ConfusionMatrixMeter;
  readonly ranking: RankingMeter;
  readonly classwise: ClasswiseCalibrationMeter;
  readonly equalMass: EqualMassCalibrationMeter;
  private readonly settings: ClassificationMeterOptions;
  private readonly eps: number;

  constructor(options: ClassificationMeterOptions = {}) {
    // Checked here first so that errors name the meter the caller made.
    const op = 'ClassificationMeter';
    checkOptionKeys(options, CLASSIFICATION_KEYS, op);
    this.eps = readNumber(options.eps, METER_EPS, op);
    logBaseDivisor(options.base, op);
    this.settings = { ...options };
    const parts = makeParts(options);
    this.logLoss = parts.logLoss;
    this.accuracy = parts.accuracy;
    this.calibration = parts.calibration;
    this.brier = parts.brier;
    this.topK = parts.topK;
    this.confusion = parts.confusion;
    this.ranking = parts.ranking;
    this.classwise = parts.classwise;
    this.equalMass = parts.equalMass;
  }

  get numClasses(): number | undefined {
    return this.logLoss.numClasses;
  }

  /** The options the meter was made with: a new meter with them merges with this one. */
  get options(): ClassificationMeterOptions {
    return { ...this.settings };
  }

  private get parts(): Parts {
    return this as unknown as Parts;
  }

  update(batch: ClassificationBatch): this {
    const prepared: PreparedBatch = prepareBatch(
      batch,
      { eps: this.eps, renormalize: this.settings.renormalize ?? false },
      'ClassificationMeter.update',
    );
    for (const name of PART_NAMES) this.parts[name].accumulate(prepared);
    return this;
  }

  merge(other: ClassificationMeter): this {
    if (!(other instanceof ClassificationMeter)) {
      throw new XentError('INVALID_INPUT', 'can only merge another ClassificationMeter', {
        op: 'ClassificationMeter.merge',
        argument: 'other',
      });
    }
    this.mergeParts(other.parts);
    return this;
  }

  private mergeParts(parts: Parts): void {
    for (const name of PART_NAMES) (this.parts[name] as Meter<unknown>).merge(parts[name] as never);
  }

  compute(): ClassificationResult {
    const { ece, mce, bins } = this.calibration.compute();
    const { accuracy, accuracyInterval } = this.accuracy.compute();
    const { brier, brierInterval } = this.brier.compute();
    const { topKAccuracy, k } = this.topK.compute();
    const { equalMassEce, bins: equalMassBins } = this.equalMass.compute();
    return {
      ...this.logLoss.compute(),
      accuracy,
      accuracyInterval,
      brier,
      brierInterval,
      topKAccuracy,
      topK: k,
      confusionMatrix: this.confusion.compute().matrix,
      ranking: this.ranking.compute(),
      ece,
      mce,
      reliability: bins,
      classwiseEce: this.classwise.compute().classwiseEce,
      equalMassEce,
      equalMassBins,
    };
  }

  /**
   * Percentile-bootstrap 95% intervals of log loss, accuracy and Brier score from the kept rows.
   * Throws once the meter has seen more than `exactRows` rows (it no longer has them).
   */
  bootstrap(options: BootstrapOptions = {}): BootstrapIntervals {
    const op = 'ClassificationMeter.bootstrap';
    const store = this.ranking.keptRows;
    if (store === undefined) {
      throw new XentError(
        'INVALID_INPUT',
        `the meter no longer holds its rows (it has seen more than exactRows = ${this.ranking.exactRows}); bootstrap a smaller file, or raise exactRows`,
        { op, argument: 'exactRows' },
      );
    }
    return bootstrapIntervals(store, options, logBaseDivisor(this.settings.base, op), op);
  }

  toJSON(): MeterState {
    const state: MeterState = {
      type: 'ClassificationMeter',
      version: 2,
      numClasses: this.numClasses ?? null,
      eps: this.eps,
      renormalize: this.settings.renormalize ?? false,
    };
    for (const name of PART_NAMES) state[name] = this.parts[name].toJSON();
    return state;
  }

  static fromJSON(state: unknown): ClassificationMeter {
    const op = 'ClassificationMeter.fromJSON';
    const header = readStateHeader(state, 'ClassificationMeter', 2);
    const record = state as Record<string, unknown>;
    const parts = Object.fromEntries(
      PART_NAMES.map((name) => [name, PART_TYPES[name].fromJSON(record[name])]),
    ) as unknown as Parts;
    checkPartsAgree(header, parts, op);
    // Rebuild with the recorded options, then merge the parsed parts into the empty meter: adding
    // a (sum, compensation) pair to zero keeps its value exactly.
    const base = (record.logLoss as { base?: unknown }).base;
    const options: ClassificationMeterOptions = {
      eps: parts.calibration.eps,
      renormalize: parts.calibration.renormalize,
      bins: parts.calibration.bins,
      topK: parts.topK.k,
      exactRows: parts.ranking.exactRows,
      histogramBins: parts.ranking.histogramBins,
    };
    if (typeof base === 'number') options.base = base;
    if (header.numClasses !== undefined) options.numClasses = header.numClasses;
    const meter = new ClassificationMeter(options);
    meter.mergeParts(parts);
    return meter;
  }
}
