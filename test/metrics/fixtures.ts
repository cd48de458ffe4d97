import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The CLI fixtures directory, whose prediction files and expected figures the meters reuse. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/cli/', import.meta.url));

export interface ExpectedFigures {
  logLoss: number;
  perplexity: number;
  accuracy: number;
  normalizedEntropy: number;
  ece: number;
  count: number;
  clipped: number;
  perClass: { label: number; count: number; logLoss: number }[];
  reliability: { count: number; confidence: number | string; accuracy: number | string }[];
}

export interface FixtureCase {
  name: string;
  file: string;
  args: string[];
  expected: ExpectedFigures;
}

export const expected: { cases: FixtureCase[] } = JSON.parse(
  readFileSync(`${FIXTURES}expected.json`, 'utf8'),
);

export function fixtureCase(file: string): FixtureCase {
  const found = expected.cases.find((c) => c.file === file);
  if (!found) throw new Error(`no fixture case for ${file}`);
  return found;
}

/** Reads a small delimited fixture into named columns of strings (no quoting in these files). */
export function readDelimited(file: string, delimiter: string): Record<string, string[]> {
  const [header, ...lines] = readFileSync(`${FIXTURES}${file}`, 'utf8').trimEnd().split('\n');
  const names = header.split(delimiter);
  const columns: Record<string, string[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const line of lines) {
    line.split(delimiter).forEach((cell, i) => {
      columns[names[i]].push(cell);
    });
  }
  return columns;
}

export function readJsonLines(file: string): Record<string, number>[] {
  return readFileSync(`${FIXTURES}${file}`, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));
}

/** Relative closeness with a message that shows both numbers and the tolerance. */
export function expectClose(actual: number, wanted: number | string, tolerance: number, what: string): void {
  const target = typeof wanted === 'string' ? Number(wanted) : wanted;
  if (Number.isNaN(target) && Number.isNaN(actual)) return;
  const difference = Math.abs(actual - target);
  if (!(difference <= tolerance * Math.max(1, Math.abs(target)))) {
    throw new Error(
      `${what}: got ${actual}, expected ${target}, difference ${difference}, tolerance ${tolerance}`,
    );
  }
}
