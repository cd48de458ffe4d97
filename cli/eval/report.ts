import type {
  AveragedFigure,
  BootstrapIntervals,
  ClassificationResult,
  ConfidenceInterval,
} from '../../src/index.js';
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
  /** Bootstrap intervals, when --bootstrap asked for them. */
  bootstrap?: BootstrapIntervals | undefined;
}

/** A figure that can be undefined (NaN: one class, one row) is null in the report, never NaN. */
const orNull = (x: number): number | null => (Number.isNaN(x) ? null : x);

function interval({ lower, upper, method }: ConfidenceInterval) {
  return Number.isNaN(lower) ? null : { lower, upper, method };
}

function averaged({ macro, weighted, macroBound, weightedBound }: AveragedFigure) {
  return {
    macro: orNull(macro),
    weighted: orNull(weighted),
    macroBound: orNull(macroBound),
    weightedBound: orNull(weightedBound),
  };
}

function bootstrapped(bootstrap: BootstrapIntervals | undefined) {
  if (bootstrap === undefined) return null;
  const { resamples, seed, logLoss, accuracy, brier } = bootstrap;
  return {
    resamples,
    seed,
    logLoss: interval(logLoss),
    accuracy: interval(accuracy),
    brier: interval(brier),
  };
}

function unitOf(base: number | undefined): string {
  if (base === undefined || base === Math.E) return 'nats';
  return base === 2 ? 'bits' : `base-${base} units`;
}

/** The report as one JSON-ready object: the figures first, then the tables and the run. */
export function buildReport(result: ClassificationResult, context: ReportContext) {
  const className = (k: number) => context.classes?.[k] ?? String(k);
  const { ranking } = result;
  const task = (k: number) => ranking.perClass.find((c) => c.label === k);
  return {
    logLoss: result.logLoss,
    logLossInterval: interval(result.logLossInterval),
    perplexity: result.perplexity,
    accuracy: result.accuracy,
    accuracyInterval: interval(result.accuracyInterval),
    brier: result.brier,
    brierInterval: interval(result.brierInterval),
    topK: result.topK,
    topKAccuracy: result.topKAccuracy,
    rocAuc: averaged(ranking.rocAuc),
    averagePrecision: averaged(ranking.averagePrecision),
    ranking: ranking.method,
    normalizedEntropy: result.normalizedEntropy as number | null,
    ece: result.ece,
    classwiseEce: result.classwiseEce,
    equalMassEce: result.equalMassEce,
    count: result.count,
    perClass: result.perClass.map((c) => ({
      class: className(c.label),
      label: c.label,
      count: c.count,
      weight: c.weight,
      // A class with no rows (or no weight) has no mean loss: null, not NaN.
      logLoss: c.weight > 0 ? c.logLoss : null,
      // Two classes rank class 1 only; a class with no positives or negatives has no AUC.
      rocAuc: orNull(task(c.label)?.rocAuc ?? Number.NaN),
      averagePrecision: orNull(task(c.label)?.averagePrecision ?? Number.NaN),
    })),
    confusionMatrix: result.confusionMatrix,
    bootstrap: bootstrapped(context.bootstrap),
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
    brier: report.brier,
    topKAccuracy: report.topKAccuracy,
    ece: report.ece,
    classwiseEce: report.classwiseEce,
    equalMassEce: report.equalMassEce,
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

/** Above this many classes the text report leaves the confusion matrix to --json. */
const SHOWN_MATRIX_CLASSES = 12;

type Figure = Report['rocAuc'];

function withInterval(value: string, range: Report['logLossInterval'], label = '95% CI'): string {
  if (range === null) return value;
  return `${value}  (${label} ${formatNumber(range.lower)} – ${formatNumber(range.upper)})`;
}

function rankingFigure(figure: Figure, report: Report): string {
  const n = (x: number | null) => (x === null ? 'undefined' : formatNumber(x));
  const binary = report.perClass.length === 2;
  if (figure.macro === null) {
    return binary
      ? 'undefined (the labels hold one class only)'
      : 'undefined (some class is never, or always, the label)';
  }
  const text = binary
    ? n(figure.macro)
    : `${n(figure.macro)} macro, ${n(figure.weighted)} weighted (one-vs-rest)`;
  return report.ranking === 'exact'
    ? text
    : `${text}, within ±${n(figure.macroBound)} (from the score histogram)`;
}

/** The report for a terminal: the figures, the per-class table, the confusion matrix and the reliability table. */
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
    ['log loss', withInterval(`${n(report.logLoss)} ${report.unit}`, report.logLossInterval)],
    ['perplexity', n(report.perplexity)],
    ['accuracy', withInterval(n(report.accuracy), report.accuracyInterval, '95% Wilson CI')],
    ['Brier score', withInterval(n(report.brier), report.brierInterval)],
    ...(report.topK < report.perClass.length
      ? [[`top-${report.topK} accuracy`, n(report.topKAccuracy)]]
      : []),
    ['ROC AUC', rankingFigure(report.rocAuc, report)],
    ['average precision', rankingFigure(report.averagePrecision, report)],
    ['normalized entropy', normalizedEntropy],
    ['ECE (15 bins)', n(report.ece)],
    ['class-wise ECE', n(report.classwiseEce)],
    ['ECE (15 equal-mass bins)', n(report.equalMassEce)],
    ['clipped', `${report.clipped} probabilities outside [${report.eps}, 1 − ${report.eps}]`],
  ];
  if (report.bootstrap !== null) {
    const { resamples, seed, logLoss, accuracy, brier } = report.bootstrap;
    const range = (r: { lower: number; upper: number } | null) =>
      r === null ? 'undefined (under two rows)' : `${n(r.lower)} – ${n(r.upper)}`;
    figures.push(
      ['bootstrap 95% intervals', `${resamples} resamples, seed ${seed}`],
      ['  log loss', range(logLoss)],
      ['  accuracy', range(accuracy)],
      ['  Brier score', range(brier)],
    );
  }
  if (report.weight !== report.count) figures.splice(2, 0, ['total weight', n(report.weight)]);
  const perClass = [
    ['class', 'count', 'log loss', 'ROC AUC', 'average precision'],
    ...report.perClass.map((c) => [
      c.class,
      String(c.count),
      c.logLoss === null ? '–' : n(c.logLoss),
      c.rocAuc === null ? '–' : n(c.rocAuc),
      c.averagePrecision === null ? '–' : n(c.averagePrecision),
    ]),
  ];
  const matrix = report.confusionMatrix;
  const confusion =
    matrix === null || matrix.length > SHOWN_MATRIX_CLASSES
      ? []
      : [
          'confusion matrix (rows: true class, columns: predicted)',
          table([
            ['', ...report.perClass.map((c) => c.class)],
            ...matrix.map((row, i) => [report.perClass[i].class, ...row.map(n)]),
          ]),
          '',
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
    ...confusion,
    'reliability',
    table(reliability),
    '',
    `read in ${report.seconds.toFixed(2)} s (${speed})`,
  ].join('\n');
}
