import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectedCompare } from '../calibration/fixtures.js';
import { expectClose } from '../metrics/fixtures.js';
import { ensureCliBuilt, json, xent } from './xent.js';

beforeAll(ensureCliBuilt, 120_000);
const tmp = mkdtempSync(join(tmpdir(), 'xent-logprob-'));

interface Figures {
  tokens: number;
  bytes: number | null;
  nats: number;
  perplexity: number;
  bitsPerToken: number;
  bitsPerByte: number | null;
}
interface LogprobCase {
  file: string;
  args: string[];
  total: Figures;
  groups: (Figures & { group: string })[];
}

function checkFigures(got: Figures, wanted: Figures, what: string): void {
  expect([got.tokens, got.bytes], what).toEqual([wanted.tokens, wanted.bytes]);
  for (const key of ['nats', 'perplexity', 'bitsPerToken', 'bitsPerByte'] as const)
    expectClose(got[key] as number, wanted[key] as number, 1e-13, `${what}.${key}`);
}

describe('xent eval --from logprob against numpy', () => {
  for (const c of expectedCompare.logprob as LogprobCase[]) {
    it(`xent eval ${c.file} ${c.args.join(' ')}`, async () => {
      const report = json(await xent(['eval', c.file, ...c.args, '--json'])) as unknown as Figures & {
        groups: (Figures & { group: string })[];
      };
      checkFigures(report, c.total, 'total');
      expect(report.groups.map((g) => g.group)).toEqual(c.groups.map((g) => g.group));
      report.groups.forEach((g, i) => {
        checkFigures(g, c.groups[i], g.group);
      });
    });
  }

  it('xent eval --from logprob on log(1/2) and log(1/4): perplexity 2^1.5, 1.5 bits per token, by hand', async () => {
    const file = join(tmp, 'two.csv');
    writeFileSync(file, `lp\n${Math.log(0.5)}\n${Math.log(0.25)}\n`);
    const report = json(await xent(['eval', file, '--from', 'logprob', '--logprob', 'lp', '--json']));
    expectClose(report.perplexity as number, 2 ** 1.5, 1e-15, 'perplexity');
    expectClose(report.bitsPerToken as number, 1.5, 1e-15, 'bits per token');
    expect([report.bytes, report.bitsPerByte, report.groups]).toEqual([null, null, []]);
  });
});

describe('xent eval --from logprob refuses what is not a log-probability', () => {
  it('a positive log-probability, a bad byte count, a classifier option, and a file without the column', async () => {
    const file = join(tmp, 'bad.csv');
    writeFileSync(file, 'lp,n\n-0.5,3\n0.2,2\n');
    const run = (...args: string[]) => xent(['eval', file, '--from', 'logprob', ...args]);
    expect((await run('--logprob', 'lp')).stderr).toMatch(
      /bad.csv:3, column "lp": "0.2" is not a log-probability/,
    );
    writeFileSync(file, 'lp,n\n-0.5,3\n-0.2,2.5\n');
    expect((await run('--logprob', 'lp', '--bytes', 'n')).stderr).toMatch(/"2.5" is not a byte count/);
    expect((await run('--logprob', 'lp', '--label', 'n')).stderr).toMatch(
      /--label is for a classifier's predictions/,
    );
    expect((await run()).stderr).toMatch(/needs --logprob COL/);
    expect((await run('--logprob', 'lp', '--plot', 'p.svg')).stderr).toMatch(
      /--plot is for a classifier's predictions/,
    );
    for (const option of ['--top-k', '--bootstrap'])
      expect((await run('--logprob', 'lp', option, '2')).stderr).toMatch(
        `${option} is for a classifier's predictions`,
      );
    // The file options are read and checked as for a classifier's file.
    expect((await run('--logprob', 'lp', '--max-line-bytes', '0')).stderr).toMatch(
      /--max-line-bytes 0: use a whole number of bytes ≥ 1/,
    );
  });

  it('a chat completion requested without logprobs', async () => {
    const file = join(tmp, 'nologprobs.jsonl');
    writeFileSync(file, `${JSON.stringify({ id: 'c', choices: [{ message: { content: 'hi' } }] })}\n`);
    const { code, stderr } = await xent(['eval', file, '--from', 'logprob']);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /nologprobs.jsonl:1, column "choices": has no choices\[0\].logprobs.content; request the completion with logprobs: true/,
    );
  });
});
