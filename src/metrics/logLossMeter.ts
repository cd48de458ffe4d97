import { entropy } from '../info.js';
import { logBaseDivisor } from '../options.js';
import type { PreparedBatch } from './batch.js';
import { addPart, CompensatedSums } from './compensatedSums.js';
import { type ConfidenceInterval, SquareSums } from './intervals.js';
import {
  checkCountsAddUp,
  METER_KEYS,
  Meter,
  type MeterOptions,
  type MeterState,
  readCount,
  readCounts,
  readStateHeader,
} from './meter.js';
import { checkCountAtMost, checkEmpty, checkSameSum, checkSum, stateError } from './stateChecks.js';

export interface LogLossOptions {
  /** Base of the logarithm in the reported losses: e (nats) by default, 2 for bits. */
  base?: number;
}

export interface ClassLogLoss {
  /** The class index. */
  label: number;
  /** Rows whose true class this is. */
  count: number;
  /** Their total sample weight (equal to `count` without weights). */
  weight: number;
  /** Weighted mean −log p(label) over those rows. */
  logLoss: number;
}

export interface LogLossResult {
  /** Weighted mean of −log p(label): scikit-learn's log_loss. */
  logLoss: number;
  /** 95% normal-approximation interval of the log loss, from the per-row losses' spread. */
  logLossInterval: ConfidenceInterval;
  /** exp(log loss in nats): the effective number of equally likely classes. */
  perplexity: number;
  /**
   * Log loss divided by the entropy of the label distribution seen (the loss of always predicting
   * the base rates); below 1 the model beats the base rates. Base-independent.
   */
  normalizedEntropy: number;
  /** Rows added. */
  count: number;
  /** Total sample weight. */
  weight: number;
  /** How many probabilities the eps clip moved. */
  clipped: number;
  perClass: ClassLogLoss[];
}

export const LOG_LOSS_KEYS = [...METER_KEYS, 'base'] as const;

// Layout of the compensated sums: total weight, total weighted loss, then per class the pair.
const WEIGHT = 0;
const LOSS = 1;
const classWeight = (k: number) => 2 + 2 * k;
const classLoss = (k: number) => 3 + 2 * k;

/** A recorded base: a number that is a valid log base (null, handled by the caller, means e). */
function readBase(base: unknown, op: string): number {
  if (typeof base !== 'number') throw stateError(op, 'base', base, 'must be null or a logarithm base');
  logBaseDivisor(base, op);
  return base;
}

/** Totals ≥ 0; per-class sums add up to the totals; a class with no rows has zero sums. */
function checkLogLossSums(sums: CompensatedSums, classRows: Float64Array, rows: number, op: string): void {
  const weight = checkSum(sums.value(WEIGHT), op, 'sums (total weight)');
  const loss = checkSum(sums.value(LOSS), op, 'sums (total loss)', true);
  checkEmpty(rows, [weight, loss], op, 'sums (totals)', 'rows');
  let classWeights = 0;
  let classLosses = 0;
  for (let k = 0; k < classRows.length; k++) {
    const w = checkSum(sums.value(classWeight(k)), op, `sums (class ${k} weight)`);
    const l = checkSum(sums.value(classLoss(k)), op, `sums (class ${k} loss)`, true);
    checkEmpty(classRows[k], [w, l], op, `sums (class ${k})`, `classRows[${k}]`);
    classWeights += w;
    classLosses += l;
  }
  checkSameSum(classWeights, weight, op, 'sums (class weights)', 'the total weight');
  checkSameSum(classLosses, loss, op, 'sums (class losses)', 'the total loss');
}

/**
 * Streaming, mergeable log loss (cross-entropy of predictions against labels), with perplexity,
 * normalized entropy and per-class log loss.
 *
 * Method: each row's −log p(label) comes from the library (`surprisal` of the clipped probability,
 * or `logSoftmax` of the logits) and is added, times its weight, to compensated float64 sums; the
 * state is those sums and row counts, so shards merge exactly.
 *
 * Special cases: an empty meter reports NaN; a probability of 0 with eps = 0 gives Infinity; a
 * label set with one class has entropy 0, so normalizedEntropy is Infinity (or NaN at zero loss).
 *
 * @example new LogLossMeter().update({ probabilities: [[0.8, 0.2]], labels: [0] }).compute().logLoss // 0.2231…
 */
export class LogLossMeter extends Meter<LogLossResult> {
  private readonly divisor: number;
  private readonly base: number | undefined;
  private sums = new CompensatedSums(0);
  private squares = new SquareSums();
  private classRows: Float64Array = new Float64Array(0);
  private rows = 0;
  private clipped = 0;

  constructor(options: MeterOptions & LogLossOptions = {}) {
    super(options, 'LogLossMeter', LOG_LOSS_KEYS);
    this.base = options.base;
    this.divisor = logBaseDivisor(options.base, 'LogLossMeter');
    if (this.classes !== undefined) this.allocate(this.classes);
  }

  protected get kind(): string {
    return 'LogLossMeter';
  }

  protected override get stateVersion(): number {
    return 2;
  }

  protected allocate(numClasses: number): void {
    if (this.sums.length === 0) {
      this.sums = new CompensatedSums(2 + 2 * numClasses);
      this.classRows = new Float64Array(numClasses);
    }
  }

  protected add({ rows, labels, loss, weights, clipped }: PreparedBatch): void {
    const sums = this.sums.parts;
    const classRows = this.classRows;
    for (let i = 0; i < rows; i++) {
      const y = labels[i];
      const w = weights === undefined ? 1 : weights[i];
      const weighted = w * loss[i];
      addPart(sums, 2 * WEIGHT, w);
      addPart(sums, 2 * LOSS, weighted);
      addPart(sums, 2 * classWeight(y), w);
      addPart(sums, 2 * classLoss(y), weighted);
      classRows[y]++;
    }
    this.squares.addRows(rows, weights, loss);
    this.rows += rows;
    this.clipped += clipped;
  }

  merge(other: LogLossMeter): this {
    this.prepareMerge(other);
    if (other.classes === undefined) return this;
    this.sums.merge(other.sums);
    this.squares.merge(other.squares);
    for (let k = 0; k < this.classRows.length; k++) this.classRows[k] += other.classRows[k];
    this.rows += other.rows;
    this.clipped += other.clipped;
    return this;
  }

  compute(): LogLossResult {
    const numClasses = this.classes ?? 0;
    const weight = this.sums.length > 0 ? this.sums.value(WEIGHT) : 0;
    const nats = this.sums.length > 0 ? this.sums.value(LOSS) / weight : Number.NaN;
    const perClass: ClassLogLoss[] = [];
    const labelDistribution = new Float64Array(numClasses);
    for (let k = 0; k < numClasses; k++) {
      const w = this.sums.value(classWeight(k));
      labelDistribution[k] = w / weight;
      const logLoss = this.sums.value(classLoss(k)) / w / this.divisor;
      perClass.push({ label: k, count: this.classRows[k], weight: w, logLoss });
    }
    // The loss of always predicting the base rates is the entropy of the label distribution.
    const baseRateLoss = weight > 0 ? (entropy(labelDistribution) as number) : Number.NaN;
    const interval = this.squares.normalInterval(nats, weight, this.rows);
    return {
      logLoss: nats / this.divisor,
      logLossInterval: {
        ...interval,
        lower: interval.lower / this.divisor,
        upper: interval.upper / this.divisor,
      },
      perplexity: Math.exp(nats),
      normalizedEntropy: nats / baseRateLoss,
      count: this.rows,
      weight,
      clipped: this.clipped,
      perClass,
    };
  }

  toJSON(): MeterState {
    return {
      ...this.stateHeader(),
      base: this.base ?? null,
      rows: this.rows,
      clipped: this.clipped,
      classRows: Array.from(this.classRows),
      sums: this.sums.toJSON(),
      squares: this.squares.toJSON(),
    };
  }

  static fromJSON(state: unknown): LogLossMeter {
    const op = 'LogLossMeter.fromJSON';
    const options: MeterOptions & LogLossOptions = readStateHeader(state, 'LogLossMeter', 2);
    const record = state as Record<string, unknown>;
    if (record.base !== null) options.base = readBase(record.base, op);
    const meter = new LogLossMeter(options);
    meter.rows = readCount(record.rows, op, 'rows');
    meter.clipped = readCount(record.clipped, op, 'clipped');
    const numClasses = options.numClasses ?? 0;
    checkCountAtMost(meter.clipped, meter.rows * Math.max(numClasses, 2), op, 'clipped', 'rows × classes');
    if (options.numClasses === undefined) {
      if (meter.rows !== 0)
        throw stateError(op, 'numClasses', null, `cannot be null with ${meter.rows} rows`);
      return meter;
    }
    meter.classRows = readCounts(record.classRows, numClasses, op, 'classRows');
    checkCountsAddUp(meter.classRows, meter.rows, op, 'classRows');
    meter.sums = CompensatedSums.fromJSON(record.sums, 2 + 2 * numClasses, op, 'sums');
    checkLogLossSums(meter.sums, meter.classRows, meter.rows, op);
    meter.squares = SquareSums.fromJSON(record.squares, op, 'squares');
    return meter;
  }
}
