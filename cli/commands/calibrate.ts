import { parseCommand } from '../args.js';
import { type CalibrationFigures, calibrate, figuresBefore, METHODS, type Method } from '../calibrate/fit.js';
import { writeCalibrated } from '../calibrate/write.js';
import { CliError } from '../errors.js';
import { collectRows } from '../eval/collectRows.js';
import { FILE_OPTIONS, readTableOptions, TABLE_OPTIONS } from '../eval/tableOptions.js';
import { HELP } from '../help.js';
import { formatNumber, type Io, table, toJson } from '../output.js';
import { checkPlotPath, writePlot } from '../plot/writePlot.js';

const OPTIONS = {
  ...TABLE_OPTIONS,
  ...FILE_OPTIONS,
  method: { type: 'string' },
  write: { type: 'string' },
  plot: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `xent calibrate FILE`: fits temperature or Platt scaling on validation rows and reports the change. */
export async function runCalibrate(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand('calibrate', argv, OPTIONS);
  if (values.help) {
    io.stdout.write(`${HELP.calibrate}\n`);
    return 0;
  }
  if (positionals.length !== 1)
    throw new CliError(
      `xent calibrate: give one validation FILE (or - for stdin); got ${positionals.length} (see xent calibrate --help)`,
    );
  const method = (values.method ?? 'temperature') as Method;
  if (!METHODS.includes(method))
    throw new CliError(`xent calibrate: --method ${method}: use ${METHODS.join(' or ')}`);
  const file = positionals[0];
  const plot = values.plot as string | undefined;
  if (plot !== undefined) checkPlotPath('calibrate', plot);
  const read = readTableOptions('calibrate', file, values, 'logits');
  const rows = await collectRows({ ...read, stdin: io.stdin });
  if (rows.rows === 0) throw new CliError(`xent calibrate: ${file}: no rows to fit on`);
  const before = figuresBefore(rows);
  const fitted = calibrate(rows, method, read.settings.from, read.settings.eps);
  const { classes } = read.settings;
  const scoreColumns = rows.evaluator.scoreColumns;
  if (typeof values.write === 'string')
    await writeCalibrated(values.write, [file], {
      labelColumn: read.settings.label,
      labels: rows.labels.map((k) => classes?.[k] ?? k),
      columns: rows.width === 1 ? ['probability'] : (classes ?? scoreColumns),
      probabilities: fitted.probabilities,
      numClasses: rows.numClasses,
    });
  if (plot !== undefined)
    await writePlot('calibrate', plot, {
      title: `${file}: ${method} scaling`,
      reliability: [
        { name: 'before', bins: rows.evaluator.meter.compute().reliability },
        { name: 'after', bins: fitted.reliability },
      ],
    });
  const report = {
    file,
    rows: rows.rows,
    method,
    parameters: fitted.parameters,
    unit: 'nats',
    before,
    after: fitted.after,
    written: (values.write as string | undefined) ?? null,
  };
  io.stdout.write(values.json ? `${toJson(report)}\n` : `${renderCalibration(report)}\n`);
  return 0;
}

function renderCalibration(report: {
  file: string;
  rows: number;
  method: Method;
  parameters: Record<string, number>;
  before: CalibrationFigures;
  after: CalibrationFigures;
  written: string | null;
}): string {
  const n = (x: number) => formatNumber(x);
  const fitted =
    report.method === 'temperature'
      ? `temperature T = ${n(report.parameters.temperature)}: probabilities are softmax(logits / T)`
      : `Platt scaling a = ${n(report.parameters.a)}, b = ${n(report.parameters.b)}: p = σ(a · score + b)`;
  const row = (name: string, key: keyof CalibrationFigures) => [
    name,
    n(report.before[key]),
    n(report.after[key]),
  ];
  return [
    table([
      ['file', report.file],
      ['rows', String(report.rows)],
      ['fitted', fitted],
    ]),
    '',
    table([
      ['', 'before', 'after'],
      row('log loss (nats)', 'logLoss'),
      row('Brier score', 'brier'),
      row('ECE (15 bins)', 'ece'),
    ]),
    ...(report.written ? ['', `calibrated probabilities written to ${report.written}`] : []),
  ].join('\n');
}
