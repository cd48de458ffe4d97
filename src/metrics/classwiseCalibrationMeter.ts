import { CALIBRATION_BINS, readNumber } from '../options.js';
import type { PreparedBatch } from './batch.js';
import { calibrationBin } from './calibrationMeter.js';
import { addPart, CompensatedSums } from './compensatedSums.js';
import {
  METER_KEYS,
  Meter,
  type MeterOptions,
  type MeterState,
  readCount,
  readStateHeader,
} from './meter.js';
import { checkAtMost, checkSameSetting, checkSum, stateError } from './stateChecks.js';

export interface ClasswiseCalibrationResult {
  /** The mean over classes of each class's ECE (Kull et al., 2019, "classwise-ECE"). */
  classwiseEce: number;
  /** Each class's ECE: its probability pₖ binned, each bin's mean pₖ against the share labelled k. */
  perClass: { label: number; ece: number }[];
  count: number;
}

// Per (class, bin): weight, weighted probability of the class, weight of rows labelled the class.
const FIELDS = 3;

/**
 * Streaming, mergeable class-wise expected calibration error: where ECE asks whether the top
 * class's confidence matches accuracy, this asks it of every class's probability, with the same
 * equal-width bins (lower, upper].
 *
 * Special cases: an empty meter reports NaN.
 *
 * @example new ClasswiseCalibrationMeter().update({ probabilities: [0.9, 0.9], labels: [1, 0] }).compute().classwiseEce // 0.4
 */
export class ClasswiseCalibrationMeter extends Meter<ClasswiseCalibrationResult> {
  readonly bins: number;
  private sums: CompensatedSums | undefined;
  private rows = 0;

  constructor(options: MeterOptions & { bins?: number } = {}) {
    super(options, 'ClasswiseCalibrationMeter', [...METER_KEYS, 'bins']);
    this.bins = readNumber(options.bins, CALIBRATION_BINS, 'ClasswiseCalibrationMeter');
    if (this.classes !== undefined) this.allocate(this.classes);
  }

  protected get kind(): string {
    return 'ClasswiseCalibrationMeter';
  }

  protected allocate(numClasses: number): void {
    this.sums ??= new CompensatedSums(numClasses * this.bins * FIELDS);
  }

  protected add({ rows, numClasses, labels, probabilities, weights }: PreparedBatch): void {
    const sums = (this.sums as CompensatedSums).parts;
    const bins = this.bins;
    for (let i = 0; i < rows; i++) {
      const w = weights === undefined ? 1 : weights[i];
      const label = labels[i];
      const offset = i * numClasses;
      for (let k = 0; k < numClasses; k++) {
        const p = probabilities[offset + k];
        const at = 2 * FIELDS * (k * bins + calibrationBin(p, bins));
        addPart(sums, at, w);
        addPart(sums, at + 2, w * p);
        if (label === k) addPart(sums, at + 4, w);
      }
    }
    this.rows += rows;
  }

  merge(other: ClasswiseCalibrationMeter): this {
    this.prepareMerge(other);
    checkSameSetting(`${this.kind}.merge`, 'bins', other.bins, this.bins);
    if (other.sums !== undefined) this.sums?.merge(other.sums);
    this.rows += other.rows;
    return this;
  }

  compute(): ClasswiseCalibrationResult {
    const sums = this.sums;
    const numClasses = sums === undefined ? 0 : (this.classes as number);
    const perClass: { label: number; ece: number }[] = [];
    for (let k = 0; k < numClasses; k++) {
      let weight = 0;
      let gaps = 0;
      for (let b = 0; b < this.bins; b++) {
        const at = FIELDS * (k * this.bins + b);
        const w = (sums as CompensatedSums).value(at);
        if (!(w > 0)) continue;
        weight += w;
        gaps += Math.abs((sums as CompensatedSums).value(at + 2) - (sums as CompensatedSums).value(at + 1));
      }
      perClass.push({ label: k, ece: gaps / weight });
    }
    const classwiseEce = perClass.reduce((sum, c) => sum + c.ece, 0) / perClass.length;
    return { classwiseEce, perClass, count: this.rows };
  }

  toJSON(): MeterState {
    return { ...this.stateHeader(), bins: this.bins, rows: this.rows, sums: this.sums?.toJSON() ?? null };
  }

  static fromJSON(state: unknown): ClasswiseCalibrationMeter {
    const op = 'ClasswiseCalibrationMeter.fromJSON';
    const record = state as Record<string, unknown>;
    const options: MeterOptions & { bins?: number } = readStateHeader(state, 'ClasswiseCalibrationMeter');
    options.bins = readNumber(record.bins ?? null, CALIBRATION_BINS, op);
    const meter = new ClasswiseCalibrationMeter(options);
    meter.rows = readCount(record.rows, op, 'rows');
    if (meter.classes === undefined) {
      if (meter.rows !== 0)
        throw stateError(op, 'numClasses', null, `cannot be null with ${meter.rows} rows`);
      return meter;
    }
    const cells = meter.classes * meter.bins;
    const sums = CompensatedSums.fromJSON(record.sums, cells * FIELDS, op, 'sums');
    for (let cell = 0; cell < cells; cell++) {
      const weight = checkSum(sums.value(FIELDS * cell), op, `sums (cell ${cell} weight)`);
      for (const [offset, name] of [
        [1, 'probability'],
        [2, 'labelled weight'],
      ] as const) {
        const field = `sums (cell ${cell} ${name})`;
        checkAtMost(
          checkSum(sums.value(FIELDS * cell + offset), op, field),
          weight,
          op,
          field,
          "the cell's weight",
        );
      }
    }
    meter.sums?.parts.set(sums.parts);
    return meter;
  }
}
