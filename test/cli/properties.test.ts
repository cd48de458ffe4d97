import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureCliBuilt, json, xent } from './xent.js';

// Random files against an oracle written here from the documented rules (docs/CLI.md), not from
// the CLI's code: a run either succeeds on a file the rules call valid, with scikit-learn's log
// loss recomputed by hand, or fails on a file the rules call invalid, with one short stderr line.
const tmp = mkdtempSync(join(tmpdir(), 'xent-cli-properties-'));
beforeAll(ensureCliBuilt, 120_000);

const CLASSES = 3;
const EPS = 1e-15;
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

const validProbabilityRow = fc
  .tuple(
    fc.integer({ min: 1, max: 1000 }),
    fc.integer({ min: 0, max: 1000 }),
    fc.integer({ min: 0, max: 1000 }),
  )
  .map((weights) => {
    const total = weights[0] + weights[1] + weights[2];
    return weights.map((w) => String(w / total));
  });
const strangeCell = fc.constantFrom(
  'abc',
  '',
  '0x1',
  '0b1',
  'NaN',
  'inf',
  '-1',
  '1.5',
  '1e400',
  '"',
  'a"b',
  '١',
  '0.5 ',
);
/** Picks from `common` nine times in ten and from `rare` otherwise, unbiased (fast-check leans to edges by default). */
const mostly = <T>(common: readonly T[], rare: readonly T[]) =>
  fc
    .noBias(fc.integer({ min: 0, max: 999 }))
    .map((k) => (k < 900 ? common[k % common.length] : rare[k % rare.length]));
const label = mostly(['0', '1', '2', '1e0', '2.0'], ['3', '-1', '1.5', 'x', '', '0x2']);

/** A row: mostly valid, sometimes with a strange cell, a cell missing or one too many. */
const row = fc
  .tuple(
    validProbabilityRow,
    label,
    mostly([null], [0, 1, 2, 3]).chain((at) =>
      at === null ? fc.constant(null) : strangeCell.map((cell) => [at, cell] as const),
    ),
    mostly([0], [-1, 1]),
  )
  .map(([probabilities, y, strange, lengthChange]) => {
    const cells = [...probabilities, y];
    if (strange) cells[strange[0]] = strange[1];
    if (lengthChange < 0) cells.pop();
    if (lengthChange > 0) cells.push('0.1');
    return cells;
  });

/** The documented rules: exactly the header's cells, decimal probabilities in [0, 1] summing to 1 ± 1e-6, a class index. */
function isValidRow(cells: string[]): boolean {
  if (cells.length !== CLASSES + 1 || cells.some((cell) => cell.includes('"'))) return false;
  const numbers = cells.map((cell) => (DECIMAL.test(cell.trim()) ? Number(cell) : Number.NaN));
  const p = numbers.slice(0, CLASSES);
  if (!p.every((x) => x >= 0 && x <= 1)) return false;
  if (Math.abs(p[0] + p[1] + p[2] - 1) > 1e-6) return false;
  const y = numbers[CLASSES];
  return Number.isInteger(y) && y >= 0 && y < CLASSES;
}

/** scikit-learn's log_loss: clip to [eps, 1 − eps], renormalize the row, mean of −ln p(label). */
function logLoss(rows: string[][]): number {
  let total = 0;
  for (const cells of rows) {
    const clipped = cells.slice(0, CLASSES).map((cell) => Math.min(Math.max(Number(cell), EPS), 1 - EPS));
    const sum = clipped.reduce((a, b) => a + b, 0);
    total -= Math.log(clipped[Number(cells[CLASSES])] / sum);
  }
  return total / rows.length;
}

let fileCount = 0;
const writeCsv = (rows: string[][]): string => {
  const path = join(tmp, `random-${++fileCount}.csv`);
  writeFileSync(path, ['p0,p1,p2,y', ...rows.map((cells) => cells.join(','))].join('\n').concat('\n'));
  return path;
};

describe('xent eval on random files', () => {
  it('succeeds with the right log loss exactly when the rules call the file valid, else one short line', async () => {
    const outcomes = { valid: 0, invalid: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 0, maxLength: 8 }), async (rows) => {
        const run = await xent(['eval', writeCsv(rows), '--label', 'y', '--columns', 'p0,p1,p2', '--json']);
        const valid = rows.length > 0 && rows.every(isValidRow);
        outcomes[valid ? 'valid' : 'invalid']++;
        if (valid) {
          expect(run.code, run.stderr).toBe(0);
          const report = json(run);
          const expected = logLoss(rows);
          expect(Math.abs((report.logLoss as number) - expected)).toBeLessThanOrEqual(
            1e-12 * Math.max(1, expected),
          );
          expect(report.count).toBe(rows.length);
        } else {
          expect([1, 2], run.stderr).toContain(run.code);
          expect(run.stdout).toBe('');
          const lines = run.stderr.split('\n');
          expect(lines, run.stderr).toHaveLength(2);
          expect(lines[0].length).toBeLessThanOrEqual(300);
          expect(run.stderr).not.toMatch(/\n\s+at /); // never a stack trace
        }
      }),
      { numRuns: 60 },
    );
    // Both branches of the oracle ran, so the property says something about each.
    expect(outcomes.valid).toBeGreaterThan(5);
    expect(outcomes.invalid).toBeGreaterThan(5);
  }, 240_000);

  it('shards cut anywhere merge to the whole file; a repeated or tampered shard is refused', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(validProbabilityRow, fc.constantFrom('0', '1', '2')), {
          minLength: 2,
          maxLength: 30,
        }),
        fc.integer({ min: 1, max: 29 }),
        fc.nat(),
        async (pairs, cutAt, tampering) => {
          const rows = pairs.map(([p, y]) => [...p, y]);
          const cut = Math.min(cutAt, rows.length - 1);
          const [a, b, whole] = [rows.slice(0, cut), rows.slice(cut), rows].map(writeCsv);
          const states = [join(tmp, `shard-${fileCount}-a.json`), join(tmp, `shard-${fileCount}-b.json`)];
          for (const [i, part] of [a, b].entries())
            expect(
              (await xent(['eval', part, '--label', 'y', '--save-state', states[i], '--json'])).code,
            ).toBe(0);
          const merged = json(await xent(['merge', ...states, '--json']));
          const direct = json(await xent(['eval', whole, '--label', 'y', '--json']));
          for (const key of ['logLoss', 'accuracy', 'count', 'ece', 'perClass', 'reliability'])
            expect(merged[key], key).toEqual(direct[key]);
          const repeated = await xent(['merge', states[0], states[1], states[0]]);
          expect(repeated.code).toBe(2);
          expect(repeated.stderr).toMatch(/both hold shard/);
          // A hand-edited state that breaks an invariant is refused, naming the file.
          const state = JSON.parse(readFileSync(states[1], 'utf8'));
          const tamper = tampering % 3;
          if (tamper === 0) state.meter.accuracy.sums[2] = state.meter.accuracy.sums[0] + 1; // correct > rows
          if (tamper === 1) state.meter.logLoss.classRows[0] += 1; // class rows no longer sum to the rows
          if (tamper === 2) state.rowsRead = -1;
          const tampered = join(tmp, `tampered-${fileCount}.json`);
          writeFileSync(tampered, JSON.stringify(state));
          const refused = await xent(['merge', states[0], tampered]);
          expect(refused.code, `tampering ${tamper}`).toBe(2);
          expect(refused.stderr).toContain('tampered-');
          expect(refused.stderr.split('\n')).toHaveLength(2);
        },
      ),
      { numRuns: 8 },
    );
  }, 240_000);
});
