import { XentError } from '../errors.js';
import { checkOptionKeys } from '../optionKeys.js';
import { logBaseDivisor, METER_EPS, readNumber } from '../options.js';
import { AccuracyMeter } from './accuracyMeter.js';
import { type ClassificationBatch, prepareBatch } from './batch.js';
import { CalibrationMeter, type CalibrationOptions, type ReliabilityBin } from './calibrationMeter.js';
import { LOG_LOSS_KEYS, LogLossMeter, type LogLossOptions, type LogLossResult } from './logLossMeter.js';
import { type MeterOptions, type MeterState, readStateHeader } from './meter.js';
import { checkSameSum, stateError } from './stateChecks.js';

export interface ClassificationResult extends LogLossResult {
  accuracy: number;
  /** Expected calibration error over the confidence bins. */
  ece: number;
  /** Maximum calibration error. */
  mce: number;
  reliability: ReliabilityBin[];
}

export type ClassificationMeterOptions = MeterOptions & LogLossOptions & CalibrationOptions;

const CLASSIFICATION_KEYS = [
  ...LOG_LOSS_KEYS,
  'bins',
] as const satisfies readonly (keyof ClassificationMeterOptions)[];

/**
 * The three parts of a state were filled from the same batches with the same options: each part's
 * numClasses, eps and renormalize are the top level's, and they counted the same rows and weight.
 */
function checkPartsAgree(
  header: MeterOptions,
  parts: { logLoss: LogLossMeter; accuracy: AccuracyMeter; calibration: CalibrationMeter },
  op: string,
): void {
  const { logLoss, accuracy, calibration } = parts;
  for (const [name, part] of Object.entries(parts)) {
    const expected = { numClasses: header.numClasses, eps: header.eps, renormalize: header.renormalize };
    const actual = { numClasses: part.numClasses, eps: part.eps, renormalize: part.renormalize };
    for (const key of ['numClasses', 'eps', 'renormalize'] as const) {
      if (actual[key] !== expected[key]) {
        throw stateError(
          op,
          `${name}.${key}`,
          actual[key] ?? null,
          `must equal the top-level ${key} (${expected[key] ?? null})`,
        );
      }
    }
  }
  const counted = logLoss.compute();
  const { count: accuracyRows, weight: accuracyWeight } = accuracy.compute();
  const { count: calibrationRows, weight: calibrationWeight } = calibration.compute();
  if (accuracyRows !== counted.count) {
    throw stateError(op, 'accuracy.rows', accuracyRows, `must equal logLoss.rows (${counted.count})`);
  }
  if (calibrationRows !== counted.count) {
    throw stateError(
      op,
      'calibration.binRows',
      `${calibrationRows} in all`,
      `must add up to logLoss.rows (${counted.count})`,
    );
  }
  checkSameSum(
    accuracyWeight,
    counted.weight,
    op,
    'accuracy.sums (total weight)',
    'the log loss total weight',
  );
  checkSameSum(
    calibrationWeight,
    counted.weight,
    op,
    'calibration.sums (bin weights)',
    'the log loss total weight',
  );
}

/**
 * Everything `xent eval` reports, in one streaming, mergeable meter: log loss, perplexity,
 * normalized entropy and per-class loss (LogLossMeter), accuracy (AccuracyMeter), and expected
 * calibration error with its reliability table (CalibrationMeter). Each batch is read once.
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
  private readonly options: ClassificationMeterOptions;
  private readonly eps: number;

  constructor(options: ClassificationMeterOptions = {}) {
    // Checked here first so that errors name the meter the caller made.
    const op = 'ClassificationMeter';
    checkOptionKeys(options, CLASSIFICATION_KEYS, op);
    const eps = readNumber(options.eps, METER_EPS, op);
    logBaseDivisor(options.base, op);
    this.options = options;
    this.eps = eps;
    const { base, bins, ...shared } = options;
    this.logLoss = new LogLossMeter(base === undefined ? shared : { ...shared, base });
    this.accuracy = new AccuracyMeter(shared);
    this.calibration = new CalibrationMeter(bins === undefined ? shared : { ...shared, bins });
  }

  get numClasses(): number | undefined {
    return this.logLoss.numClasses;
  }

  update(batch: ClassificationBatch): this {
    const prepared = prepareBatch(
      batch,
      { eps: this.eps, renormalize: this.options.renormalize ?? false },
      'ClassificationMeter.update',
    );
    this.logLoss.accumulate(prepared);
    this.accuracy.accumulate(prepared);
    this.calibration.accumulate(prepared);
    return this;
  }

  merge(other: ClassificationMeter): this {
    if (!(other instanceof ClassificationMeter)) {
      throw new XentError('INVALID_INPUT', 'can only merge another ClassificationMeter', {
        op: 'ClassificationMeter.merge',
        argument: 'other',
      });
    }
    this.logLoss.merge(other.logLoss);
    this.accuracy.merge(other.accuracy);
    this.calibration.merge(other.calibration);
    return this;
  }

  compute(): ClassificationResult {
    const { ece, mce, bins } = this.calibration.compute();
    return {
      ...this.logLoss.compute(),
      accuracy: this.accuracy.compute().accuracy,
      ece,
      mce,
      reliability: bins,
    };
  }

  toJSON(): MeterState {
    return {
      type: 'ClassificationMeter',
      version: 1,
      numClasses: this.numClasses ?? null,
      eps: this.eps,
      renormalize: this.options.renormalize ?? false,
      logLoss: this.logLoss.toJSON(),
      accuracy: this.accuracy.toJSON(),
      calibration: this.calibration.toJSON(),
    };
  }

  static fromJSON(state: unknown): ClassificationMeter {
    const op = 'ClassificationMeter.fromJSON';
    const header = readStateHeader(state, 'ClassificationMeter');
    const record = state as Record<string, unknown>;
    // Rebuild with the recorded options, then merge the parsed parts into the empty meter: adding
    // a (sum, compensation) pair to zero keeps its value exactly.
    const logLoss = LogLossMeter.fromJSON(record.logLoss);
    const calibration = CalibrationMeter.fromJSON(record.calibration);
    const base = (record.logLoss as { base?: unknown }).base;
    const options: ClassificationMeterOptions = {
      eps: calibration.eps,
      renormalize: calibration.renormalize,
      bins: calibration.bins,
    };
    if (typeof base === 'number') options.base = base;
    if (logLoss.numClasses !== undefined) options.numClasses = logLoss.numClasses;
    const accuracy = AccuracyMeter.fromJSON(record.accuracy);
    checkPartsAgree(header, { logLoss, accuracy, calibration }, op);
    const meter = new ClassificationMeter(options);
    meter.logLoss.merge(logLoss);
    meter.accuracy.merge(accuracy);
    meter.calibration.merge(calibration);
    return meter;
  }
}
