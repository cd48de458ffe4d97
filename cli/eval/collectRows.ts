import { formatList } from '../../src/errors.js';
import type { ClassificationBatch, TensorView } from '../../src/index.js';
import { prepareBatch } from '../../src/metrics/batch.js';
import { CliError } from '../errors.js';
import { RowEvaluator, type TableSettings } from './rows.js';
import { type Format, type ReadProgress, readTable } from './sources.js';

/** Every row of a predictions file kept in memory, for what needs them all: compare, calibrate, plots. */
export interface CollectedRows {
  evaluator: RowEvaluator;
  rows: number;
  numClasses: number;
  /** The score columns as read, rows × width (width 1: a binary classifier's class-1 score). */
  scores: number[];
  width: number;
  labels: number[];
  /**
   * Each row's probabilities, rows × numClasses, unclipped, as the meter reads them (softmax of
   * logits, [1 − p, p] for one binary column, renormalized rows divided by their sum).
   */
  probabilities: number[];
  /** −log p(label), nats, as the meter computes it (probabilities clipped to [eps, 1 − eps]). */
  loss: number[];
  correct: number[];
  /** The --id column's value per row, when one is named. */
  ids: string[] | undefined;
}

export interface CollectOptions {
  settings: TableSettings;
  format: Format;
  stdin: NodeJS.ReadableStream;
  maxLineBytes: number;
  /** A column that names each row, for joining two files. */
  id?: string | undefined;
}

/** Reads a predictions file through readTable and RowEvaluator, keeping every row. */
export async function collectRows(options: CollectOptions): Promise<CollectedRows> {
  const { settings } = options;
  const collected: Omit<CollectedRows, 'evaluator' | 'numClasses' | 'rows'> = {
    scores: [],
    width: 1,
    labels: [],
    probabilities: [],
    loss: [],
    correct: [],
    ids: options.id === undefined ? undefined : [],
  };
  const keep = (batch: ClassificationBatch) => {
    const prepared = prepareBatch(batch, { eps: settings.eps, renormalize: settings.renormalize }, 'xent');
    const view = (batch.probabilities ?? batch.logits) as TensorView;
    collected.width = view.shape.length === 1 ? 1 : view.shape[1];
    for (let i = 0; i < view.data.length; i++) collected.scores.push(view.data[i]);
    for (let i = 0; i < prepared.probabilities.length; i++)
      collected.probabilities.push(prepared.probabilities[i]);
    for (let i = 0; i < prepared.rows; i++) {
      collected.labels.push(prepared.labels[i]);
      collected.loss.push(prepared.loss[i]);
      collected.correct.push(prepared.predicted[i] === prepared.labels[i] ? 1 : 0);
    }
  };
  const evaluator = new RowEvaluator(settings, keep);
  let idIndex = -1;
  const sink = {
    header(names: string[]) {
      if (options.id !== undefined) {
        idIndex = names.indexOf(options.id);
        if (idIndex < 0)
          throw new CliError(
            `xent: --id ${options.id}: no such column in ${settings.file}; its columns are ${formatList(names, { open: '', close: '', format: String })}`,
          );
      }
      evaluator.header(names);
    },
    row(cells: ArrayLike<unknown>, line: number) {
      if (idIndex < 0) return evaluator.row(cells, line);
      // The evaluator sees the id cell blanked, so a numeric id is never taken for a score column.
      const masked = Array.from(cells);
      masked[idIndex] = '';
      const skipped = evaluator.skipped;
      evaluator.row(masked, line);
      if (evaluator.skipped === skipped) collected.ids?.push(String(cells[idIndex]));
    },
  };
  const progress: ReadProgress = { bytes: 0, totalBytes: undefined };
  await readTable(settings.file, options.format, sink, progress, options.stdin, options.maxLineBytes);
  evaluator.flush();
  return { ...collected, evaluator, rows: collected.labels.length, numClasses: evaluator.numClasses };
}
