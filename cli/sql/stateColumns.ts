import type { MeterState } from '../../src/metrics/meter.js';

/**
 * One aggregate of the state query: a count of rows, or an exact sum of a float64 term. Both add
 * across partitions, which is what makes the state mergeable.
 *
 * The query first groups the rows by what the state tells apart, `ok` (the row passed every
 * check), `y` (label index), `bin_index` (calibration bin) and `hit` (1 when the arg-max is the
 * label), into `group_rows` (ROWS is reserved in BigQuery and Snowflake), `weight` (Σ w), `weighted_loss` (Σ w·loss), `weighted_confidence`
 * (Σ w·confidence) and `clipped`; `of` is written in those terms, and the columns add up the
 * groups. Grouping first keeps the per-row work to a handful of sums: one sum per column per row
 * made DuckDB ten times slower than a bare log-loss query.
 */
export interface StateColumn {
  /** The result column, lower case so engines that fold case (Snowflake) keep it readable. */
  name: string;
  aggregate: 'count' | 'sum';
  /** For a count, the condition on a group (whose `group_rows` are added); for a sum, the term added. */
  of: string;
}

/** Where a result column goes in the ClassificationMeter state: a path of keys and indices. */
export interface StatePlace {
  column: string;
  path: (string | number)[];
}

export interface StateShape {
  numClasses: number;
  bins: number;
}

/**
 * The one description of the meter state in SQL: every column the query computes and where its
 * value lands in `ClassificationMeter.toJSON()`. The query generator and the result reader both
 * read it, so a new mergeable metric adds its columns and places here and nowhere else. Sums are
 * placed as (sum, compensation) pairs with a compensation of 0: the engine's sum is already exact.
 */
export function stateLayout({ numClasses, bins }: StateShape): {
  columns: StateColumn[];
  places: StatePlace[];
} {
  const columns: StateColumn[] = [];
  const places: StatePlace[] = [];
  const column = (
    name: string,
    aggregate: StateColumn['aggregate'],
    of: string,
    ...paths: StatePlace['path'][]
  ) => {
    columns.push({ name, aggregate, of });
    for (const path of paths) places.push({ column: name, path });
  };
  const classes = Array.from({ length: numClasses }, (_, k) => k);
  const binIndices = Array.from({ length: bins }, (_, b) => b);

  column('counted_rows', 'count', 'ok', ['logLoss', 'rows'], ['accuracy', 'rows']);
  column('clipped', 'sum', 'clipped', ['logLoss', 'clipped']);
  column('weight', 'sum', 'weight', ['logLoss', 'sums', 0], ['accuracy', 'sums', 0]);
  column('loss', 'sum', 'weighted_loss', ['logLoss', 'sums', 2]);
  for (const k of classes) {
    column(`class_rows_${k}`, 'count', `ok AND y = ${k}`, ['logLoss', 'classRows', k]);
    column(`class_weight_${k}`, 'sum', `CASE WHEN y = ${k} THEN weight ELSE 0 END`, [
      'logLoss',
      'sums',
      4 + 4 * k,
    ]);
    column(`class_loss_${k}`, 'sum', `CASE WHEN y = ${k} THEN weighted_loss ELSE 0 END`, [
      'logLoss',
      'sums',
      6 + 4 * k,
    ]);
  }
  column('correct', 'sum', 'CASE WHEN hit = 1 THEN weight ELSE 0 END', ['accuracy', 'sums', 2]);
  for (const b of binIndices) {
    column(`bin_rows_${b}`, 'count', `ok AND bin_index = ${b}`, ['calibration', 'binRows', b]);
    column(`bin_weight_${b}`, 'sum', `CASE WHEN bin_index = ${b} THEN weight ELSE 0 END`, [
      'calibration',
      'sums',
      6 * b,
    ]);
    column(`bin_confidence_${b}`, 'sum', `CASE WHEN bin_index = ${b} THEN weighted_confidence ELSE 0 END`, [
      'calibration',
      'sums',
      6 * b + 2,
    ]);
    column(`bin_correct_${b}`, 'sum', `CASE WHEN bin_index = ${b} AND hit = 1 THEN weight ELSE 0 END`, [
      'calibration',
      'sums',
      6 * b + 4,
    ]);
  }
  return { columns, places };
}

export interface MeterSettings extends StateShape {
  eps: number;
  renormalize: boolean;
  base: number | null;
}

/** The ClassificationMeter state whose every count and sum is 0: the skeleton the places fill. */
function emptyMeterState({ numClasses, bins, eps, renormalize, base }: MeterSettings): MeterState {
  const header = (type: string) => ({ type, version: 1 as const, numClasses, eps, renormalize });
  const zeros = (length: number) => new Array<number>(length).fill(0);
  return {
    ...header('ClassificationMeter'),
    logLoss: {
      ...header('LogLossMeter'),
      base,
      rows: 0,
      clipped: 0,
      classRows: zeros(numClasses),
      sums: zeros(2 * (2 + 2 * numClasses)),
    },
    accuracy: { ...header('AccuracyMeter'), rows: 0, sums: zeros(4) },
    calibration: { ...header('CalibrationMeter'), bins, binRows: zeros(bins), sums: zeros(6 * bins) },
  };
}

/** The meter state from one result row's values (by column name), through the layout's places. */
export function meterStateOf(settings: MeterSettings, value: (column: string) => number): MeterState {
  const state = emptyMeterState(settings);
  for (const { column, path } of stateLayout(settings).places) {
    let target = state as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
    target[path[path.length - 1]] = value(column);
  }
  return state;
}
