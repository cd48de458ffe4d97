import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PairedDifference } from '../../cli/compare/pairedTests.js';
import { expectedCompare } from '../calibration/fixtures.js';
import { expectClose } from '../metrics/fixtures.js';
import { ensureCliBuilt, json, xent } from './xent.js';

beforeAll(ensureCliBuilt, 120_000);
const tmp = mkdtempSync(join(tmpdir(), 'xent-compare-'));

interface Paired extends PairedDifference {
  t?: number;
  onlyA?: number;
  onlyB?: number;
}
interface CompareCase {
  name: string;
  files: [string, string];
  args: string[];
  rows: number;
  logLoss: Paired;
  brier: Paired;
  accuracy: Paired;
}
const cases = expectedCompare.compare as CompareCase[];

function checkPaired(got: Paired, wanted: Paired, what: string): void {
  for (const key of ['a', 'b', 'difference', 'lower', 'upper', 't'] as const) {
    if (wanted[key] !== undefined)
      expectClose(got[key] as number, wanted[key] as number, 1e-10, `${what}.${key}`);
  }
  expectClose(got.pValue / wanted.pValue, 1, 1e-9, `${what}.pValue (as a ratio)`);
  if (wanted.onlyA !== undefined) expect([got.onlyA, got.onlyB]).toEqual([wanted.onlyA, wanted.onlyB]);
}

describe('xent compare against scipy.stats.ttest_rel and an exact McNemar computation', () => {
  for (const c of cases) {
    it(`xent compare ${c.files.join(' ')} ${c.args.join(' ')}: ${c.name}`, async () => {
      const report = json(await xent(['compare', ...c.files, ...c.args, '--json'])) as unknown as CompareCase;
      expect(report.rows).toBe(c.rows);
      checkPaired(report.logLoss, c.logLoss, 'logLoss');
      checkPaired(report.brier, c.brier, 'brier');
      checkPaired(report.accuracy, c.accuracy, 'accuracy');
    });
  }

  it('xent compare says in words which model is better, with the interval of the improvement', async () => {
    const { stdout, code } = await xent([
      'compare',
      'compare_nb.csv',
      'compare_lr.csv',
      '--label',
      'y',
      '--columns',
      'p',
      '--id',
      'id',
    ]);
    expect(code).toBe(0);
    const sentences = stdout.trimEnd().split('\n').slice(-3);
    expect(sentences).toEqual([
      "B's log loss is lower by 0.915 nats (95% CI 0.26–1.57, p = 0.0064): B is better.",
      "B's Brier score is lower by 0.0331 (95% CI 0.00729–0.0589, p = 0.012): B is better.",
      "B's accuracy is higher by 0.0307 (95% CI -3.55e-5 to 0.0614, p = 0.092): the difference could be chance (p ≥ 0.05); more rows would tell.",
    ]);
  });

  it('xent compare B A turns every sentence around: A is better', async () => {
    const { stdout } = await xent([
      'compare',
      'compare_lr_rows.csv',
      'compare_nb.csv',
      '--label',
      'y',
      '--columns',
      'p',
    ]);
    expect(stdout).toContain(
      "B's log loss is higher by 0.915 nats (95% CI 0.26–1.57, p = 0.0064): A is better.",
    );
  });
});

describe('xent compare refuses rows it cannot pair', () => {
  const write = (name: string, text: string) => {
    writeFileSync(join(tmp, name), text);
    return join(tmp, name);
  };
  const a = write('a.csv', 'id,y,p\nr1,1,0.9\nr2,0,0.2\nr3,1,0.6\n');

  it('files of different lengths, paired by position', async () => {
    const b = write('short.csv', 'id,y,p\nr1,1,0.8\nr2,0,0.3\n');
    const { code, stderr } = await xent(['compare', a, b, '--label', 'y', '--columns', 'p']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/has 3 rows but .*short.csv has 2; rows are paired by position.*--id COL/);
  });

  it('a label that differs between the files', async () => {
    const b = write('relabelled.csv', 'id,y,p\nr1,1,0.8\nr2,1,0.3\nr3,1,0.7\n');
    const { stderr } = await xent(['compare', a, b, '--label', 'y', '--columns', 'p']);
    expect(stderr).toMatch(/row 2 has label 0 in .*a.csv but 1 in .*relabelled.csv/);
  });

  it('an id missing from B, and an id given twice', async () => {
    const missing = write('missing.csv', 'id,y,p\nr1,1,0.8\nr3,1,0.7\nr4,0,0.1\n');
    const twice = write('twice.csv', 'id,y,p\nr1,1,0.8\nr2,0,0.3\nr1,1,0.7\n');
    const args = ['--label', 'y', '--columns', 'p', '--id', 'id'];
    expect((await xent(['compare', a, missing, ...args])).stderr).toMatch(
      /1 id of .*a.csv is not in .*missing.csv \(the first: "r2"\)/,
    );
    expect((await xent(['compare', a, twice, ...args])).stderr).toMatch(
      /id "r1" appears twice in .*twice.csv \(rows 1 and 3\)/,
    );
  });

  it('a numeric id column is never taken for a score column; a missing one is named', async () => {
    const numeric = write('numeric.csv', 'id,y,p\n1,1,0.9\n2,0,0.2\n3,1,0.6\n');
    const report = json(await xent(['compare', numeric, numeric, '--label', 'y', '--id', 'id', '--json']));
    const wanted = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.6)) / 3;
    expectClose((report.logLoss as Paired).a, wanted, 1e-15, 'log loss of A');
    expect((await xent(['compare', a, a, '--label', 'y', '--id', 'key'])).stderr).toMatch(
      /--id key: no such column/,
    );
  });

  it('an infinite log loss (probability 0 for the label with --eps 0)', async () => {
    const zero = write('zero.csv', 'id,y,p\nr1,1,0.9\nr2,0,1\nr3,1,0.6\n');
    const { code, stderr } = await xent(['compare', a, zero, '--label', 'y', '--columns', 'p', '--eps', '0']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/row 2 of .*zero.csv gives its label probability 0, so its log loss is infinite/);
  });

  it('one file, or two that both read stdin', async () => {
    expect((await xent(['compare', a, '--label', 'y'])).stderr).toMatch(/give two files, A and B/);
    expect((await xent(['compare', '-', '-', '--label', 'y'])).stderr).toMatch(/only one of A and B/);
  });
});
