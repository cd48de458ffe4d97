/** Where a command writes; tests and the bin pass the process streams. */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream;
}

/** JSON with NaN and ±Infinity spelled as strings, as everywhere in xent. */
export function toJson(value: unknown, indent = 2): string {
  return JSON.stringify(
    value,
    (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v),
    indent,
  );
}

/** A number for a human: 6 significant digits, trailing zeros dropped. */
export function formatNumber(x: number, digits = 6): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const magnitude = Math.abs(x);
  if (magnitude >= 1e-4 && magnitude < 1e9) return String(Number(x.toPrecision(digits)));
  return x.toExponential(digits - 1).replace(/\.?0+e/, 'e');
}

/** Left-aligned columns separated by two spaces. */
export function table(rows: string[][]): string {
  // A loop, not Math.max(...column): a per-class table can have 200k rows, too many arguments.
  const widths = rows[0].map(() => 0);
  for (const row of rows) {
    for (let c = 0; c < widths.length; c++) widths[c] = Math.max(widths[c], row[c].length);
  }
  return rows
    .map((row) =>
      row
        .map((cell, c) => cell.padEnd(widths[c]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
