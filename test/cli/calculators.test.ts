import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose } from '../metrics/fixtures.js';
import { ensureCliBuilt, FIXTURES, json, ROOT, xent } from './xent.js';

// Expected values from SciPy and PyTorch (scripts/generate_cli_fixtures.py).
const calculators: { cases: { args: string[]; value: number | number[] }[] } = JSON.parse(
  readFileSync(`${FIXTURES}calculators.json`, 'utf8'),
);

beforeAll(ensureCliBuilt, 120_000);

describe('xent calculators against SciPy and PyTorch', () => {
  for (const { args, value } of calculators.cases) {
    it(`xent ${args.join(' ')} --json`, async () => {
      const [command, ...rest] = args;
      const out = json(await xent([command, '--json', ...rest]));
      const values = Array.isArray(value) ? value : [value];
      const actual = Array.isArray(out.value) ? (out.value as number[]) : [out.value as number];
      expect(actual).toHaveLength(values.length);
      actual.forEach((v, i) => {
        expectClose(v, values[i], 1e-12, `${args.join(' ')}[${i}]`);
      });
    });
  }
});

describe('xent calculator output', () => {
  it('xent surprisal 0.25 --base 2 prints the value and its unit', async () => {
    expect(await xent(['surprisal', '0.25', '--base', '2'])).toEqual({
      code: 0,
      stdout: '2 bits\n',
      stderr: '',
    });
  });

  it('xent softmax 0 -inf: a -Infinity logit masks its class, as in the library', async () => {
    const run = await xent(['softmax', '0', '-inf', '0']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('0.5 0 0.5\n'); // hand math: e⁰ / (e⁰ + 0 + e⁰)
  });

  it('a list given as - is read from stdin: a million logits, or one option of several', async () => {
    const million = Array.from({ length: 1_000_000 }, (_, i) => i + 1).join('\n');
    const run = await xent(['softmax', '-', '--json'], { input: million });
    expect(run.code).toBe(0);
    const { value } = JSON.parse(run.stdout) as { value: number[] };
    expect(value).toHaveLength(1_000_000);
    // Hand math: softmax of 1…n ends in 1 / Σₖ e^(k−n) → 1 − 1/e as n grows (e^(−n) is far below 1 ulp).
    expect(value[value.length - 1]).toBeCloseTo(1 - Math.exp(-1), 15);
    const loss = await xent(['loss', '--logits', '-', '--label', '2'], { input: '1, 1 1\n1 1\n' });
    expect(loss.stdout).toBe(`${Math.log(5)} nats\n`);
    expect(await xent(['entropy', '-'], { input: ' \n' })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'xent entropy: stdin (-) held no numbers\n',
    });
    expect((await xent(['ce', '--target', '-', '--pred', '-'], { input: '1' })).stderr).toBe(
      'xent cross-entropy: only one list can be read from stdin (-); give the others on the command line\n',
    );
  });

  it('xent softmax -1 0 1 takes negative logits as they are', async () => {
    const { stdout } = await xent(['softmax', '-1', '0', '1']);
    const expected = [0.09003057317038046, 0.24472847105479764, 0.6652409557748219]; // scipy.special.softmax
    stdout
      .trim()
      .split(' ')
      .forEach((p, i) => {
        expectClose(Number(p), expected[i], 1e-15, `softmax[${i}]`);
      });
  });

  it('xent loss --logits -1,2 --label 1 reads a negative first logit', async () => {
    const out = json(await xent(['loss', '--logits', '-1,2', '--label', '1', '--json']));
    expectClose(out.value as number, Math.log1p(Math.exp(-3)), 1e-15, 'loss');
  });

  it('xent entropy --explain prints the derivation from src/explain', async () => {
    const { code, stdout } = await xent(['entropy', '0.5', '0.25', '0.25', '--base', '2', '--explain']);
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'Entropy of p = (0.5, 0.25, 0.25)',
        '',
        '1. Each outcome contributes its probability times its surprisal (0 · log 0 = 0)',
        '   -p_i log_2 p_i',
        '   -0.5 log_2 0.5, -0.25 log_2 0.25, -0.25 log_2 0.25',
        '   = (0.5, 0.5, 0.5)',
        '',
        '2. Entropy is the sum of the contributions',
        '   H(p) = -Σ_i p_i log_2 p_i',
        '   H(p) = 0.5 + 0.5 + 0.5',
        '   = 1.5',
        '',
        'Result: 1.5 bits',
        '',
      ].join('\n'),
    );
  });

  it('xent loss --explain --json prints the derivation as JSON', async () => {
    const out = json(await xent(['loss', '--logits', '2,1,0.1', '--label', '0', '--explain', '--json']));
    expect(out.title).toMatch(/^Cross-entropy loss of logits/);
    expect((out.steps as unknown[]).length).toBe(5);
  });

  it('xent kl --explain shows H(p, q) − H(p)', async () => {
    const { stdout } = await xent(['kl', '--target', '0.5,0.5', '--pred', '0.25,0.75', '--explain']);
    expect(stdout).toContain('D_KL(p ‖ q) = H(p, q) - H(p)');
  });
});

describe('xent help, version and errors', () => {
  it('xent --version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8'));
    expect((await xent(['--version'])).stdout).toBe(`${version}\n`);
  });

  it('xent --help lists the commands; each command has its own help', async () => {
    const main = await xent(['--help']);
    expect(main.code).toBe(0);
    for (const command of [
      'surprisal',
      'entropy',
      'cross-entropy',
      'kl',
      'softmax',
      'loss',
      'eval',
      'merge',
    ]) {
      expect(main.stdout).toContain(command);
      const help = await xent([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: xent ${command}`));
    }
    expect((await xent(['ce', '-h'])).stdout).toMatch(/^Usage: xent cross-entropy/);
    expect((await xent([])).code).toBe(2);
  });

  it('usage errors are one line on stderr and exit 2', async () => {
    const cases: [string[], string][] = [
      [['frobnicate'], 'xent: unknown command "frobnicate"; run xent --help for the list\n'],
      [['surprisal', 'abc'], 'xent surprisal: a probability P has "abc", which is not a number\n'],
      [['entropy'], 'xent entropy: give a distribution P… (see xent entropy --help)\n'],
      [
        ['ce', '--pred', '0.5,0.5'],
        'xent cross-entropy: --target is required (see xent cross-entropy --help)\n',
      ],
      [['loss', '--logits', '1,2'], 'xent loss: --label is required (see xent loss --help)\n'],
      [['surprisal', '0.5', '0.25'], 'xent surprisal: give one probability; got 2\n'],
      [['softmax', '1', '--base', '2'], 'xent softmax: --base does not apply to softmax\n'],
      [
        ['kl', '--target', '1', '--pred', '1', 'extra'],
        'xent kl: unexpected argument "extra" (see xent kl --help)\n',
      ],
      [['loss', '--logits', '1,2', '--label', 'x'], 'xent loss: --label x is not a number\n'],
      // Never a NaN with exit 0: +Infinity is no logit (−Infinity masks a class), and no item is dropped.
      [
        ['softmax', 'Infinity', '1'],
        'xent softmax: logits LOGIT… has +Infinity at position 1; use finite logits (-Infinity masks a class)\n',
      ],
      [
        ['loss', '--logits', '2,1,Infinity', '--label', '0', '--explain'],
        'xent loss: --logits has +Infinity at position 3; use finite logits (-Infinity masks a class)\n',
      ],
      [
        ['softmax', '-inf', '-Infinity'],
        'xent softmax: logits LOGIT… are all -Infinity, which leaves no class any probability\n',
      ],
      [
        ['entropy', '0.5,,0.5'],
        'xent entropy: a distribution P… has an empty item at position 2; separate numbers by single commas\n',
      ],
      [
        ['ce', '--target', '1,0,', '--pred', '0.5,0.5'],
        'xent cross-entropy: --target has an empty item at position 3; separate numbers by single commas\n',
      ],
    ];
    for (const [args, message] of cases) {
      expect(await xent(args), args.join(' ')).toEqual({ code: 2, stdout: '', stderr: message });
    }
    const unknown = await xent(['surprisal', '0.5', '--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /^xent surprisal: Unknown option '--bogus'.*\(see xent surprisal --help\)\n$/,
    );
  });

  it('a XentError from the library is one line on stderr and exit 1', async () => {
    const notNormalized = await xent(['entropy', '0.5', '0.6']);
    expect(notNormalized.code).toBe(1);
    expect(notNormalized.stderr).toMatch(/^xent: entropy: .*\n$/);
    expect(notNormalized.stderr.split('\n')).toHaveLength(2);
    const label = await xent(['loss', '--logits', '1,2', '--label', '5']);
    expect(label).toEqual({
      code: 1,
      stdout: '',
      stderr: 'xent: explainLoss: label = 5 is not a class index for 2 classes; use an integer in [0, 1]\n',
    });
    const base = await xent(['surprisal', '0.5', '--base', '1']);
    expect(base.code).toBe(1);
    expect(base.stderr).toMatch(/^xent: surprisal: invalid base: 1/);
  });
});
