import { CALIBRATION_BINS, readNumber } from '../options.js';
import type { PreparedBatch } from './batch.js';
import { addPart, CompensatedSums } from './compensatedSums.js';
import {
  METER_KEYS,
  Meter,
  type MeterOptions,
  type MeterState,
  readCounts,
  readStateHeader,
} from './meter.js';
import { checkAtMost, checkEmpty, checkSum } from './stateChecks.js';

export interface CalibrationOptions {
  /** Number of equal-width confidence bins over [0, 1]. Default 15 (Guo et al., 2017). */
  bins?: number;
}

/** One row of the reliability table: the rows whose confidence fell in (lower, upper]. */
export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  weight: number;
  /** Weighted mean confidence in the bin (NaN when empty). */
  confidence: number;
  /** Weighted accuracy in the bin (NaN when empty). */
  accuracy: number;
}

export interface CalibrationResult {
  /** Expected calibration error: Σ_b (weight_b / weight) · |accuracy_b − confidence_b|. */
  ece: number;
  /** Maximum calibration error: the largest |accuracy_b − confidence_b| over non-empty bins. */
  mce: number;
  count: number;
  weight: number;
  bins: ReliabilityBin[];
}

const CALIBRATION_KEYS = [...METER_KEYS, 'bins'] as const;

// Per bin: weight, weighted confidence, weighted correct.
const binWeight = (b: number) => 3 * b;
const binConfidence = (b: number) => 3 * b + 1;
const binCorrect = (b: number) => 3 * b + 2;

/**
 * The bin of a confidence c with B equal-width bins (lower, upper]: ⌈c·B⌉ − 1, so c = 1 lands in
 * the last bin and c = 0 in the first.
 */
export function calibrationBin(confidence: number, bins: number): number {
  return Math.min(Math.max(Math.ceil(confidence * bins) - 1, 0), bins - 1);
}

/** A bin's sums: weight ≥ 0; confidence (each in [0, 1]) and correct weight at most the weight. */
/**
 * Checks one bin's three sums (weight, weighted confidence, correct weight) as a state must hold
 * them; `bin` and `rows` name the bin and its row counts in messages (the equal-mass meter's fine
 * grid has the same layout).
 */
export function checkBinSums(
  sums: CompensatedSums,
  b: number,
  binRows: number,
  op: string,
  { bin, rows }: { bin: string; rows: string } = { bin: 'bin', rows: 'binRows' },
): void {
  const weight = checkSum(sums.value(binWeight(b)), op, `sums (${bin} ${b} weight)`);
  const confidence = checkSum(sums.value(binConfidence(b)), op, `sums (${bin} ${b} confidence)`);
  const correct = checkSum(sums.value(binCorrect(b)), op, `sums (${bin} ${b} correct weight)`);
  checkAtMost(confidence, weight, op, `sums (${bin} ${b} confidence)`, `the bin's weight`);
  checkAtMost(correct, weight, op, `sums (${bin} ${b} correct weight)`, `the bin's weight`);
  checkEmpty(binRows, [weight], op, `sums (${bin} ${b} weight)`, `${rows}[${b}]`);
}

/**
 * Streaming, mergeable expected calibration error with its reliability table: rows are binned by
 * their top-class confidence, and each bin compares mean confidence with accuracy.
 *
 * Special cases: an empty meter reports NaN.
 *
 * @example new CalibrationMeter().update({ probabilities: [0.9, 0.9], labels: [1, 0] }).compute().ece // 0.4
 */
export class CalibrationMeter extends Meter<CalibrationResult> {
  readonly bins: number;
  private readonly sums: CompensatedSums;
  private readonly binRows: Float64Array;

  constructor(options: MeterOptions & CalibrationOptions = {}) {
    super(options, 'CalibrationMeter', CALIBRATION_KEYS);
    this.bins = readNumber(options.bins, CALIBRATION_BINS, 'CalibrationMeter');
    this.sums = new CompensatedSums(3 * this.bins);
    this.binRows = new Float64Array(this.bins);
  }

  protected get kind(): string {
    return 'CalibrationMeter';
  }

  protected allocate(): void {}

  protected add({ rows, labels, predicted, confidence, weights }: PreparedBatch): void {
    const sums = this.sums.parts;
    const { bins, binRows } = this;
    for (let i = 0; i < rows; i++) {
      const c = confidence[i];
      const b = calibrationBin(c, bins);
      const w = weights === undefined ? 1 : weights[i];
      addPart(sums, 2 * binWeight(b), w);
      addPart(sums, 2 * binConfidence(b), w * c);
      if (predicted[i] === labels[i]) addPart(sums, 2 * binCorrect(b), w);
      binRows[b]++;
    }
  }

  merge(other: CalibrationMeter): this {
    this.prepareMerge(other);
    this.sums.merge(other.sums);
    for (let b = 0; b < this.bins; b++) this.binRows[b] += other.binRows[b];
    return this;
  }

  compute(): CalibrationResult {
    const table: ReliabilityBin[] = [];
    let weight = 0;
    let count = 0;
    for (let b = 0; b < this.bins; b++) {
      const w = this.sums.value(binWeight(b));
      weight += w;
      count += this.binRows[b];
      table.push({
        lower: b / this.bins,
        upper: (b + 1) / this.bins,
        count: this.binRows[b],
        weight: w,
        confidence: this.sums.value(binConfidence(b)) / w,
        accuracy: this.sums.value(binCorrect(b)) / w,
      });
    }
    let ece = 0;
    let mce = 0;
    for (const bin of table) {
      if (!(bin.weight > 0)) continue;
      const gap = Math.abs(bin.accuracy - bin.confidence);
      ece += (bin.weight / weight) * gap;
      mce = Math.max(mce, gap);
    }
    return {
      ece: weight > 0 ? ece : Number.NaN,
      mce: weight > 0 ? mce : Number.NaN,
      count,
      weight,
      bins: table,
    };
  }

  toJSON(): MeterState {
    return {
      ...this.stateHeader(),
      bins: this.bins,
      binRows: Array.from(this.binRows),
      sums: this.sums.toJSON(),
    };
  }

  static fromJSON(state: unknown): CalibrationMeter {
    const op = 'CalibrationMeter.fromJSON';
    const record = state as Record<string, unknown>;
    const options: MeterOptions & CalibrationOptions = readStateHeader(state, 'CalibrationMeter');
    options.bins = readNumber(record.bins ?? null, CALIBRATION_BINS, op);
    const meter = new CalibrationMeter(options);
    meter.binRows.set(readCounts(record.binRows, meter.bins, op, 'binRows'));
    const sums = CompensatedSums.fromJSON(record.sums, 3 * meter.bins, op, 'sums');
    for (let b = 0; b < meter.bins; b++) checkBinSums(sums, b, meter.binRows[b], op);
    meter.sums.parts.set(sums.parts);
    return meter;
  }
}
