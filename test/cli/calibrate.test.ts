import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectedCompare } from '../calibration/fixtures.js';
import { expectClose } from '../metrics/fixtures.js';
import { ensureCliBuilt, FIXTURES, json, xent } from './xent.js';

beforeAll(ensureCliBuilt, 120_000);
const tmp = mkdtempSync(join(tmpdir(), 'xent-calibrate-'));

interface Figures {
  logLoss: number;
  brier: number;
  ece: number;
}
interface Report {
  rows: number;
  parameters: { temperature?: number; a?: number; b?: number };
  before: Figures;
  after: Figures;
}

function checkFigures(got: Figures, wanted: Figures, what: string): void {
  for (const key of ['logLoss', 'brier', 'ece'] as const)
    expectClose(got[key], wanted[key], 1e-9, `${what}.${key}`);
}

describe('xent calibrate against SciPy', () => {
  it('xent calibrate --method temperature: T as scipy.optimize.minimize_scalar, figures before and after', async () => {
    const { file, args, temperature, before, after, rows } = expectedCompare.temperature;
    const report = json(await xent(['calibrate', file, ...args, '--json'])) as unknown as Report;
    expect(report.rows).toBe(rows);
    expect(Math.abs((report.parameters.temperature as number) - temperature)).toBeLessThan(1e-6);
    checkFigures(report.before, before, 'before');
    checkFigures(report.after, after, 'after');
  });

  it('xent calibrate --method platt: (a, b) as scipy.optimize.minimize on Platt’s targets', async () => {
    const { file, args, a, b, before, after } = expectedCompare.platt;
    const report = json(await xent(['calibrate', file, ...args, '--json'])) as unknown as Report;
    expectClose(report.parameters.a as number, a, 1e-7, 'a');
    expectClose(report.parameters.b as number, b, 1e-7, 'b');
    checkFigures(report.before, before, 'before');
    checkFigures(report.after, after, 'after');
  });

  it('xent calibrate --write OUT writes probabilities that xent eval reads back to the same log loss', async () => {
    const { file, args, after } = expectedCompare.temperature;
    const out = join(tmp, 'calibrated.csv');
    await xent(['calibrate', file, ...args, '--write', out]);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('digit,z0,z1,z2,z3,z4,z5,z6,z7,z8,z9');
    const report = json(await xent(['eval', out, '--label', 'digit', '--json']));
    expectClose(report.logLoss as number, after.logLoss, 1e-9, 'log loss of the written file');
  });

  it('xent calibrate --method platt --write OUT.jsonl writes the label and the probability of class 1', async () => {
    const { file, args, after } = expectedCompare.platt;
    const out = join(tmp, 'platt.jsonl');
    await xent(['calibrate', file, ...args, '--write', out]);
    const first = JSON.parse(readFileSync(out, 'utf8').split('\n')[0]);
    expect(Object.keys(first)).toEqual(['y', 'probability']);
    const report = json(await xent(['eval', out, '--label', 'y', '--json']));
    expectClose(report.logLoss as number, after.logLoss, 1e-9, 'log loss of the written file');
  });

  it('xent calibrate --from probabilities fits the temperature of the log-probabilities', async () => {
    const report = json(
      await xent([
        'calibrate',
        'iris_proba.csv',
        '--label',
        'species',
        '--classes',
        'setosa,versicolor,virginica',
        '--from',
        'probabilities',
        '--json',
      ]),
    ) as unknown as Report;
    expect(report.after.logLoss).toBeLessThanOrEqual(report.before.logLoss);
  });
});

describe('xent calibrate refuses what it cannot fit', () => {
  it('Platt scaling of a multi-class file, an unknown method, and writing over the input', async () => {
    const digits = ['calibrate', expectedCompare.temperature.file, '--label', 'digit'];
    expect((await xent([...digits, '--method', 'platt'])).stderr).toMatch(
      /platt is for a binary classifier's one score column; this file has 10/,
    );
    expect((await xent([...digits, '--method', 'isotonic'])).stderr).toMatch(
      /--method isotonic: use temperature or platt/,
    );
    const overwrite = await xent([...digits, '--write', join(FIXTURES, expectedCompare.temperature.file)]);
    expect(overwrite.code).toBe(2);
    expect(overwrite.stderr).toMatch(/is the input file/);
  });
});
