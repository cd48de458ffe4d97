import { NORMALIZATION_TOLERANCE } from '../../src/checks/probability.js';
import type { TableSettings } from '../eval/rows.js';
import type { Dialect } from './dialects.js';
import { stateLayout } from './stateColumns.js';

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
  version: 1;
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
}

export const SETTINGS_COLUMN = 'xent_settings';
export const PARTITION_COLUMN = 'xent_partition';
export const ROWS_READ_COLUMN = 'rows_read';
export const BAD_ROWS_COLUMN = 'bad_rows';

/** The JS engine's ClassificationMeter default (Guo et al., 2017). */
const CALIBRATION_BINS = 15;
const indices = (length: number) => Array.from({ length }, (_, k) => k);
const sumOf = (terms: string[]) => terms.join(' + ');
/** The first class k whose term equals the row's maximum: numpy.argmax's tie rule. */
const firstEqual = (terms: string[], max: string) =>
  `CASE ${terms.map((term, k) => `WHEN ${term} = ${max} THEN ${k}`).join(' ')} END`;

/**
 * The SELECT computing a ClassificationMeter state (every count and sum of `stateLayout`) from a
 * table of predictions, optionally per partition. Row by row it repeats what the JS engine does
 * (cli/eval/rows.ts and src/metrics/batch.ts) in the same order of float operations: the checks,
 * the eps clip and renormalization, log-softmax for logits, the arg-max and the confidence bin.
 * A row that fails a check is counted in `bad_rows` and adds nothing.
 */
export function stateQuery(query: QuerySettings, dialect: Dialect): string {
  const settings = { ...query, bins: query.bins ?? CALIBRATION_BINS };
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
  const rowSteps =
    settings.from === 'logits'
      ? logitRows(width, dialect)
      : width === 1
        ? binaryRows(settings, dialect)
        : probabilityRows(settings, width, dialect);
  const bin = `LEAST(GREATEST(CEIL(confidence * ${settings.bins}) - 1, 0), ${settings.bins - 1})`;
  const { columns } = stateLayout({ numClasses, bins: settings.bins });
  const groupKeys = [...carried, 'ok', 'y', 'bin_index', 'hit'];
  const groups = [
    ...groupKeys,
    'COUNT(*) AS group_rows',
    `${dialect.exactSum('w')} AS weight`,
    `${dialect.exactSum('w * loss')} AS weighted_loss`,
    `${dialect.exactSum('w * confidence')} AS weighted_confidence`,
    'SUM(clipped) AS clipped',
  ];
  const aggregates = [
    ...carried,
    `${dialect.string(JSON.stringify(recordedSettings(settings, numClasses)))} AS ${SETTINGS_COLUMN}`,
    `SUM(group_rows) AS ${ROWS_READ_COLUMN}`,
    `SUM(CASE WHEN ok THEN 0 ELSE group_rows END) AS ${BAD_ROWS_COLUMN}`,
    ...columns.map(({ name, aggregate, of }) =>
      aggregate === 'count'
        ? `SUM(CASE WHEN ${of} THEN group_rows ELSE 0 END) AS ${name}`
        : `${dialect.exactSum(of)} AS ${name}`,
    ),
  ];
  const stages: [string, string[], string][] = [
    ['xent_input', input, `FROM ${settings.source}`],
    [
      'xent_checked',
      [...carried, `COALESCE(${validRow(settings, width, dialect)}, FALSE) AS ok`, 'y', 'w', ...scores],
      'FROM xent_input',
    ],
    ['xent_clean', clean, 'FROM xent_checked'],
    ...rowSteps.map(([name, terms], i): [string, string[], string] => [
      name,
      ['*', ...terms],
      `FROM ${i === 0 ? 'xent_clean' : rowSteps[i - 1][0]}`,
    ]),
    [
      'xent_rows',
      ['*', `${bin} AS bin_index`, 'CASE WHEN predicted = y THEN 1 ELSE 0 END AS hit'],
      `FROM ${rowSteps[rowSteps.length - 1][0]}`,
    ],
    ['xent_groups', groups, `FROM xent_rows\n  GROUP BY ${groupKeys.join(', ')}`],
  ];
  const ctes = stages.map(
    ([name, terms, from]) => `${name} ${dialect.cte} (\n  SELECT\n    ${terms.join(',\n    ')}\n  ${from}\n)`,
  );
  const groupBy =
    settings.partitionBy === undefined ? '' : `\nGROUP BY ${PARTITION_COLUMN}\nORDER BY ${PARTITION_COLUMN}`;
  return `WITH\n${ctes.join(',\n')}\nSELECT\n  ${aggregates.join(',\n  ')}\nFROM xent_groups${groupBy}\n`;
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

/** One probability column p is the row [1 − p, p], as scikit-learn builds it. */
function binaryRows({ eps }: QuerySettings, dialect: Dialect): RowSteps {
  const double = dialect.double;
  const low = double(eps);
  const high = double(1 - eps);
  return [
    [
      'xent_clipped',
      [
        `CASE WHEN s0 < ${low} THEN ${low} WHEN s0 > ${high} THEN ${high} ELSE s0 END AS q`,
        'GREATEST(s0, 1 - s0) AS confidence',
        `CASE WHEN s0 > 1 - s0 THEN 1 ELSE 0 END AS predicted`,
        `CASE WHEN s0 < ${low} OR s0 > ${high} THEN 1 ELSE 0 END AS clipped`,
      ],
    ],
    ['xent_picked', ['(CASE WHEN y = 1 THEN q ELSE 1 - q END) / (1 - q + q) AS picked']],
    ['xent_loss', [`CASE WHEN picked > 0 THEN 0 - LN(picked) ELSE ${dialect.infinity} END AS loss`]],
  ];
}

/** Log-softmax as the library computes it: z − max − log Σ exp(z − max); one column z is [0, z]. */
function logitRows(width: number, dialect: Dialect): RowSteps {
  const double = dialect.double;
  const z = width === 1 ? [double(0), 's0'] : indices(width).map((k) => `s${k}`);
  const ks = indices(z.length);
  const logp = ks.map((k) => `l${k}`);
  return [
    ['xent_max', [`GREATEST(${z.join(', ')}) AS max_score`]],
    ['xent_lse', [`LN(${ks.map((k) => `EXP(${z[k]} - max_score)`).join(' + ')}) AS lse`]],
    ['xent_logp', ks.map((k) => `${z[k]} - max_score - lse AS l${k}`)],
    ['xent_best', [`GREATEST(${logp.join(', ')}) AS best_logp`]],
    [
      'xent_loss',
      [
        `-(CASE y ${ks.map((k) => `WHEN ${k} THEN l${k}`).join(' ')} END) AS loss`,
        `${firstEqual(logp, 'best_logp')} AS predicted`,
        'EXP(best_logp) AS confidence',
        '0 AS clipped',
      ],
    ],
  ];
}

function recordedSettings(settings: QuerySettings & { bins: number }, numClasses: number): RecordedSettings {
  return {
    format: 'xent-sql-state',
    version: 1,
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
  };
}
