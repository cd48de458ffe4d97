import { NORMALIZATION_TOLERANCE } from '../../src/checks/probability.js';
import { FINE_BINS } from '../../src/metrics/equalMassCalibrationMeter.js';
import { EXACT_ROWS, HISTOGRAM_BINS } from '../../src/metrics/rankingMeter.js';
import { TOP_K } from '../../src/metrics/topKAccuracyMeter.js';
import type { TableSettings } from '../eval/rows.js';
import type { Dialect } from './dialects.js';
import { CELL_SUMS, type CellPart, stateLayout } from './stateColumns.js';

/** What the query reads and how: `xent eval`'s table options, and where the table is. */
export interface QuerySettings extends Omit<TableSettings, 'file' | 'columns'> {
  /** A table, a view, or any FROM item (DuckDB: `read_parquet('…')`), written as SQL. */
  source: string;
  /** What the result calls the source (a file name), when not the FROM item itself. */
  name?: string | undefined;
  /** The score columns, in class order (one column: a binary classifier's score for class 1). */
  columns: string[];
  /** Equal-width confidence bins of the calibration figures (default 15, as the JS engine). */
  bins?: number;
  /** A column whose values each get a result row (a state of their own). */
  partitionBy?: string | undefined;
}

/** What the query records about itself in its `xent_settings` column, so a result is self-describing. */
export interface RecordedSettings {
  format: 'xent-sql-state';
  version: 2;
  source: string;
  classes: string[] | null;
  scoreColumns: string[];
  from: 'probabilities' | 'logits';
  sampleWeight: string | null;
  eps: number;
  renormalize: boolean;
  base: number | null;
  bins: number;
  numClasses: number;
  skipBadLines: boolean;
  topK: number;
  exactRows: number;
  histogramBins: number;
}

export const SETTINGS_COLUMN = 'xent_settings';
export const PARTITION_COLUMN = 'xent_partition';
export const ROWS_READ_COLUMN = 'rows_read';
export const BAD_ROWS_COLUMN = 'bad_rows';
/** On a cell row: the part of the state its cell belongs to (NULL on the state row). */
export const PART_COLUMN = 'xent_part';
export const CELL_COLUMN = 'xent_cell';
export const CELL_ROWS_COLUMN = 'cell_rows';
export const cellSumColumn = (field: number) => `cell_sum_${field}`;

/** The JS engine's ClassificationMeter default (Guo et al., 2017). */
const CALIBRATION_BINS = 15;
const indices = (length: number) => Array.from({ length }, (_, k) => k);
const sumOf = (terms: string[]) => terms.join(' + ');
/** The first class k whose term equals the row's maximum: numpy.argmax's tie rule. */
const firstEqual = (terms: string[], max: string) =>
  `CASE ${terms.map((term, k) => `WHEN ${term} = ${max} THEN ${k}`).join(' ')} END`;
/** The term of class y (or of whichever class column `by` names). */
const ofClass = (terms: string[], by = 'y') =>
  `CASE ${by} ${terms.map((term, k) => `WHEN ${k} THEN ${term}`).join(' ')} END`;

/** The settings a query is written for, every default filled in. */
type FullSettings = QuerySettings & { bins: number; topK: number; exactRows: number; histogramBins: number };

/** A stage of the query: a CTE's name and its body. */
type Stage = [string, string];
const select = (terms: string[], from: string) => `SELECT\n    ${terms.join(',\n    ')}\n  ${from}`;

/**
 * The SELECT computing a ClassificationMeter state (every count and sum of `stateLayout`) from a
 * table of predictions, optionally per partition. Row by row it repeats what the JS engine does
 * (cli/eval/rows.ts and src/metrics/batch.ts) in the same order of float operations: the checks,
 * the eps clip and renormalization, log-softmax for logits, the arg-max, the Brier score, the
 * top-k hit and the bins. A row that fails a check is counted in `bad_rows` and adds nothing.
 *
 * The result has one state row per partition, then one row per non-empty cell of the parts too
 * wide for columns (`xent_part`, `xent_cell`, `cell_rows`, `cell_sum_0…2`), ordered by partition.
 */
export function stateQuery(query: QuerySettings, dialect: Dialect): string {
  const settings: FullSettings = {
    ...query,
    bins: query.bins ?? CALIBRATION_BINS,
    topK: query.meter?.topK ?? (TOP_K.default as number),
    exactRows: query.meter?.exactRows ?? (EXACT_ROWS.default as number),
    histogramBins: HISTOGRAM_BINS.default as number,
  };
  const id = dialect.identifier;
  const width = settings.columns.length;
  const numClasses = Math.max(width, 2);
  const partition =
    settings.partitionBy === undefined ? [] : [`${id(settings.partitionBy)} AS ${PARTITION_COLUMN}`];
  const carried = settings.partitionBy === undefined ? [] : [PARTITION_COLUMN];
  const scores = indices(width).map((k) => `s${k}`);
  const input = [
    ...partition,
    `${labelIndex(settings, numClasses, dialect)} AS y`,
    `${settings.sampleWeight === undefined ? dialect.double(1) : dialect.toDouble(id(settings.sampleWeight))} AS w`,
    ...settings.columns.map((name, k) => `${dialect.toDouble(id(name))} AS s${k}`),
  ];
  const safe = safeScores(settings, width, dialect);
  const clean = [
    ...carried,
    'ok',
    'CASE WHEN ok THEN y ELSE 0 END AS y',
    'CASE WHEN ok THEN w ELSE 0 END AS w',
    ...scores.map((s, k) => `CASE WHEN ok THEN ${s} ELSE ${safe[k]} END AS ${s}`),
  ];
  const rowSteps = [
    ...(settings.from === 'logits'
      ? logitRows(width, dialect)
      : width === 1
        ? binaryRows(settings, dialect)
        : probabilityRows(settings, width, dialect)),
    ...scoreRows(settings, numClasses, dialect),
  ];
  const { columns, cells } = stateLayout({ ...settings, numClasses });
  const groupKeys = [...carried, 'ok', 'y', 'predicted', 'bin_index', 'fine_bin', 'hit', 'top_hit'];
  const sum = dialect.exactSum;
  const times = dialect.multiply;
  // The terms each row adds, each product in SquareSums.add's order: (w·w)·x, then ((w·w)·x)·x.
  const terms = [
    `${times('w', 'w')} AS w_w`,
    `${times('w', 'loss')} AS w_loss`,
    `${times('w', 'brier')} AS w_brier`,
    `${times('w', 'confidence')} AS w_confidence`,
  ];
  const squaredTerms = [`${times('w_w', 'loss')} AS w_w_loss`, `${times('w_w', 'brier')} AS w_w_brier`];
  const groups = [
    ...groupKeys,
    'COUNT(*) AS group_rows',
    `${sum('w')} AS weight`,
    `${sum('w_w')} AS weight_squared`,
    `${sum('w_loss')} AS weighted_loss`,
    `${sum('w_w_loss')} AS squared_loss`,
    `${sum(times('w_w_loss', 'loss'))} AS squared_loss_squared`,
    `${sum('w_brier')} AS weighted_brier`,
    `${sum('w_w_brier')} AS squared_brier`,
    `${sum(times('w_w_brier', 'brier'))} AS squared_brier_squared`,
    `${sum('w_confidence')} AS weighted_confidence`,
    'SUM(clipped) AS clipped',
  ];
  const probabilities = indices(numClasses).map((k) => `p${k}`);
  const classKeys = [...carried, 'k', 'positive', 'rank_bin', 'class_bin'];
  const last = (steps: Stage[]) => steps[steps.length - 1][0];
  const stages: Stage[] = [
    ['xent_input', select(input, `FROM ${settings.source}`)],
    [
      'xent_checked',
      select(
        [...carried, `COALESCE(${validRow(settings, width, dialect)}, FALSE) AS ok`, 'y', 'w', ...scores],
        'FROM xent_input',
      ),
    ],
    ['xent_clean', select(clean, 'FROM xent_checked')],
  ];
  for (const [name, terms] of rowSteps) stages.push([name, select(['*', ...terms], `FROM ${last(stages)}`)]);
  stages.push(
    [
      'xent_rows',
      select(
        [
          '*',
          `${calibrationBin('confidence', settings.bins)} AS bin_index`,
          `${logitBin('confidence', FINE_BINS, dialect)} AS fine_bin`,
          'CASE WHEN predicted = y THEN 1 ELSE 0 END AS hit',
          ...terms,
        ],
        `FROM ${last(stages)}`,
      ),
    ],
    ['xent_terms', select(['*', ...squaredTerms], 'FROM xent_rows')],
    ['xent_groups', select(groups, `FROM xent_terms\n  GROUP BY ${groupKeys.join(', ')}`)],
    // One row per (row, class): the per-class scores of the ranking and class-wise parts.
    [
      'xent_classes',
      indices(numClasses)
        .map((k) => `SELECT ${k} AS k`)
        .join(' UNION ALL '),
    ],
    [
      'xent_class_rows',
      select(
        [
          ...carried,
          'k',
          `${ofClass(probabilities, 'k')} AS score`,
          'CASE WHEN y = k THEN 1 ELSE 0 END AS positive',
          'w',
        ],
        'FROM xent_rows CROSS JOIN xent_classes\n  WHERE ok',
      ),
    ],
    [
      'xent_class_bins',
      select(
        [
          '*',
          `${logitBin('score', settings.histogramBins, dialect)} AS rank_bin`,
          `${calibrationBin('score', settings.bins)} AS class_bin`,
        ],
        'FROM xent_class_rows',
      ),
    ],
    [
      'xent_class_groups',
      select(
        [
          ...classKeys,
          'COUNT(*) AS group_rows',
          `${sum('w')} AS weight`,
          `${sum(times('w', 'score'))} AS weighted_score`,
        ],
        `FROM xent_class_bins\n  GROUP BY ${classKeys.join(', ')}`,
      ),
    ],
    ['xent_cells', cells.map((part) => cellSelect(part, carried, dialect)).join('\n  UNION ALL\n  ')],
  );
  const ctes = stages.map(([name, body]) => `${name} ${dialect.cte} (\n  ${body}\n)`);
  const cellColumns = [PART_COLUMN, CELL_COLUMN, CELL_ROWS_COLUMN, ...indices(CELL_SUMS).map(cellSumColumn)];
  const stateColumns = [
    SETTINGS_COLUMN,
    ROWS_READ_COLUMN,
    BAD_ROWS_COLUMN,
    ...columns.map(({ name }) => name),
  ];
  const stateRow = [
    ...carried,
    `${dialect.string(JSON.stringify(recordedSettings(settings, numClasses)))} AS ${SETTINGS_COLUMN}`,
    `SUM(group_rows) AS ${ROWS_READ_COLUMN}`,
    `SUM(CASE WHEN ok THEN 0 ELSE group_rows END) AS ${BAD_ROWS_COLUMN}`,
    ...columns.map(({ name, aggregate, of }) =>
      aggregate === 'count'
        ? `SUM(CASE WHEN ${of} THEN group_rows ELSE 0 END) AS ${name}`
        : `${sum(of)} AS ${name}`,
    ),
    ...cellColumns.map((name) => `NULL AS ${name}`),
  ];
  const cellRows = [...carried, ...stateColumns.map((name) => `NULL AS ${name}`), ...cellColumns];
  const groupBy = settings.partitionBy === undefined ? '' : `\nGROUP BY ${PARTITION_COLUMN}`;
  const orderBy = [...carried, `${PART_COLUMN} NULLS FIRST`, CELL_COLUMN].join(', ');
  return `WITH\n${ctes.join(',\n')}\nSELECT\n  ${stateRow.join(',\n  ')}\nFROM xent_groups${groupBy}\nUNION ALL\nSELECT\n  ${cellRows.join(',\n  ')}\nFROM xent_cells\nORDER BY ${orderBy}\n`;
}

/**
 * One part's cells: its groups summed per cell, the unused sums 0 (a NULL would be typed text by
 * PostgreSQL where the first two parts of the UNION both leave it NULL).
 */
function cellSelect(part: CellPart, carried: string[], dialect: Dialect): string {
  const sums = indices(CELL_SUMS).map(
    (f) => `${f < part.sums.length ? dialect.exactSum(part.sums[f]) : '0'} AS ${cellSumColumn(f)}`,
  );
  const terms = [
    ...carried,
    `${dialect.string(part.name)} AS ${PART_COLUMN}`,
    `CAST(${part.cell} AS INTEGER) AS ${CELL_COLUMN}`,
    `SUM(group_rows) AS ${CELL_ROWS_COLUMN}`,
    ...sums,
  ];
  const where = part.where === undefined ? '' : ` WHERE ${part.where}`;
  return `SELECT ${terms.join(', ')} FROM ${part.from}${where} GROUP BY ${[...carried, ...part.groupBy].join(', ')}`;
}

/** calibrationBin of src/metrics/calibrationMeter.ts: equal-width bins (lower, upper]. */
const calibrationBin = (x: string, bins: number) =>
  `LEAST(GREATEST(CEIL(${x} * ${bins}) - 1, 0), ${bins - 1})`;

/**
 * scoreBin of src/metrics/ranking.ts: equal widths in logit(x) over [−16, 16], 0 and 1 in the end
 * bins (where the logarithm is −∞, which SQL refuses). No engine here has log1p: ln(1 − x) is
 * exact in its argument for x ≥ ½ and within an ulp or so of log1p(−x) below, which moves a
 * score to the next bin only when its logit is that close to a bin edge.
 */
function logitBin(x: string, bins: number, { double }: Dialect): string {
  const logit = `LN(${x}) - LN(1 - ${x})`;
  const bin = `FLOOR(((${logit} + ${double(16)}) / ${double(32)}) * ${bins})`;
  return `CASE WHEN ${x} <= 0 THEN 0 WHEN ${x} >= 1 THEN ${bins - 1} ELSE LEAST(GREATEST(${bin}, 0), ${bins - 1}) END`;
}

/**
 * The per-row figures read from the probability row p0…: the Brier score (rowBrier of
 * src/metrics/brierMeter.ts) and the top-k hit (inTopK of src/metrics/topKAccuracyMeter.ts).
 */
function scoreRows({ topK }: FullSettings, numClasses: number, { multiply }: Dialect): RowSteps {
  const ks = indices(numClasses);
  if (numClasses === 2)
    return [
      [
        'xent_scores',
        [
          `${multiply('(p1 - y)', '(p1 - y)')} AS brier`,
          topK >= 2 ? '1 AS top_hit' : 'CASE WHEN predicted = y THEN 1 ELSE 0 END AS top_hit',
        ],
      ],
    ];
  const gaps = ks.map((k) => `g${k}`);
  // Among tied probabilities scikit-learn ranks the higher class first.
  const ahead = sumOf(
    ks.map((j) => `CASE WHEN p${j} > p_label OR (p${j} = p_label AND ${j} > y) THEN 1 ELSE 0 END`),
  );
  return [
    [
      'xent_gaps',
      [
        ...ks.map((k) => `p${k} - CASE WHEN y = ${k} THEN 1 ELSE 0 END AS g${k}`),
        `${ofClass(ks.map((k) => `p${k}`))} AS p_label`,
      ],
    ],
    [
      'xent_scores',
      [
        `${sumOf(gaps.map((g) => multiply(g, g)))} AS brier`,
        topK >= numClasses ? '1 AS top_hit' : `CASE WHEN ${ahead} < ${topK} THEN 1 ELSE 0 END AS top_hit`,
      ],
    ],
  ];
}

/**
 * The label's class index, or NULL when it is none: a class name (with --classes) or its index
 * written as text, else a whole number in [0, C).
 */
function labelIndex({ label, classes }: QuerySettings, numClasses: number, dialect: Dialect): string {
  const column = dialect.identifier(label);
  if (classes !== undefined) {
    const names = classes.map((name, k) => `WHEN ${dialect.string(name)} THEN ${k}`);
    const numbers = indices(numClasses).map((k) => `WHEN '${k}' THEN ${k}`);
    return `CASE TRIM(${dialect.toText(column)}) ${[...names, ...numbers].join(' ')} END`;
  }
  const value = dialect.toDouble(column);
  return `CASE ${indices(numClasses)
    .map((k) => `WHEN ${value} = ${k} THEN ${k}`)
    .join(' ')} END`;
}

/** The checks of cli/eval/rows.ts on one row, as a boolean (NULL, for a NULL cell, means bad). */
function validRow(settings: QuerySettings, width: number, dialect: Dialect): string {
  const double = dialect.double;
  const checks = ['y IS NOT NULL'];
  if (settings.sampleWeight !== undefined) checks.push(`w >= 0 AND w < ${dialect.infinity}`);
  const scores = indices(width).map((k) => `s${k}`);
  if (settings.from === 'logits') {
    // NaN sorts above +Infinity in SQL engines, so `< Infinity` refuses both, as the JS engine does.
    for (const s of scores) checks.push(`${s} < ${dialect.infinity}`);
    if (width > 1) checks.push(`GREATEST(${scores.join(', ')}) > -${dialect.infinity}`);
    return checks.join(' AND ');
  }
  const renormalize = settings.renormalize && width > 1;
  for (const s of scores)
    checks.push(renormalize ? `${s} >= 0 AND ${s} < ${dialect.infinity}` : `${s} >= 0 AND ${s} <= 1`);
  if (width > 1)
    checks.push(
      renormalize
        ? `${sumOf(scores)} > 0`
        : `ABS(${sumOf(scores)} - 1) <= ${double(NORMALIZATION_TOLERANCE)}`,
    );
  return checks.join(' AND ');
}

/** Scores that pass every check, put in a bad row's place so no function sees a bad argument. */
function safeScores({ from }: QuerySettings, width: number, { double }: Dialect): string[] {
  if (from === 'logits') return indices(width).map(() => double(0));
  if (width === 1) return [double(0.5)];
  return indices(width).map((k) => double(k === 0 ? 1 : 0));
}

type RowSteps = [string, string[]][];

/** scikit-learn's recipe for a (N, C) probability row: clip to [eps, 1 − eps], renormalize, −log. */
function probabilityRows({ eps, renormalize }: QuerySettings, width: number, dialect: Dialect): RowSteps {
  const double = dialect.double;
  const ks = indices(width);
  const p = ks.map((k) => `p${k}`);
  const q = ks.map((k) => `q${k}`);
  const low = double(eps);
  const high = double(1 - eps);
  // The JS engine multiplies by 1 / sum, not divides by the sum: the same rounding here.
  const scale = renormalize ? `(1 / (${sumOf(ks.map((k) => `s${k}`))}))` : '';
  return [
    ['xent_scaled', ks.map((k) => (renormalize ? `s${k} * ${scale} AS p${k}` : `s${k} AS p${k}`))],
    [
      'xent_clipped',
      [
        ...ks.map(
          (k) =>
            `CASE WHEN p${k} < ${low} THEN ${low} WHEN p${k} > ${high} THEN ${high} ELSE p${k} END AS q${k}`,
        ),
        `GREATEST(${p.join(', ')}) AS confidence`,
        `${ks.map((k) => `CASE WHEN p${k} < ${low} OR p${k} > ${high} THEN 1 ELSE 0 END`).join(' + ')} AS clipped`,
      ],
    ],
    [
      'xent_picked',
      [
        `CASE y ${ks.map((k) => `WHEN ${k} THEN q${k}`).join(' ')} END / (${sumOf(q)}) AS picked`,
        `${firstEqual(p, 'confidence')} AS predicted`,
      ],
    ],
    ['xent_loss', [`CASE WHEN picked > 0 THEN 0 - LN(picked) ELSE ${dialect.infinity} END AS loss`]],
  ];
}

/** One probability column p is the row p0, p1 = [1 − p, p], as scikit-learn builds it. */
function binaryRows({ eps }: QuerySettings, dialect: Dialect): RowSteps {
  const double = dialect.double;
  const low = double(eps);
  const high = double(1 - eps);
  return [
    [
      'xent_clipped',
      [
        `CASE WHEN s0 < ${low} THEN ${low} WHEN s0 > ${high} THEN ${high} ELSE s0 END AS q`,
        '1 - s0 AS p0',
        's0 AS p1',
        'GREATEST(s0, 1 - s0) AS confidence',
        `CASE WHEN s0 > 1 - s0 THEN 1 ELSE 0 END AS predicted`,
        `CASE WHEN s0 < ${low} OR s0 > ${high} THEN 1 ELSE 0 END AS clipped`,
      ],
    ],
    ['xent_picked', ['(CASE WHEN y = 1 THEN q ELSE 1 - q END) / (1 - q + q) AS picked']],
    ['xent_loss', [`CASE WHEN picked > 0 THEN 0 - LN(picked) ELSE ${dialect.infinity} END AS loss`]],
  ];
}

/**
 * Log-softmax as the library computes it: z − max − log Σ exp(z − max); one column z is [0, z].
 * The probability row p0… is exp of it, as the meters' `probabilities`.
 */
function logitRows(width: number, dialect: Dialect): RowSteps {
  const double = dialect.double;
  const z = width === 1 ? [double(0), 's0'] : indices(width).map((k) => `s${k}`);
  const ks = indices(z.length);
  const logp = ks.map((k) => `l${k}`);
  return [
    ['xent_max', [`GREATEST(${z.join(', ')}) AS max_score`]],
    ['xent_lse', [`LN(${ks.map((k) => dialect.exp(`${z[k]} - max_score`)).join(' + ')}) AS lse`]],
    ['xent_logp', ks.map((k) => `${z[k]} - max_score - lse AS l${k}`)],
    ['xent_best', [`GREATEST(${logp.join(', ')}) AS best_logp`]],
    [
      'xent_loss',
      [
        `-(CASE y ${ks.map((k) => `WHEN ${k} THEN l${k}`).join(' ')} END) AS loss`,
        `${firstEqual(logp, 'best_logp')} AS predicted`,
        `${dialect.exp('best_logp')} AS confidence`,
        '0 AS clipped',
        ...ks.map((k) => `${dialect.exp(`l${k}`)} AS p${k}`),
      ],
    ],
  ];
}

function recordedSettings(settings: FullSettings, numClasses: number): RecordedSettings {
  return {
    format: 'xent-sql-state',
    version: 2,
    source: settings.name ?? settings.source,
    classes: settings.classes ?? null,
    scoreColumns: settings.columns,
    from: settings.from,
    sampleWeight: settings.sampleWeight ?? null,
    eps: settings.eps,
    renormalize: settings.renormalize,
    base: settings.base ?? null,
    bins: settings.bins,
    numClasses,
    skipBadLines: settings.skipBadLines,
    topK: settings.topK,
    exactRows: settings.exactRows,
    histogramBins: settings.histogramBins,
  };
}
