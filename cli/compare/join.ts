import { CliError } from '../errors.js';
import type { CollectedRows } from '../eval/collectRows.js';

/**
 * For each row of A, the index of the same row in B: by position, or by the --id column. Refuses
 * files whose rows cannot be paired (different counts, a missing or repeated id) or whose paired
 * rows disagree on the label, naming the first offending row.
 */
export function pairRows(a: CollectedRows, b: CollectedRows, files: [string, string]): Int32Array {
  if (a.numClasses !== b.numClasses)
    throw new CliError(
      `xent compare: ${files[0]} has ${a.numClasses} classes but ${files[1]} has ${b.numClasses}; both must score the same classes`,
    );
  const order = a.ids && b.ids ? byId(a.ids, b.ids, files) : byPosition(a.rows, b.rows, files);
  for (let i = 0; i < a.rows; i++) {
    const j = order[i];
    if (a.labels[i] !== b.labels[j]) {
      const where = a.ids ? `id "${a.ids[i]}"` : `row ${i + 1}`;
      throw new CliError(
        `xent compare: ${where} has label ${a.labels[i]} in ${files[0]} but ${b.labels[j]} in ${files[1]}; the files must hold the same rows${a.ids ? '' : ' in the same order (or pass --id COL to join by an id column)'}`,
      );
    }
  }
  return order;
}

function byPosition(rowsA: number, rowsB: number, files: [string, string]): Int32Array {
  if (rowsA !== rowsB)
    throw new CliError(
      `xent compare: ${files[0]} has ${rowsA} rows but ${files[1]} has ${rowsB}; rows are paired by position, so both need the same rows in the same order (or pass --id COL)`,
    );
  return Int32Array.from({ length: rowsA }, (_, i) => i);
}

function byId(idsA: string[], idsB: string[], files: [string, string]): Int32Array {
  const indexB = uniqueIndex(idsB, files[1]);
  uniqueIndex(idsA, files[0]);
  const missing = idsA.filter((id) => !indexB.has(id));
  if (missing.length > 0)
    throw new CliError(
      `xent compare: ${missing.length} id${missing.length === 1 ? '' : 's'} of ${files[0]} ${missing.length === 1 ? 'is' : 'are'} not in ${files[1]} (the first: "${missing[0]}"); both files must score the same rows`,
    );
  if (idsB.length > idsA.length) {
    const inA = new Set(idsA);
    const extra = idsB.find((id) => !inA.has(id));
    throw new CliError(
      `xent compare: ${files[1]} has ${idsB.length - idsA.length} rows whose ids are not in ${files[0]} (the first: "${extra}"); both files must score the same rows`,
    );
  }
  return Int32Array.from(idsA, (id) => indexB.get(id) as number);
}

function uniqueIndex(ids: string[], file: string): Map<string, number> {
  const index = new Map<string, number>();
  ids.forEach((id, i) => {
    if (index.has(id))
      throw new CliError(
        `xent compare: id "${id}" appears twice in ${file} (rows ${(index.get(id) as number) + 1} and ${i + 1}); --id needs a column that names each row once`,
      );
    index.set(id, i);
  });
  return index;
}
