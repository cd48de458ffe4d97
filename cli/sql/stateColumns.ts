import { ClassificationMeter } from '../../src/index.js';
import { CONFUSION_MAX_CLASSES } from '../../src/metrics/confusionMatrixMeter.js';
import type { MeterState } from '../../src/metrics/meter.js';

/**
 * One aggregate of the state query: a count of rows, or an exact sum of a float64 term. Both add
 * across partitions, which is what makes the state mergeable.
 *
 * The query first groups the rows by what the state tells apart, `ok` (the row passed every
 * check), `y` (label index), `predicted` (arg-max class), `bin_index` (calibration bin),
 * `fine_bin` (the equal-mass grid's bin), `hit` (1 when the arg-max is the label) and `top_hit`
 * (1 when the label is among the top k), into `group_rows` (ROWS is reserved in BigQuery and
 * Snowflake) and the sums `weight` (Σ w), `weight_squared` (Σ w²), `weighted_loss` (Σ w·loss),
 * `squared_loss` (Σ w²·loss), `squared_loss_squared` (Σ w²·loss²), `weighted_brier`,
 * `squared_brier`, `squared_brier_squared` (the same of the Brier score), `weighted_confidence`
 * and `clipped`; `of` is written in those terms, and the columns add up the groups. Grouping
 * first keeps the per-row work to a handful of sums: one sum per column per row made DuckDB ten
 * times slower than a bare log-loss query.
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

/**
 * A part of the state too wide for columns (a histogram, a matrix: PostgreSQL takes at most 1664
 * result columns, and the ranking histogram alone has 2048 cells): the query returns one extra
 * result row per non-empty cell, with the part's name, the cell's index, its rows and up to
 * CELL_SUMS sums. Each part sums groups of `from` (the row groups above, or `xent_class_groups`:
 * one group per class `k` of a row's probability `score` with `positive` (1 when the label is k),
 * its `rank_bin` on the ranking histogram and `class_bin` on the calibration bins, summing
 * `group_rows`, `weight` and `weighted_score`), grouped by `groupBy`.
 */
export interface CellPart {
  name: string;
  from: 'xent_groups' | 'xent_class_groups';
  where?: string;
  groupBy: string[];
  /** The cell's index, from the group keys. */
  cell: string;
  /** The terms summed: sum f of cell c lands at index `sums.length · c + f` of the state's sums. */
  sums: string[];
  /** Where the cell sums go, as (sum, compensation) pairs. */
  sumsPath: string[];
  /** Where each cell's row count goes, when the state keeps one. */
  rowsPath?: string[];
}

export const CELL_SUMS = 3;

export interface StateShape {
  numClasses: number;
  bins: number;
  histogramBins: number;
}

/** RankingMeter's cell: 2·(task·bins + bin), + 1 for a negative; the task is k (class 1 alone for two). */
const rankingCell = (numClasses: number, bins: number) =>
  numClasses === 2 ? '2 * rank_bin + 1 - positive' : `2 * (k * ${bins} + rank_bin) + 1 - positive`;

/**
 * The one description of the meter state in SQL: every column the query computes, every part it
 * returns as cells, and where each value lands in `ClassificationMeter.toJSON()`. The query
 * generator and the result reader both read it, so a new mergeable metric adds its columns and
 * places here and nowhere else. Sums are placed as (sum, compensation) pairs with a compensation
 * of 0: the engine's sum is already exact.
 */
export function stateLayout({ numClasses, bins, histogramBins }: StateShape): {
  columns: StateColumn[];
  places: StatePlace[];
  cells: CellPart[];
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
  const means = ['accuracy', 'brier', 'topK'];

  column(
    'counted_rows',
    'count',
    'ok',
    ...['logLoss', ...means, 'confusion', 'ranking', 'classwise'].map((part) => [part, 'rows']),
  );
  column('clipped', 'sum', 'clipped', ['logLoss', 'clipped']);
  column('weight', 'sum', 'weight', ...['logLoss', ...means].map((part) => [part, 'sums', 0]));
  column(
    'weight_squared',
    'sum',
    'weight_squared',
    ...['logLoss', ...means].map((part) => [part, 'squares', 0]),
  );
  column('loss', 'sum', 'weighted_loss', ['logLoss', 'sums', 2]);
  column('loss_squared_weight', 'sum', 'squared_loss', ['logLoss', 'squares', 2]);
  column('loss_squared', 'sum', 'squared_loss_squared', ['logLoss', 'squares', 4]);
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
  // A 0/1 value x (the arg-max hit, the top-k hit) has x² = x: its squared sums are one column.
  const share = (name: string, part: string, flag: string) => {
    column(name, 'sum', `CASE WHEN ${flag} = 1 THEN weight ELSE 0 END`, [part, 'sums', 2]);
    column(
      `${name}_squared`,
      'sum',
      `CASE WHEN ${flag} = 1 THEN weight_squared ELSE 0 END`,
      [part, 'squares', 2],
      [part, 'squares', 4],
    );
  };
  share('correct', 'accuracy', 'hit');
  share('top_k_correct', 'topK', 'top_hit');
  column('brier', 'sum', 'weighted_brier', ['brier', 'sums', 2]);
  column('brier_squared_weight', 'sum', 'squared_brier', ['brier', 'squares', 2]);
  column('brier_squared', 'sum', 'squared_brier_squared', ['brier', 'squares', 4]);
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

  const cells: CellPart[] = [];
  if (numClasses <= CONFUSION_MAX_CLASSES)
    cells.push({
      name: 'confusion',
      from: 'xent_groups',
      where: 'ok',
      groupBy: ['y', 'predicted'],
      cell: `y * ${numClasses} + predicted`,
      sums: ['weight'],
      sumsPath: ['confusion', 'sums'],
    });
  cells.push(
    {
      // Two classes rank class 1 alone; more rank every class against the rest.
      name: 'ranking',
      from: 'xent_class_groups',
      ...(numClasses === 2 ? { where: 'k = 1' } : {}),
      groupBy: ['k', 'rank_bin', 'positive'],
      cell: rankingCell(numClasses, histogramBins),
      sums: ['weight'],
      sumsPath: ['ranking', 'histogram'],
    },
    {
      name: 'classwise',
      from: 'xent_class_groups',
      groupBy: ['k', 'class_bin'],
      cell: `k * ${bins} + class_bin`,
      sums: ['weight', 'weighted_score', 'CASE WHEN positive = 1 THEN weight ELSE 0 END'],
      sumsPath: ['classwise', 'sums'],
    },
    {
      name: 'equalMass',
      from: 'xent_groups',
      where: 'ok',
      groupBy: ['fine_bin'],
      cell: 'fine_bin',
      sums: ['weight', 'weighted_confidence', 'CASE WHEN hit = 1 THEN weight ELSE 0 END'],
      sumsPath: ['equalMass', 'sums'],
      rowsPath: ['equalMass', 'fineRows'],
    },
  );
  return { columns, places, cells };
}

export interface MeterSettings extends StateShape {
  eps: number;
  renormalize: boolean;
  base: number | null;
  topK: number;
  exactRows: number;
}

/** One cell row of a result: which part, which cell, its rows and sums. */
export interface CellValues {
  part: string;
  cell: number;
  rows: number;
  sums: number[];
}

/**
 * The ClassificationMeter state whose every count and sum is 0, as an empty meter with these
 * options writes it: the skeleton the places fill. Its ranking part is a histogram only (`exact`
 * false, no kept rows): SQL returns sums, never the rows an exact AUC sorts.
 */
function emptyMeterState(settings: MeterSettings): MeterState {
  const { numClasses, eps, renormalize, base, bins, topK, exactRows, histogramBins } = settings;
  const state = new ClassificationMeter({
    numClasses,
    eps,
    renormalize,
    bins,
    topK,
    exactRows,
    histogramBins,
    ...(base === null ? {} : { base }),
  }).toJSON();
  Object.assign(state.ranking as object, { exact: false, store: null });
  return state;
}

type Node = Record<string | number, unknown>;

function nodeAt(state: MeterState, path: readonly (string | number)[]): Node {
  let node = state as Node;
  for (const key of path) node = node[key] as Node;
  return node;
}

/**
 * The meter state from one partition's result: the state row's values (by column name) through
 * the layout's places, and its cell rows into their parts.
 */
export function meterStateOf(
  settings: MeterSettings,
  value: (column: string) => number,
  cellRows: readonly CellValues[],
  badCell: (cell: CellValues) => Error,
): MeterState {
  const state = emptyMeterState(settings);
  const { places, cells } = stateLayout(settings);
  for (const { column, path } of places)
    nodeAt(state, path.slice(0, -1))[path[path.length - 1]] = value(column);
  const parts = new Map(cells.map((part) => [part.name, part]));
  for (const row of cellRows) {
    const part = parts.get(row.part);
    if (part === undefined) throw badCell(row);
    const sums = nodeAt(state, part.sumsPath) as unknown as number[];
    const width = part.sums.length;
    if (!(Number.isInteger(row.cell) && row.cell >= 0 && 2 * width * (row.cell + 1) <= sums.length))
      throw badCell(row);
    for (let f = 0; f < width; f++) sums[2 * (width * row.cell + f)] = row.sums[f];
    if (part.rowsPath) (nodeAt(state, part.rowsPath) as unknown as number[])[row.cell] = row.rows;
  }
  return state;
}
