import type { ClassificationResult } from '../../src/index.js';
import { CliError } from '../errors.js';
import { formatNumber, table } from '../output.js';

export interface ReportContext {
  files: string[];
  classes: string[] | undefined;
  base: number | undefined;
  eps: number;
  rowsRead: number;
  skipped: number;
  seconds: number;
  bytes: number;
}

function unitOf(base: number | undefined): string {
  if (base === undefined || base === Math.E) return 'nats';
  return base === 2 ? 'bits' : `base-${base} units`;
}

/** The report as one JSON-ready object: the figures first, then the tables and the run. */
export function buildReport(result: ClassificationResult, context: ReportContext) {
  const className = (k: number) => context.classes?.[k] ?? String(k);
  return {
    logLoss: result.logLoss,
    perplexity: result.perplexity,
    accuracy: result.accuracy,
    normalizedEntropy: result.normalizedEntropy as number | null,
    ece: result.ece,
    count: result.count,
    perClass: result.perClass.map((c) => ({
      class: className(c.label),
      label: c.label,
      count: c.count,
      weight: c.weight,
      // A class with no rows (or no weight) has no mean loss: null, not NaN.
      logLoss: c.weight > 0 ? c.logLoss : null,
    })),
    clipped: result.clipped,
    unit: unitOf(context.base),
    eps: context.eps,
    weight: result.weight,
    mce: result.mce,
    reliability: result.reliability.map(({ lower, upper, count, confidence, accuracy }) => ({
      lower,
      upper,
      count,
      confidence,
      accuracy,
    })),
    rowsRead: context.rowsRead,
    skipped: context.skipped,
    files: context.files,
    seconds: context.seconds,
    rowsPerSecond: context.rowsRead / context.seconds,
    megabytesPerSecond: context.bytes / 1e6 / context.seconds,
  };
}

export type Report = ReturnType<typeof buildReport>;

/**
 * Refuses a report that would print a meaningless figure with exit status 0: no rows, a total
 * sample weight of 0, or any other non-finite metric (which the row checks should have made
 * impossible, so it is reported as a bug). Normalized entropy is the one figure that is
 * legitimately undefined: with a single class in the labels its denominator is 0, so the report
 * says so instead of printing ∞.
 */
export function checkReport(report: Report, command: string): Report {
  const where = report.files.join(', ');
  if (report.count === 0)
    throw new CliError(
      `xent ${command}: ${where}: no rows to evaluate (${report.rowsRead} read, ${report.skipped} skipped); a header alone gives no log loss`,
    );
  if (report.weight === 0)
    throw new CliError(
      `xent ${command}: ${where}: the sample weights sum to 0, so every metric would be 0/0; give some rows a positive weight`,
    );
  const figures = {
    logLoss: report.logLoss,
    perplexity: report.perplexity,
    accuracy: report.accuracy,
    ece: report.ece,
  };
  for (const [name, value] of Object.entries(figures)) {
    // An eps of 0 lets a probability of 0 for the true class give an infinite loss, as it should.
    const infiniteLoss =
      report.eps === 0 && value === Infinity && (name === 'logLoss' || name === 'perplexity');
    if (!Number.isFinite(value) && !infiniteLoss)
      throw new CliError(
        `xent ${command}: ${where}: the ${name} came out as ${value}; the rows passed every check, so this is a bug in xent: please report it with the file`,
        1,
      );
  }
  const oneClass = report.perClass.filter((c) => c.weight > 0).length < 2;
  return oneClass ? { ...report, normalizedEntropy: null } : report;
}

/** The report for a terminal: the figures, the per-class table and the reliability table. */
export function renderReport(report: Report): string {
  const n = (x: number) => formatNumber(x);
  const normalizedEntropy =
    report.normalizedEntropy === null ? 'undefined (one class in the labels)' : n(report.normalizedEntropy);
  const figures = [
    ['file', report.files.join(', ')],
    [
      'rows',
      `${report.count} evaluated of ${report.rowsRead} read${report.skipped ? `, ${report.skipped} skipped` : ''}`,
    ],
    ['log loss', `${n(report.logLoss)} ${report.unit}`],
    ['perplexity', n(report.perplexity)],
    ['accuracy', n(report.accuracy)],
    ['normalized entropy', normalizedEntropy],
    ['ECE (15 bins)', n(report.ece)],
    ['clipped', `${report.clipped} probabilities outside [${report.eps}, 1 − ${report.eps}]`],
  ];
  if (report.weight !== report.count) figures.splice(2, 0, ['total weight', n(report.weight)]);
  const perClass = [
    ['class', 'count', 'log loss'],
    ...report.perClass.map((c) => [c.class, String(c.count), c.logLoss === null ? '–' : n(c.logLoss)]),
  ];
  const reliability = [
    ['confidence', 'count', 'mean confidence', 'accuracy', 'gap'],
    ...report.reliability
      .filter((bin) => bin.count > 0)
      .map((bin) => [
        `(${bin.lower.toFixed(3)}, ${bin.upper.toFixed(3)}]`,
        String(bin.count),
        n(bin.confidence),
        n(bin.accuracy),
        n(bin.accuracy - bin.confidence),
      ]),
  ];
  const speed = `${Math.round(report.rowsPerSecond).toLocaleString('en-US')} rows/s, ${report.megabytesPerSecond.toFixed(1)} MB/s`;
  return [
    table(figures),
    '',
    table(perClass),
    '',
    'reliability',
    table(reliability),
    '',
    `read in ${report.seconds.toFixed(2)} s (${speed})`,
  ].join('\n');
}
