import { type NumberSpec, readNumber } from '../options.js';
import type { PreparedBatch } from './batch.js';
import { addPart, CompensatedSums } from './compensatedSums.js';
import {
  METER_KEYS,
  Meter,
  type MeterOptions,
  type MeterState,
  readCount,
  readStateHeader,
} from './meter.js';
import {
  averagePrecisionOfGroups,
  type BoundedFigure,
  exactGroups,
  rocAucOfGroups,
  type ScoreGroups,
  scoreBin,
} from './ranking.js';
import { RowStore } from './rowStore.js';
import { checkSameSetting, checkSum, stateError } from './stateChecks.js';

export interface RankingOptions {
  /** Rows kept for the exact, sort-based figures; past this many the histogram answers. Default 100,000. */
  exactRows?: number;
  /** Bins of the score histogram, equal in width on the logit scale over [−16, 16]. Default 1024. */
  histogramBins?: number;
}

/** A figure over the one-vs-rest tasks, with how far it can be from the exact figure. */
export interface AveragedFigure {
  /** Two classes: the figure of class 1 (the positive class). More: the unweighted mean over classes. */
  macro: number;
  /** More than two classes: the mean weighted by each class's weight among the labels. Two: as macro. */
  weighted: number;
  /** The most `macro` can differ from the exact figure: 0 when exact. */
  macroBound: number;
  weightedBound: number;
}

export interface ClassRanking {
  label: number;
  rocAuc: number;
  averagePrecision: number;
  rocAucBound: number;
  averagePrecisionBound: number;
}

export interface RankingResult {
  /** 'exact': sorted scores (ties as scikit-learn); 'histogram': past exactRows, with the bounds. */
  method: 'exact' | 'histogram';
  /** roc_auc_score (binary; multi_class='ovr', average 'macro' and 'weighted'). */
  rocAuc: AveragedFigure;
  /** average_precision_score (binary; one-hot labels with average 'macro' and 'weighted'). */
  averagePrecision: AveragedFigure;
  /** One entry per one-vs-rest task: class 1 alone for two classes, every class otherwise. */
  perClass: ClassRanking[];
  count: number;
}

export const EXACT_ROWS: NumberSpec = { option: 'exactRows', default: 100_000, min: 0, integer: true };
export const HISTOGRAM_BINS: NumberSpec = { option: 'histogramBins', default: 1024, min: 2, integer: true };
const RANKING_KEYS = [...METER_KEYS, 'exactRows', 'histogramBins'] as const;

/** The one-vs-rest tasks: class 1 alone for a binary problem, else every class. */
const taskCount = (numClasses: number) => (numClasses === 2 ? 1 : numClasses);
const taskClass = (task: number, numClasses: number) => (numClasses === 2 ? 1 : task);

/** The histogram sum of a task's bin: per task and bin, the positive then the negative weight. */
const cellIndex = (bins: number, task: number, bin: number, positive: boolean) =>
  2 * (task * bins + bin) + (positive ? 0 : 1);

function average(figures: BoundedFigure[], weights: number[]): AveragedFigure {
  const total = weights.reduce((sum, w) => sum + w, 0);
  const mean = (pick: (f: BoundedFigure) => number, weighted: boolean) =>
    figures.reduce((sum, f, t) => sum + pick(f) * (weighted ? weights[t] / total : 1 / figures.length), 0);
  return {
    macro: mean((f) => f.value, false),
    weighted: mean((f) => f.value, true),
    macroBound: mean((f) => f.bound, false),
    weightedBound: mean((f) => f.bound, true),
  };
}

/**
 * Streaming, mergeable ROC AUC and average precision: exact (sort-based) while the rows fit under
 * `exactRows`, then from a fine score histogram with a stated error bound.
 *
 * Method: every row adds its weight to a (positive or negative) histogram bin per task, always; the
 * rows themselves are kept until there are more than `exactRows`. With the rows, each task sorts its
 * scores and groups ties as scikit-learn does, so the figures are exact. Without, each bin is one
 * group of tied scores, and the bounds of `rocAucOfGroups` and `averagePrecisionOfGroups` say how
 * far that can be from the exact figure: they grow with the positive × negative weight sharing a
 * bin, up to ½ for AUC when every score falls in one bin.
 *
 * Special cases: a task with no positives or no negatives has NaN figures (scikit-learn raises), and
 * so do the averages over it; an empty meter reports NaN.
 *
 * @example new RankingMeter().update({ probabilities: [0.9, 0.4, 0.6], labels: [1, 0, 0] }).compute().rocAuc.macro // 1
 */
export class RankingMeter extends Meter<RankingResult> {
  readonly exactRows: number;
  readonly histogramBins: number;
  private histogram: CompensatedSums | undefined;
  private store: RowStore | undefined;
  private exact = true;
  private rows = 0;

  constructor(options: MeterOptions & RankingOptions = {}) {
    super(options, 'RankingMeter', RANKING_KEYS);
    this.exactRows = readNumber(options.exactRows, EXACT_ROWS, 'RankingMeter');
    this.histogramBins = readNumber(options.histogramBins, HISTOGRAM_BINS, 'RankingMeter');
    if (this.classes !== undefined) this.allocate(this.classes);
  }

  protected get kind(): string {
    return 'RankingMeter';
  }

  /** Rows added so far. */
  get rowCount(): number {
    return this.rows;
  }

  /** The kept rows, while the figures are exact (a bootstrap resamples them). */
  get keptRows(): RowStore | undefined {
    return this.store;
  }

  protected allocate(numClasses: number): void {
    if (this.histogram !== undefined) return;
    this.histogram = new CompensatedSums(taskCount(numClasses) * this.histogramBins * 2);
    if (this.exact) this.store = new RowStore(numClasses);
  }

  protected add(batch: PreparedBatch): void {
    const { rows, numClasses, labels, probabilities, weights } = batch;
    const histogram = (this.histogram as CompensatedSums).parts;
    const tasks = taskCount(numClasses);
    const bins = this.histogramBins;
    for (let i = 0; i < rows; i++) {
      const w = weights === undefined ? 1 : weights[i];
      const label = labels[i];
      const offset = i * numClasses;
      for (let t = 0; t < tasks; t++) {
        const k = taskClass(t, numClasses);
        const bin = scoreBin(probabilities[offset + k], bins);
        addPart(histogram, 2 * cellIndex(bins, t, bin, label === k), w);
      }
    }
    this.rows += rows;
    this.keep((store) => store.append(batch));
  }

  /** Adds rows to the store while they fit under exactRows, and drops it (for good) once not. */
  private keep(append: (store: RowStore) => void): void {
    if (this.store === undefined) return;
    if (this.rows > this.exactRows) {
      this.store = undefined;
      this.exact = false;
    } else append(this.store);
  }

  merge(other: RankingMeter): this {
    this.prepareMerge(other);
    checkSameSetting(`${this.kind}.merge`, 'exactRows', other.exactRows, this.exactRows);
    checkSameSetting(`${this.kind}.merge`, 'histogramBins', other.histogramBins, this.histogramBins);
    if (other.histogram === undefined) return this;
    this.histogram?.merge(other.histogram);
    this.rows += other.rows;
    const kept = other.store;
    if (kept === undefined) {
      this.store = undefined;
      this.exact = false;
    } else this.keep((store) => store.appendStore(kept));
    return this;
  }

  private histogramGroups(task: number): ScoreGroups {
    const bins = this.histogramBins;
    const histogram = this.histogram as CompensatedSums;
    const positive = new Float64Array(bins);
    const negative = new Float64Array(bins);
    for (let g = 0; g < bins; g++) {
      positive[g] = histogram.value(cellIndex(bins, task, bins - 1 - g, true));
      negative[g] = histogram.value(cellIndex(bins, task, bins - 1 - g, false));
    }
    return { positive, negative, length: bins };
  }

  private storeGroups(task: number, store: RowStore, weighted: boolean): ScoreGroups {
    const numClasses = store.numClasses;
    const k = taskClass(task, numClasses);
    const scores = new Float64Array(store.length);
    const positive = new Uint8Array(store.length);
    for (let i = 0; i < store.length; i++) {
      scores[i] = store.probabilities[i * numClasses + k];
      positive[i] = store.labels[i] === k ? 1 : 0;
    }
    return exactGroups(scores, positive, weighted ? store.weights.subarray(0, store.length) : undefined);
  }

  compute(): RankingResult {
    const numClasses = this.classes ?? 2;
    const perClass: ClassRanking[] = [];
    const aucs: BoundedFigure[] = [];
    const precisions: BoundedFigure[] = [];
    const prevalence: number[] = [];
    const store = this.store;
    const weighted = store?.weights.subarray(0, store.length).some((w) => w !== 1) ?? false;
    for (let t = 0; t < (this.histogram === undefined ? 0 : taskCount(numClasses)); t++) {
      const groups = store === undefined ? this.histogramGroups(t) : this.storeGroups(t, store, weighted);
      const auc = rocAucOfGroups(groups, this.exact);
      const precision = averagePrecisionOfGroups(groups, this.exact);
      aucs.push(auc);
      precisions.push(precision);
      let positives = 0;
      for (let g = 0; g < groups.length; g++) positives += groups.positive[g];
      prevalence.push(positives);
      perClass.push({
        label: taskClass(t, numClasses),
        rocAuc: auc.value,
        averagePrecision: precision.value,
        rocAucBound: auc.bound,
        averagePrecisionBound: precision.bound,
      });
    }
    return {
      method: this.exact ? 'exact' : 'histogram',
      rocAuc: average(aucs, prevalence),
      averagePrecision: average(precisions, prevalence),
      perClass,
      count: this.rows,
    };
  }

  toJSON(): MeterState {
    return {
      ...this.stateHeader(),
      exactRows: this.exactRows,
      histogramBins: this.histogramBins,
      rows: this.rows,
      exact: this.exact,
      histogram: this.histogram?.toJSON() ?? null,
      store: this.store?.toJSON() ?? null,
    };
  }

  static fromJSON(state: unknown): RankingMeter {
    const op = 'RankingMeter.fromJSON';
    const record = state as Record<string, unknown>;
    const options: MeterOptions & RankingOptions = readStateHeader(state, 'RankingMeter');
    options.exactRows = readNumber(record.exactRows ?? null, EXACT_ROWS, op);
    options.histogramBins = readNumber(record.histogramBins ?? null, HISTOGRAM_BINS, op);
    const meter = new RankingMeter(options);
    meter.rows = readCount(record.rows, op, 'rows');
    if (typeof record.exact !== 'boolean')
      throw stateError(op, 'exact', record.exact, 'must be true or false');
    if (record.exact && meter.rows > meter.exactRows)
      throw stateError(op, 'exact', true, `cannot hold with more rows (${meter.rows}) than exactRows`);
    if (meter.classes === undefined) {
      if (meter.rows !== 0)
        throw stateError(op, 'numClasses', null, `cannot be null with ${meter.rows} rows`);
      meter.exact = record.exact;
      return meter;
    }
    const cells = taskCount(meter.classes) * meter.histogramBins * 2;
    const histogram = CompensatedSums.fromJSON(record.histogram, cells, op, 'histogram');
    for (let cell = 0; cell < cells; cell++) checkSum(histogram.value(cell), op, `histogram (cell ${cell})`);
    meter.histogram?.parts.set(histogram.parts);
    meter.exact = record.exact;
    meter.store = record.exact ? RowStore.fromJSON(record.store, meter.classes, meter.rows, op) : undefined;
    return meter;
  }
}
