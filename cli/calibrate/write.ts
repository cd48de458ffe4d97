import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CliError } from '../errors.js';
import { formatOf } from '../eval/sources.js';
import { toJson } from '../output.js';

export interface CalibratedTable {
  labelColumn: string;
  /** The label cells to write: class names where --classes gave them, else indices. */
  labels: (string | number)[];
  /** The probability columns: one (class 1's) for a binary classifier, one per class otherwise. */
  columns: string[];
  probabilities: ArrayLike<number>;
  numClasses: number;
}

/**
 * Writes calibrated probabilities as CSV or JSON Lines (by the extension), the label first, in a
 * shape `xent eval OUT --label COL` reads back as it is.
 */
export async function writeCalibrated(path: string, inputs: string[], table: CalibratedTable): Promise<void> {
  if (inputs.some((input) => input !== '-' && resolve(input) === resolve(path)))
    throw new CliError(
      `xent calibrate: --write ${path} is the input file; writing it would destroy the input`,
    );
  const format = formatOf(path, undefined);
  if (format !== 'csv' && format !== 'jsonl')
    throw new CliError(`xent calibrate: --write ${path}: write .csv or .jsonl`);
  const { labels, columns, probabilities, numClasses } = table;
  const binary = columns.length === 1;
  const lines: string[] = [];
  if (format === 'csv') lines.push([table.labelColumn, ...columns].map(csvCell).join(','));
  for (let i = 0; i < labels.length; i++) {
    const values = binary
      ? [probabilities[i * numClasses + 1]]
      : Array.from({ length: numClasses }, (_, k) => probabilities[i * numClasses + k]);
    lines.push(
      format === 'csv'
        ? [csvCell(String(labels[i])), ...values.map(String)].join(',')
        : toJson(
            Object.fromEntries([[table.labelColumn, labels[i]], ...columns.map((c, k) => [c, values[k]])]),
            0,
          ),
    );
  }
  try {
    await writeFile(path, `${lines.join('\n')}\n`);
  } catch (error) {
    throw new CliError(`xent calibrate: cannot write ${path}: ${(error as NodeJS.ErrnoException).code}`);
  }
}

/** A CSV cell, quoted where it holds a comma, quote or newline (RFC 4180). */
function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
