import { brierScore } from '../../src/index.js';
import { parseCommand } from '../args.js';
import { pairRows } from '../compare/join.js';
import { mcnemarTest, type PairedDifference, pairedTTest } from '../compare/pairedTests.js';
import { formatP, type Metric, verdict } from '../compare/verdict.js';
import { CliError } from '../errors.js';
import { type CollectedRows, collectRows } from '../eval/collectRows.js';
import { FILE_OPTIONS, readTableOptions, TABLE_OPTIONS } from '../eval/tableOptions.js';
import { HELP } from '../help.js';
import { formatNumber, type Io, table, toJson } from '../output.js';

const OPTIONS = {
  ...TABLE_OPTIONS,
  ...FILE_OPTIONS,
  id: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const LOG_LOSS: Metric = { name: 'log loss', unit: ' nats', lowerIsBetter: true };
const BRIER: Metric = { name: 'Brier score', unit: '', lowerIsBetter: true };
const ACCURACY: Metric = { name: 'accuracy', unit: '', lowerIsBetter: false };

/** `xent compare A B`: paired differences of two models' predictions on the same rows. */
export async function runCompare(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand('compare', argv, OPTIONS);
  if (values.help) {
    io.stdout.write(`${HELP.compare}\n`);
    return 0;
  }
  if (positionals.length !== 2)
    throw new CliError(
      `xent compare: give two files, A and B, of predictions on the same rows; got ${positionals.length} (see xent compare --help)`,
    );
  const files = positionals as [string, string];
  if (files.includes('-') && files[0] === files[1])
    throw new CliError('xent compare: only one of A and B can be read from stdin (-)');
  const id = values.id as string | undefined;
  const [a, b] = await Promise.all(
    files.map((file) =>
      collectRows({ ...readTableOptions('compare', file, values, 'probabilities'), stdin: io.stdin, id }),
    ),
  );
  if (a.rows < 2)
    throw new CliError(`xent compare: ${files[0]} has ${a.rows} rows; a paired test needs at least 2`);
  const order = pairRows(a, b, files);
  files.forEach((file, f) => {
    const row = [a, b][f].loss.findIndex((loss) => !Number.isFinite(loss));
    if (row >= 0)
      throw new CliError(
        `xent compare: row ${row + 1} of ${file} gives its label probability 0, so its log loss is infinite and no difference can be tested; leave --eps at its default (1e-15) to clip`,
      );
  });
  const paired = (values: (rows: CollectedRows) => ArrayLike<number>) => {
    const fromA = values(a);
    const fromB = values(b);
    return [Float64Array.from(fromA), Float64Array.from(order, (j) => fromB[j])] as const;
  };
  // Each row's Brier score from the probabilities the meter used (clipped, renormalized as read).
  const brier = (rows: CollectedRows) =>
    brierScore(
      {
        probabilities: { data: rows.probabilities, shape: [rows.rows, rows.numClasses] },
        labels: rows.labels,
      },
      { reduction: 'none' },
    );
  const correct = (rows: CollectedRows) => rows.correct;
  const [correctA, correctB] = paired(correct);
  const results = {
    logLoss: pairedTTest(...paired((rows) => rows.loss)),
    brier: pairedTTest(...paired(brier)),
    accuracy: mcnemarTest(Uint8Array.from(correctA), Uint8Array.from(correctB)),
  };
  const report = {
    a: files[0],
    b: files[1],
    rows: a.rows,
    joinedBy: id === undefined ? 'position' : `id column ${id}`,
    unit: 'nats',
    logLoss: { ...results.logLoss, test: 'paired t-test', ...verdict(LOG_LOSS, results.logLoss) },
    brier: { ...results.brier, test: 'paired t-test', ...verdict(BRIER, results.brier) },
    accuracy: {
      ...results.accuracy,
      test: results.accuracy.exact
        ? "McNemar's test, exact binomial"
        : "McNemar's test, chi-square with continuity correction",
      ...verdict(ACCURACY, results.accuracy),
    },
  };
  io.stdout.write(values.json ? `${toJson(report)}\n` : `${renderComparison(report)}\n`);
  return 0;
}

type Comparison = {
  a: string;
  b: string;
  rows: number;
  joinedBy: string;
  logLoss: Row;
  brier: Row;
  accuracy: Row;
};
type Row = PairedDifference & { test: string; sentence: string };

function renderComparison(report: Comparison): string {
  const n = (x: number) => formatNumber(x, 4);
  const line = (name: string, r: Row) => [
    name,
    n(r.a),
    n(r.b),
    n(r.difference),
    `${n(r.lower)} to ${n(r.upper)}`,
    formatP(r.pValue),
    r.test,
  ];
  return [
    table([
      ['A', report.a],
      ['B', report.b],
      ['rows', `${report.rows}, paired by ${report.joinedBy}`],
    ]),
    '',
    table([
      ['metric', 'A', 'B', 'B − A', '95% CI', 'p', 'test'],
      line('log loss', report.logLoss),
      line('Brier', report.brier),
      line('accuracy', report.accuracy),
    ]),
    '',
    report.logLoss.sentence,
    report.brier.sentence,
    report.accuracy.sentence,
  ].join('\n');
}
