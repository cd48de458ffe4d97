import { CALIBRATION_BINS, readNumber } from '../options.js';
import type { PreparedBatch } from './batch.js';
import { checkBinSums } from './calibrationMeter.js';
import { addPart, CompensatedSums } from './compensatedSums.js';
import {
  METER_KEYS,
  Meter,
  type MeterOptions,
  type MeterState,
  readCounts,
  readStateHeader,
} from './meter.js';
import { scoreBin, scoreBinLowerEdge } from './ranking.js';
import { checkSameSetting } from './stateChecks.js';

/** The fine confidence grid the equal-mass bins are cut from (equal widths in logit). */
export const FINE_BINS = 4096;

export interface EqualMassBin {
  /** Confidence edges of the bin: [lower, upper), on the fine grid. */
  lower: number;
  upper: number;
  count: number;
  weight: number;
  confidence: number;
  accuracy: number;
}

export interface EqualMassCalibrationResult {
  /** ECE over bins of about equal weight: Σ_b (weight_b / weight) · |accuracy_b − confidence_b|. */
  equalMassEce: number;
  bins: EqualMassBin[];
  count: number;
}

// Per fine bin: weight, weighted confidence, weight of correct rows.
const FIELDS = 3;

/**
 * Streaming, mergeable ECE with equal-mass (adaptive) bins (Nixon et al., 2019): equal-width bins
 * leave most of a confident model's rows in the top bin; these hold about weight / bins each.
 *
 * Method: confidences are counted on a fine grid of 4096 bins, equal in width in logit(c), which
 * merges exactly. Walking up the grid, a bin closes once the weight so far reaches j · weight / bins;
 * so the bins are equal in mass up to one fine bin (rows of one confidence always share a bin), and
 * fewer than `bins` come out when one fine bin holds more than a bin's share.
 *
 * Special cases: an empty meter reports NaN.
 *
 * @example new EqualMassCalibrationMeter({ bins: 2 }).update({ probabilities: [0.9, 0.6], labels: [1, 1] }).compute().equalMassEce // 0.25
 */
export class EqualMassCalibrationMeter extends Meter<EqualMassCalibrationResult> {
  readonly bins: number;
  private readonly sums = new CompensatedSums(FINE_BINS * FIELDS);
  private readonly fineRows = new Float64Array(FINE_BINS);

  constructor(options: MeterOptions & { bins?: number } = {}) {
    super(options, 'EqualMassCalibrationMeter', [...METER_KEYS, 'bins']);
    this.bins = readNumber(options.bins, CALIBRATION_BINS, 'EqualMassCalibrationMeter');
  }

  protected get kind(): string {
    return 'EqualMassCalibrationMeter';
  }

  protected allocate(): void {}

  protected add({ rows, labels, predicted, confidence, weights }: PreparedBatch): void {
    const sums = this.sums.parts;
    const fineRows = this.fineRows;
    for (let i = 0; i < rows; i++) {
      const w = weights === undefined ? 1 : weights[i];
      const c = confidence[i];
      const fine = scoreBin(c, FINE_BINS);
      const at = 2 * FIELDS * fine;
      addPart(sums, at, w);
      addPart(sums, at + 2, w * c);
      if (predicted[i] === labels[i]) addPart(sums, at + 4, w);
      fineRows[fine]++;
    }
  }

  merge(other: EqualMassCalibrationMeter): this {
    this.prepareMerge(other);
    checkSameSetting(`${this.kind}.merge`, 'bins', other.bins, this.bins);
    this.sums.merge(other.sums);
    for (let f = 0; f < FINE_BINS; f++) this.fineRows[f] += other.fineRows[f];
    return this;
  }

  compute(): EqualMassCalibrationResult {
    let total = 0;
    for (let f = 0; f < FINE_BINS; f++) total += this.sums.value(FIELDS * f);
    const table: EqualMassBin[] = [];
    let lastFilled = FINE_BINS - 1;
    while (lastFilled > 0 && this.fineRows[lastFilled] === 0) lastFilled--;
    let first = -1;
    let cumulative = 0;
    let closed = 1;
    for (let f = 0; f < FINE_BINS; f++) {
      if (this.fineRows[f] === 0) continue;
      if (first < 0) first = f;
      cumulative += this.sums.value(FIELDS * f);
      if (cumulative < (closed * total) / this.bins && f < lastFilled) continue;
      while (closed < this.bins && cumulative >= (closed * total) / this.bins) closed++;
      table.push(this.gather(first, f));
      first = -1;
    }
    let ece = 0;
    let count = 0;
    for (const bin of table) {
      count += bin.count;
      if (bin.weight > 0) ece += (bin.weight / total) * Math.abs(bin.accuracy - bin.confidence);
    }
    return { equalMassEce: total > 0 ? ece : Number.NaN, bins: table, count };
  }

  /** The fine bins first..last as one bin of the table. */
  private gather(first: number, last: number): EqualMassBin {
    let count = 0;
    let weight = 0;
    let confidence = 0;
    let correct = 0;
    for (let f = first; f <= last; f++) {
      count += this.fineRows[f];
      weight += this.sums.value(FIELDS * f);
      confidence += this.sums.value(FIELDS * f + 1);
      correct += this.sums.value(FIELDS * f + 2);
    }
    return {
      lower: scoreBinLowerEdge(first, FINE_BINS),
      upper: last === FINE_BINS - 1 ? 1 : scoreBinLowerEdge(last + 1, FINE_BINS),
      count,
      weight,
      confidence: confidence / weight,
      accuracy: correct / weight,
    };
  }

  toJSON(): MeterState {
    return {
      ...this.stateHeader(),
      bins: this.bins,
      fineRows: Array.from(this.fineRows),
      sums: this.sums.toJSON(),
    };
  }

  static fromJSON(state: unknown): EqualMassCalibrationMeter {
    const op = 'EqualMassCalibrationMeter.fromJSON';
    const record = state as Record<string, unknown>;
    const options: MeterOptions & { bins?: number } = readStateHeader(state, 'EqualMassCalibrationMeter');
    options.bins = readNumber(record.bins ?? null, CALIBRATION_BINS, op);
    const meter = new EqualMassCalibrationMeter(options);
    meter.fineRows.set(readCounts(record.fineRows, FINE_BINS, op, 'fineRows'));
    const sums = CompensatedSums.fromJSON(record.sums, FINE_BINS * FIELDS, op, 'sums');
    for (let f = 0; f < FINE_BINS; f++)
      checkBinSums(sums, f, meter.fineRows[f], op, { bin: 'fine bin', rows: 'fineRows' });
    meter.sums.parts.set(sums.parts);
    return meter;
  }
}
