import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureCliBuilt, FIXTURES, type Run, xent } from './xent.js';

// `xent eval` on worker threads, each reading byte ranges of the file into a meter of its own,
// must report what one thread reports: the same figures (to 1e-12 relative, the merge of
// compensated sums), the same errors at the same lines, the same skipped rows. Ranges of a few
// hundred bytes (XENT_EVAL_RANGE_BYTES) split these small files as a large one is split.
const tmp = mkdtempSync(join(tmpdir(), 'xent-eval-threads-'));
beforeAll(ensureCliBuilt, 120_000);
afterEach(() => {
  delete process.env.XENT_EVAL_THREADS;
  delete process.env.XENT_EVAL_RANGE_BYTES;
});

async function oneThread(args: string[], input?: string): Promise<Run> {
  process.env.XENT_EVAL_THREADS = '1';
  return xent(args, { cwd: tmp, ...(input === undefined ? {} : { input }) });
}

async function threads(args: string[], input?: string): Promise<Run> {
  process.env.XENT_EVAL_THREADS = '3';
  process.env.XENT_EVAL_RANGE_BYTES = '300';
  return xent(args, { cwd: tmp, ...(input === undefined ? {} : { input }) });
}

const WEIGHTED = ['--label', 'y', '--sample-weight', 'w'];
const THREE_CLASSES = [...WEIGHTED, '--columns', 'a,b,c'];
const TIMING = new Set(['seconds', 'rowsPerSecond', 'megabytesPerSecond']);

function expectSameReport(actual: unknown, expected: unknown, path = 'report'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const scale = Math.max(Math.abs(expected), Number.MIN_VALUE);
    if (!(Object.is(actual, expected) || Math.abs(actual - expected) / scale <= 1e-12))
      expect.fail(`${path}: ${actual} is not ${expected} to 1e-12`);
  } else if (expected !== null && typeof expected === 'object') {
    expect(Object.keys(actual as object)).toEqual(Object.keys(expected));
    for (const [key, value] of Object.entries(expected)) {
      if (!TIMING.has(key))
        expectSameReport((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
    }
  } else expect(actual, path).toEqual(expected);
}

async function expectSameRun(args: string[]): Promise<Run> {
  const single = await oneThread(args);
  const split = await threads(args);
  expect(split.code).toBe(single.code);
  expect(split.stderr).toBe(single.stderr);
  if (single.code === 0) expectSameReport(JSON.parse(split.stdout), JSON.parse(single.stdout));
  return single;
}

/** Rows of three classes with weights; `bad` puts a cell that is not a number on those rows. */
function threeClassFile(name: string, rows: number, { bad = [] as number[], crlf = false } = {}): string {
  const lines = ['a,b,c,w,y'];
  for (let i = 0; i < rows; i++) {
    const weights = [1 + (i % 7), 1 + ((i * 3) % 11), 1 + ((i * 5) % 13)];
    const total = weights[0] + weights[1] + weights[2];
    const cells = weights.map((w) => String(w / total));
    if (bad.includes(i)) cells[1] = 'oops';
    lines.push(`${cells.join(',')},${(i % 4) / 2},${i % 3}`);
  }
  const file = join(tmp, name);
  writeFileSync(file, `${lines.join(crlf ? '\r\n' : '\n')}\n`);
  return file;
}

describe('xent eval on worker threads', () => {
  it('reports what one thread reports, LF or CRLF', async () => {
    threeClassFile('three.csv', 3000);
    threeClassFile('three-crlf.csv', 3000, { crlf: true });
    for (const file of ['three.csv', 'three-crlf.csv']) {
      const run = await expectSameRun(['eval', file, ...WEIGHTED, '--json']);
      expect(JSON.parse(run.stdout).count).toBe(3000);
    }
  });

  it('reports the fixtures as one thread does', async () => {
    for (const name of ['breast_cancer_logit.csv', 'iris_logits.tsv', 'iris_proba.csv']) {
      writeFileSync(join(tmp, name), readFileSync(join(FIXTURES, name)));
    }
    await expectSameRun(['eval', 'breast_cancer_logit.csv', '--label', 'y', '--from', 'logits', '--json']);
    await expectSameRun([
      'eval',
      'iris_logits.tsv',
      '--label',
      'label',
      '--from',
      'logits',
      '--sample-weight',
      'weight',
      '--json',
    ]);
    await expectSameRun([
      'eval',
      'iris_proba.csv',
      '--label',
      'species',
      '--classes',
      'setosa,versicolor,virginica',
      '--columns',
      'setosa,versicolor,virginica',
      '--json',
    ]);
  });

  it('stops at the first bad row in file order, named by its line in the whole file', async () => {
    threeClassFile('bad.csv', 3000, { bad: [2400, 1700, 2999] });
    const run = await expectSameRun(['eval', 'bad.csv', ...WEIGHTED, '--json']);
    expect(run.stderr).toBe('bad.csv:1702, column "b": "oops" is not a number\n');
    threeClassFile('bad-first.csv', 3000, { bad: [0] });
    const first = await expectSameRun([
      'eval',
      'bad-first.csv',
      '--label',
      'y',
      '--columns',
      'a,b,c',
      '--json',
    ]);
    expect(first.stderr).toBe('bad-first.csv:2, column "b": "oops" is not a number\n');
  });

  it('skips the same bad rows with --skip-bad-lines', async () => {
    threeClassFile('skips.csv', 3000, { bad: [0, 5, 1000, 1001, 2999] });
    const run = await expectSameRun(['eval', 'skips.csv', ...THREE_CLASSES, '--skip-bad-lines', '--json']);
    expect(JSON.parse(run.stdout).skipped).toBe(5);
  });

  it('falls back to one thread for a cell quoted over lines, and reads stdin on one', async () => {
    const rows = readFileSync(threeClassFile('plain.csv', 3000), 'utf8').trimEnd().split('\n');
    const noted = rows.map((row, i) => `${row},${i === 0 ? 'note' : i === 1500 ? '"two\nlines"' : 'x'}`);
    writeFileSync(join(tmp, 'quoted.csv'), `${noted.join('\n')}\n`);
    await expectSameRun(['eval', 'quoted.csv', ...THREE_CLASSES, '--json']);
    const input = readFileSync(join(tmp, 'three.csv'), 'utf8');
    const fromFile = await oneThread(['eval', 'three.csv', ...WEIGHTED, '--json']);
    const fromStdin = await threads(['eval', '-', ...WEIGHTED, '--json'], input);
    expectSameReport(
      { ...JSON.parse(fromStdin.stdout), files: null, bytes: null },
      { ...JSON.parse(fromFile.stdout), files: null, bytes: null },
    );
  });
});
