import { CliError } from '../errors.js';
import { formatNumber, type Io, table, toJson } from '../output.js';
import { LogprobReader, type LogprobSettings, logprobFigures } from './logprob.js';
import { type Format, type ReadProgress, readTable } from './sources.js';

export interface LogprobRun extends LogprobSettings {
  format: Format;
  maxLineBytes: number;
  json: boolean;
}

/** `xent eval FILE --from logprob`: perplexity and bits of a language model's own log-probabilities. */
export async function runLogprobEval(run: LogprobRun, io: Io): Promise<number> {
  const reader = new LogprobReader(run);
  const progress: ReadProgress = { bytes: 0, totalBytes: undefined };
  await readTable(run.file, run.format, reader, progress, io.stdin, run.maxLineBytes);
  const total = reader.total.totals;
  if (total.tokens === 0)
    throw new CliError(
      `xent eval: ${run.file}: no log-probabilities to evaluate (${reader.rowsRead} rows read)`,
    );
  const report = {
    file: run.file,
    unit: 'nats',
    ...logprobFigures(total),
    groups: [...reader.groups].map(([group, tally]) => ({ group, ...logprobFigures(tally.totals) })),
  };
  io.stdout.write(run.json ? `${toJson(report)}\n` : `${renderLogprobReport(report)}\n`);
  return 0;
}

type Figures = ReturnType<typeof logprobFigures>;

function renderLogprobReport(
  report: Figures & { file: string; groups: (Figures & { group: string })[] },
): string {
  const n = (x: number | null) => (x === null ? '–' : formatNumber(x));
  const figures = [
    ['file', report.file],
    ['tokens', String(report.tokens)],
    ['negative log-likelihood', `${n(report.nats)} nats`],
    ['perplexity', n(report.perplexity)],
    ['bits per token', n(report.bitsPerToken)],
  ];
  if (report.bytes !== null)
    figures.push(['bytes', String(report.bytes)], ['bits per byte', n(report.bitsPerByte)]);
  if (report.groups.length === 0) return table(figures);
  const groups = [
    ['group', 'tokens', 'perplexity', 'bits per token', 'bits per byte'],
    ...report.groups.map((g) => [
      g.group,
      String(g.tokens),
      n(g.perplexity),
      n(g.bitsPerToken),
      n(g.bitsPerByte),
    ]),
  ];
  return [table(figures), '', table(groups)].join('\n');
}
