import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkFigures,
  checkFiguresBeside,
  type ExpectedFigures,
  expectClose,
  expected,
  type FiguresBesideLogLoss,
  type ReportBesideLogLoss,
} from '../metrics/fixtures.js';
import { BIN, ensureCliBuilt, FIXTURES, json, xent } from './xent.js';

const run = promisify(execFile);
const tmp = mkdtempSync(join(tmpdir(), 'xent-cli-'));

beforeAll(ensureCliBuilt, 120_000);

type Report = ExpectedFigures & { skipped: number; rowsRead: number };
const checkReport = (report: Report, wanted: ExpectedFigures) => {
  checkFigures(report, wanted);
  const divisor = (report as { unit?: string }).unit === 'bits' ? Math.LN2 : 1;
  checkFiguresBeside(
    report as unknown as ReportBesideLogLoss,
    wanted.beside as FiguresBesideLogLoss,
    divisor,
  );
};

/** The figures of a report without the run's timing and file names, for exact comparisons. */
function figures(report: Record<string, unknown>): Record<string, unknown> {
  const { seconds: _s, rowsPerSecond: _r, megabytesPerSecond: _m, files: _f, ...rest } = report;
  return rest;
}

describe('xent eval on scikit-learn predictions', () => {
  for (const { name, file, args, expected: wanted } of expected.cases) {
    it(`xent eval ${file} ${args.join(' ')} matches scikit-learn: ${name}`, async () => {
      checkReport(json(await xent(['eval', file, ...args, '--json'])) as unknown as Report, wanted);
    });
  }

  it('xent eval infers the score columns: the numeric ones besides label and weight', async () => {
    const { expected: wanted } = expected.cases[0];
    const out = json(
      await xent([
        'eval',
        'iris_proba.csv',
        '--label',
        'species',
        '--classes',
        'setosa,versicolor,virginica',
        '--json',
      ]),
    );
    checkReport(out as unknown as Report, wanted);
    expect((out.perClass as { class: string }[]).map((c) => c.class)).toEqual([
      'setosa',
      'versicolor',
      'virginica',
    ]);
  });

  it('xent eval prints a readable report', async () => {
    const { code, stdout, stderr } = await xent(['eval', 'breast_cancer_nb.jsonl', '--label', 'y']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout.split('\n');
    expect(lines.slice(0, 13)).toEqual([
      'file                      breast_cancer_nb.jsonl',
      'rows                      228 evaluated of 228 read',
      'log loss                  1.04439 nats  (95% CI 0.376381 – 1.71239)',
      'perplexity                2.84165',
      'accuracy                  0.934211  (95% Wilson CI 0.894303 – 0.959729)',
      'Brier score               0.0663084  (95% CI 0.0346029 – 0.0980138)',
      'ROC AUC                   0.978527',
      'average precision         0.987298',
      'normalized entropy        1.58137',
      'ECE (15 bins)             0.0694446',
      'class-wise ECE            0.0694446',
      'ECE (15 equal-mass bins)  0.0594034',
      'clipped                   98 probabilities outside [1e-15, 1 − 1e-15]',
    ]);
    expect(stdout).toContain('class  count  log loss  ROC AUC   average precision');
    expect(stdout).toContain(
      'confusion matrix (rows: true class, columns: predicted)\n   0   1\n0  78  7\n1  8   135\n',
    );
    expect(stdout).toContain('reliability');
    expect(stdout).toMatch(/read in [\d.]+ s \([\d,]+ rows\/s, [\d.]+ MB\/s\)\n$/);
  });

  it('xent eval - reads stdin, and .gz files are decompressed', async () => {
    const { args, expected: wanted } = expected.cases[1];
    const tsv = readFileSync(`${FIXTURES}iris_logits.tsv`);
    checkReport(
      json(
        await xent(['eval', '-', '--format', 'tsv', ...args, '--json'], { input: tsv }),
      ) as unknown as Report,
      wanted,
    );
    const gz = join(tmp, 'iris_logits.tsv.gz');
    writeFileSync(gz, gzipSync(tsv));
    checkReport(json(await xent(['eval', gz, ...args, '--json'])) as unknown as Report, wanted);
    const parquet = readFileSync(`${FIXTURES}digits_proba.parquet`);
    const digits = expected.cases.find((c) => c.file === 'digits_proba.parquet')!;
    const out = await xent(['eval', '-', '--format', 'parquet', '--label', 'digit', '--json'], {
      input: parquet,
    });
    checkReport(json(out) as unknown as Report, digits.expected);
  });

  it('xent eval --progress draws a bar on stderr; piped, there is none', async () => {
    const piped = await xent(['eval', 'iris_logits.tsv', '--label', 'label', '--from', 'logits']);
    expect(piped.stderr).toBe('');
    const rows = ['p,y', ...Array.from({ length: 3000 }, (_, i) => `${(i % 10) / 10 + 0.05},${i % 2}`)].join(
      '\n',
    );
    const forced = await xent(['eval', '-', '--label', 'y', '--progress'], { input: rows });
    expect(forced.code).toBe(0);
    expect(forced.stderr).toMatch(/\r.*3,000 rows {2}0\.0 MB {2}[\d,]+ rows\/s/);
    expect(forced.stderr.endsWith('\r\x1b[K')).toBe(true);
  });
});

describe('xent eval on a terminal', () => {
  it('Ctrl-C (SIGINT) mid-run clears the progress bar and exits 130', async () => {
    const child = spawn(process.execPath, [BIN, 'eval', '-', '--label', 'y', '--progress'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdin.write('p,y\n');
    // Rows until the bar has been drawn, then the interrupt, with stdin still open.
    while (!stderr.includes('rows/s')) {
      child.stdin.write('0.25,1\n'.repeat(4096));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr.endsWith('\r\x1b[K')).toBe(true);
  });

  it('xent eval draws the progress bar when stderr is a terminal (util-linux script gives it a pty)', async () => {
    const command = `"${process.execPath}" "${BIN}" eval iris_logits.tsv --label label --from logits`;
    const { stdout } = await run('script', ['-qec', command, '/dev/null'], { cwd: FIXTURES });
    // One frame of the bar, then the erase-line that clears it, then the report.
    const shown = stdout.replaceAll('\x1b[K', '<erase line>');
    expect(shown).toMatch(
      /^\r\[#{20}\] 100% {2}75 rows {2}0\.0 MB {2}[\d,]+ rows\/s<erase line>\r<erase line>file {22}iris_logits\.tsv/,
    );
  });
});

describe('xent eval --save-state and xent merge', () => {
  /** Splits a fixture's rows after `cut` data rows into two files with the header. */
  function split(file: string, cut: number): [string, string] {
    const [header, ...rows] = readFileSync(`${FIXTURES}${file}`, 'utf8').trimEnd().split('\n');
    const extension = file.slice(file.lastIndexOf('.'));
    const hasHeader = extension !== '.jsonl';
    const parts = [rows.slice(0, cut), rows.slice(cut)].map((part, i) => {
      const path = join(tmp, `${file}.part${i}${extension}`);
      writeFileSync(
        path,
        `${[...(hasHeader ? [header] : []), ...(hasHeader ? part : i === 0 ? [header, ...part] : part)].join('\n')}\n`,
      );
      return path;
    });
    return parts as [string, string];
  }

  for (const index of [0, 1, 2]) {
    const { file, args, expected: wanted } = expected.cases[index];
    it(`xent merge of two shards equals xent eval of the whole file: ${file}`, async () => {
      const whole = json(await xent(['eval', file, ...args, '--json']));
      const [a, b] = split(file, 31);
      const states = [join(tmp, `${file}.a.json`), join(tmp, `${file}.b.json`)];
      for (const [i, part] of [a, b].entries()) {
        expect((await xent(['eval', part, ...args, '--save-state', states[i]])).code).toBe(0);
      }
      const merged = json(
        await xent(['merge', ...states, '--json', ...(args.includes('--base') ? ['--base', '2'] : [])]),
      );
      expect(figures(merged)).toEqual(figures(whole));
      expect(merged.files).toEqual([a, b]);
      checkReport(merged as unknown as Report, wanted);
      // A merged state merges again, and the text report names both files.
      const again = join(tmp, `${file}.ab.json`);
      const text = await xent(['merge', ...states, '--save-state', again]);
      expect(text.stdout).toContain(`file                      ${a}, ${b}`);
      expect(figures(json(await xent(['merge', again, '--json'])))).toEqual(figures(merged));
    });
  }

  it('xent merge refuses states of different predictions and files that are not states', async () => {
    const iris = join(tmp, 'iris.state.json');
    const cancer = join(tmp, 'cancer.state.json');
    await xent(['eval', 'iris_logits.tsv', '--label', 'label', '--from', 'logits', '--save-state', iris]);
    await xent([
      'eval',
      'breast_cancer_logit.csv',
      '--label',
      'y',
      '--from',
      'logits',
      '--save-state',
      cancer,
    ]);
    const mixed = await xent(['merge', iris, cancer]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(
      /^xent merge: .*cancer\.state\.json has scoreColumns \["logit"\] but .*iris\.state\.json has \[.*\]; merge shards of the same predictions/,
    );
    expect(await xent(['merge', 'iris_proba.csv'])).toMatchObject({
      code: 2,
      stderr: 'xent merge: iris_proba.csv is not JSON; pass files written by xent eval --save-state\n',
    });
    expect((await xent(['merge', 'expected.json'])).stderr).toMatch(/is not a xent eval state/);
    expect((await xent(['merge', 'missing.json'])).stderr).toBe(
      'xent merge: cannot read missing.json: no such file\n',
    );
    expect((await xent(['merge'])).code).toBe(2);
    const broken = join(tmp, 'broken.json');
    const irisState = JSON.parse(readFileSync(iris, 'utf8'));
    writeFileSync(broken, JSON.stringify({ ...irisState, meter: { type: 'LogLossMeter' } }));
    expect((await xent(['merge', broken])).stderr).toMatch(
      /^xent merge: .*broken\.json: ClassificationMeter\.fromJSON: /,
    );
    const old = join(tmp, 'old.json');
    writeFileSync(old, JSON.stringify({ ...irisState, version: 2 }));
    expect((await xent(['merge', old])).stderr).toMatch(
      /old\.json is a version 2 state; this xent reads version 3 \(with the sums behind Brier, AUC and the intervals\), so re-run xent eval --save-state/,
    );
  });

  it('xent merge refuses a shard twice, mixed options and hand-edited fields, naming the file and field', async () => {
    const [a, b] = split('iris_proba.csv', 31);
    const args = ['--label', 'species', '--classes', 'setosa,versicolor,virginica'];
    const [stateA, stateB, stateAB] = ['a', 'b', 'ab'].map((name) => join(tmp, `twice-${name}.json`));
    await xent(['eval', a, ...args, '--save-state', stateA]);
    await xent(['eval', b, ...args, '--save-state', stateB]);
    const twice = await xent(['merge', stateA, stateA]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(
      /twice-a\.json and .*twice-a\.json both hold shard [0-9a-f]{32} \(from .*\); merging it twice would count its rows twice/,
    );
    // A merged state remembers its shards: merging it with one of them again is refused.
    expect((await xent(['merge', stateA, stateB, '--save-state', stateAB])).code).toBe(0);
    const overlap = await xent(['merge', stateAB, stateB]);
    expect(overlap.stderr).toMatch(/twice-ab\.json and .*twice-b\.json both hold shard/);
    // Options that change what the sums mean must agree; the message names both files.
    const eps = join(tmp, 'twice-eps.json');
    await xent(['eval', b, ...args, '--eps', '1e-7', '--save-state', eps]);
    expect((await xent(['merge', stateA, eps])).stderr).toMatch(
      /twice-eps\.json has meter\.eps 1e-7 but .*twice-a\.json has 1e-15/,
    );
    const weighted = join(tmp, 'twice-weighted.json');
    const withWeight = join(tmp, 'with-weight.csv');
    writeFileSync(withWeight, 'p0,p1,w,y\n0.3,0.7,2,1\n');
    const plain = join(tmp, 'plain.json');
    const plainCsv = join(tmp, 'plain.csv');
    writeFileSync(plainCsv, 'p0,p1,y\n0.3,0.7,1\n');
    await xent(['eval', withWeight, '--label', 'y', '--sample-weight', 'w', '--save-state', weighted]);
    await xent(['eval', plainCsv, '--label', 'y', '--save-state', plain]);
    expect((await xent(['merge', plain, weighted])).stderr).toMatch(
      /twice-weighted\.json has sampleWeight \(weighted or not\) true but .*plain\.json has false/,
    );
    // Hand-edited fields are named.
    const edited = JSON.parse(readFileSync(stateA, 'utf8'));
    const tampered = join(tmp, 'tampered.json');
    for (const [field, value, problem] of [
      ['rowsRead', -3, '"rowsRead" is not a whole number ≥ 0'],
      ['skipped', 1e6, '"skipped" (1000000) is more than the rows read'],
      ['id', 'abc', '"id" is not a shard id'],
      ['parts', [], '"parts" is not a list of shard ids'],
    ] as const) {
      writeFileSync(tampered, JSON.stringify({ ...edited, [field]: value }));
      const run = await xent(['merge', tampered]);
      expect(run.code, field).toBe(2);
      expect(run.stderr, field).toContain(`tampered.json: ${problem}`);
    }
    // A meter sum out of its bounds (issue #12): the meter's own check, with the file name.
    const accuracy = edited.meter.accuracy;
    const rows = accuracy.rows as number;
    writeFileSync(
      tampered,
      JSON.stringify({
        ...edited,
        meter: { ...edited.meter, accuracy: { ...accuracy, sums: [rows, 0, rows + 1, 0] } },
      }),
    );
    expect((await xent(['merge', tampered])).stderr).toMatch(
      /^xent merge: .*tampered\.json: AccuracyMeter\.fromJSON: state field sums \(weight of correct rows\) = \d+ must be at most the total weight/,
    );
  });
});

describe('xent eval on bad input', () => {
  const write = (name: string, text: string) => {
    const path = join(tmp, name);
    writeFileSync(path, text);
    return path;
  };
  const good = 'p0,p1,y\n0.25,0.75,1\n';

  it('a malformed row stops with one line naming the file, line and column, and exit 2', async () => {
    const cases: [string, string, string[], string][] = [
      ['number.csv', `${good}0.5,abc,0\n`, [], 'number.csv:3, column "p1": "abc" is not a number'],
      ['empty-cell.csv', `${good}0.5,,0\n`, [], 'empty-cell.csv:3, column "p1": "" is not a number'],
      [
        'short.csv',
        `${good}0.5,0.5\n`,
        [],
        'short.csv:3, column "y": the row has 2 cells but the header has 3; column "y" is missing',
      ],
      ['long.csv', `${good}0.5,0.5,1,7\n`, [], 'long.csv:3: the row has 4 cells but the header has 3'],
      [
        'masked.csv',
        'z0,z1,y\n1,-inf,0\n-inf,-Infinity,1\n',
        ['--from', 'logits'],
        'masked.csv:3, column "z0".."z1": every logit is -Infinity',
      ],
      [
        'label.csv',
        `${good}\n0.5,0.5,2\n`,
        [],
        'label.csv:4, column "y": label "2" is out of range; use a class index in [0, 1]',
      ],
      [
        'name.csv',
        `${good}0.5,0.5,cat\n`,
        [],
        'name.csv:3, column "y": label "cat" is out of range; use a class index in [0, 1] (for class names, pass --classes)',
      ],
      [
        'named.csv',
        `${good}0.5,0.5,cat\n`,
        ['--classes', 'no,yes'],
        'named.csv:3, column "y": label "cat" is out of range; use a class index in [0, 1] or one of no, yes',
      ],
      [
        'sum.csv',
        `${good}0.5,0.6,0\n`,
        [],
        'sum.csv:3, column "p0".."p1": the probabilities sum to 1.1, not 1 (tolerance 0.000001); pass --renormalize to divide rows by their sum',
      ],
      [
        'range.csv',
        `${good}1.5,-0.5,0\n`,
        [],
        'range.csv:3, column "p0": 1.5 is not a probability in [0, 1]',
      ],
      [
        'weight.csv',
        'p,w,y\n0.5,1,0\n0.5,-1,1\n',
        ['--sample-weight', 'w'],
        'weight.csv:3, column "w": "-1" is not a sample weight (a finite number ≥ 0)',
      ],
      ['bad.jsonl', '{"p": 0.5, "y": 1}\n{"p": 0.5, "y": 1\n', [], 'bad.jsonl:2: not valid JSON'],
      [
        'array.jsonl',
        '{"p": 0.5, "y": 1}\n[0.5, 1]\n',
        [],
        'array.jsonl:2: each line must be a JSON object of column: value',
      ],
      [
        'missing.jsonl',
        '{"p": 0.5, "y": 1}\n{"y": 1}\n',
        [],
        'missing.jsonl:2, column "p": missing is not a number',
      ],
      ['quote.csv', `${good}"0.5,0.5,1\n`, [], 'quote.csv:'],
      [
        'inf3.csv',
        'y,a,b,c\n0,Infinity,0,0\n1,0.5,0.2,0.1\n',
        ['--from', 'logits'],
        'inf3.csv:2, column "a": a logit of +Infinity is not a score; use a finite logit (-Infinity masks a class)',
      ],
    ];
    for (const [name, text, args, message] of cases) {
      const run = await xent(['eval', write(name, text), '--label', 'y', ...args]);
      expect(run.code, name).toBe(2);
      expect(run.stdout, name).toBe('');
      expect(run.stderr.startsWith(join(tmp, message)), `${name}: ${run.stderr}`).toBe(true);
      expect(run.stderr.split('\n'), name).toHaveLength(2);
    }
  });

  it('xent eval reads a spreadsheet export: byte-order mark, CRLF line ends, quoted header', async () => {
    const path = write('excel.csv', '\uFEFF"p0","p1","y"\r\n0.25,0.75,1\r\n0.5,0.5,0\r\n');
    const out = json(await xent(['eval', path, '--label', 'y', '--json']));
    expectClose(out.logLoss as number, -(Math.log(0.75) + Math.log(0.5)) / 2, 1e-15, 'logLoss');
  });

  it('xent eval --skip-bad-lines goes on and reports how many rows it skipped', async () => {
    const path = write('mixed.csv', `${good}0.5,abc,0\n0.5,0.5\n0.1,0.9,1\n0.5,0.6,0\n`);
    const out = json(await xent(['eval', path, '--label', 'y', '--skip-bad-lines', '--json']));
    expect(out).toMatchObject({ count: 2, rowsRead: 5, skipped: 3 });
    expectClose(out.logLoss as number, -(Math.log(0.75) + Math.log(0.9)) / 2, 1e-15, 'logLoss');
    const text = await xent(['eval', path, '--label', 'y', '--skip-bad-lines']);
    expect(text.stdout).toContain('2 evaluated of 5 read, 3 skipped');
  });

  it('xent eval --renormalize divides rows by their sum', async () => {
    const path = write('counts.csv', 'a,b,y\n1,3,1\n2,2,0\n');
    const out = json(await xent(['eval', path, '--label', 'y', '--renormalize', '--json']));
    expectClose(out.logLoss as number, -(Math.log(0.75) + Math.log(0.5)) / 2, 1e-15, 'logLoss');
    const zero = await xent(['eval', write('zero.csv', 'a,b,y\n0,0,1\n'), '--label', 'y', '--renormalize']);
    expect(zero.stderr).toMatch(
      /zero\.csv:2, column "a"\.\."b": the probabilities sum to 0, not 1 .*a row needs a positive sum/,
    );
  });

  it('unreadable files, unknown columns and formats are one clear line', async () => {
    const cases: [string[], string | RegExp][] = [
      [['eval', 'nope.csv', '--label', 'y'], 'xent eval: cannot read nope.csv: no such file\n'],
      [['eval', '.', '--label', 'y', '--format', 'csv'], 'xent eval: cannot read .: it is a directory\n'],
      [
        ['eval', 'iris_proba.csv', '--label', 'kind'],
        /^xent eval: --label kind: no such column in iris_proba\.csv; its columns are id, setosa, versicolor, virginica, species\n$/,
      ],
      [
        ['eval', 'iris_logits.tsv', '--label', 'label', '--columns', 'z0,z9'],
        /^xent eval: --columns z9: no such column/,
      ],
      [
        ['eval', 'iris_logits.tsv', '--label', 'label', '--sample-weight', 'w'],
        /^xent eval: --sample-weight w: no such column/,
      ],
      [
        ['eval', 'expected.json', '--label', 'y'],
        'xent eval: cannot tell the format of expected.json from its extension; use .csv, .tsv, .jsonl or .parquet, or pass --format\n',
      ],
      [
        ['eval', 'iris_proba.csv', '--label', 'y', '--format', 'xlsx'],
        'xent eval: unknown format "xlsx"; use one of csv, tsv, jsonl, parquet\n',
      ],
      [
        ['eval', 'iris_proba.csv', '--label', 'species', '--classes', 'a,b'],
        /^xent eval: --classes names 2 classes but there are 3 \(score columns: setosa, versicolor, virginica\)\n$/,
      ],
      [
        ['eval', 'breast_cancer_logit.csv', '--label', 'y', '--classes', 'a,b,c', '--from', 'logits'],
        /one logit column means binary\)\n$/,
      ],
      [
        ['eval', 'iris_proba.csv', '--label', 'species', '--from', 'scores'],
        'xent eval: --from scores: use probabilities, logits or logprob\n',
      ],
      [['eval', 'iris_proba.csv'], 'xent eval: --label COL is required (see xent eval --help)\n'],
      [['eval', '--label', 'y'], 'xent eval: give one FILE (or - for stdin); got 0 (see xent eval --help)\n'],
      [['eval', 'iris_proba.csv', '--label', 'y', '--eps', 'x'], 'xent eval: --eps x is not a number\n'],
      [
        [
          'eval',
          'iris_proba.csv',
          '--label',
          'species',
          '--save-state',
          '/nonexistent/dir/s.json',
          '--classes',
          'setosa,versicolor,virginica',
        ],
        /^xent: cannot write the state to \/nonexistent\/dir\/s\.json: ENOENT\n$/,
      ],
    ];
    for (const [args, message] of cases) {
      const run = await xent(args);
      expect(run.code, args.join(' ')).toBe(2);
      if (typeof message === 'string') expect(run.stderr, args.join(' ')).toBe(message);
      else expect(run.stderr, args.join(' ')).toMatch(message);
    }
  });

  it('empty files, files of text only and broken Parquet or gzip are one clear line', async () => {
    const empty = await xent(['eval', write('empty.csv', ''), '--label', 'y']);
    expect(empty.stderr).toMatch(/empty\.csv: the file is empty; it needs a header/);
    const noScores = await xent(['eval', write('text.csv', 'name,y\nfoo,1\n'), '--label', 'y']);
    expect(noScores.stderr).toMatch(
      /text\.csv has no numeric score columns besides the label; pass --columns/,
    );
    const parquet = await xent(['eval', write('fake.parquet', 'not parquet at all'), '--label', 'y']);
    expect(parquet.stderr).toMatch(/fake\.parquet: not a readable Parquet file/);
    const gz = await xent(['eval', write('fake.csv.gz', 'not gzip'), '--label', 'y']);
    expect(gz.stderr).toMatch(/fake\.csv\.gz: not a valid gzip file/);
    for (const run of [empty, noScores, parquet, gz]) {
      expect(run.code).toBe(2);
      expect(run.stderr.split('\n')).toHaveLength(2);
    }
  });

  it('only decimal numbers are read: 0x1, 0b1 and 0o0 are refused, not taken as 1, 1 and 0', async () => {
    const hex = await xent(['eval', write('hex.csv', 'p0,p1,y\n0x1,0,1\n'), '--label', 'y']);
    expect(hex.stderr).toBe(`${join(tmp, 'hex.csv')}:2, column "p0": "0x1" is not a decimal number\n`);
    const binary = await xent(['eval', write('bin.csv', 'p0,p1,y\n0.5,0.5,0b1\n'), '--label', 'y']);
    expect(binary.stderr).toMatch(/bin\.csv:2, column "y": label "0b1" is out of range/);
    const octal = await xent(['eval', write('oct.csv', 'p0,p1,y\n0.5,0.5,1\n0o0,1,1\n'), '--label', 'y']);
    expect(octal.stderr).toMatch(/oct\.csv:3, column "p0": "0o0" is not a number/);
    // Exponents, signs, a leading dot and the spellings of infinity are read.
    const fine = await xent([
      'eval',
      write('fine.csv', 'p0,p1,y\n.25,7.5e-1,1\n+1,0E0,0\n'),
      '--label',
      'y',
      '--json',
    ]);
    expect(json(fine).logLoss).toBeCloseTo(-Math.log(0.75) / 2, 15); // hand math: −(ln 0.75 + ln 1)/2
    for (const run of [hex, binary, octal]) expect(run.code).toBe(2);
  });

  it('a huge bad cell is echoed as a short prefix with its length, in well under a second', async () => {
    const started = performance.now();
    const run = await xent([
      'eval',
      write('huge.csv', `p0,p1,y\n0.5,${'9'.repeat(200_000)}x,1\n`),
      '--label',
      'y',
      '--columns',
      'p0,p1',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `${join(tmp, 'huge.csv')}:2, column "p1": "${'9'.repeat(40)}"… (200,001 characters) is not a number\n`,
    );
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('an unclosed quote is reported at the line where it opens, not where the file ends', async () => {
    const rows = `${'0.5,0.5,1\n'.repeat(5000)}`;
    const run = await xent([
      'eval',
      write('unclosed.csv', `p0,p1,y\n0.5,0.5,1\n"0.5,0.5,1\n${rows}`),
      '--label',
      'y',
    ]);
    expect(run).toMatchObject({
      code: 2,
      stderr: `${join(tmp, 'unclosed.csv')}:3: a quoted cell opens here and is never closed (the file ends inside it at line 5003)\n`,
    });
  });

  it('a line longer than --max-line-bytes (16 MiB by default) stops with a clear line', async () => {
    const longCsv = await xent([
      'eval',
      write('long.csv', `p0,p1,y\n0.5,0.5,1\n0.5,${'5'.repeat(3000)},1\n`),
      '--label',
      'y',
      '--max-line-bytes',
      '1000',
    ]);
    expect(longCsv).toMatchObject({
      code: 2,
      stderr: `${join(tmp, 'long.csv')}:3: the line is longer than 1,000 bytes; is a newline missing? (--max-line-bytes N raises the limit)\n`,
    });
    const longJson = await xent([
      'eval',
      write('long.jsonl', `{"p":0.5,"y":1}\n{"p":${'1'.repeat(3000)}}\n`),
      '--label',
      'y',
      '--max-line-bytes',
      '1000',
    ]);
    expect(longJson.stderr).toMatch(/long\.jsonl:2: the line is longer than 1,000 bytes/);
    // The default takes a header of 17 MB as too long, without reading the rest of the stream.
    const header = await xent(['eval', '-', '--label', 'y'], { input: 'p'.repeat(17 * 1024 * 1024) });
    expect(header.stderr).toBe(
      '-:1: the line is longer than 16,777,216 bytes; is a newline missing? (--max-line-bytes N raises the limit)\n',
    );
    expect(
      (await xent(['eval', 'iris_proba.csv', '--label', 'species', '--max-line-bytes', '0'])).stderr,
    ).toBe('xent eval: --max-line-bytes 0: use a whole number of bytes ≥ 1\n');
  });

  it('duplicate column names are refused by name', async () => {
    const run = await xent(['eval', write('dup.csv', 'label,label,p1\n1,1,0.7\n'), '--label', 'label']);
    expect(run).toMatchObject({
      code: 2,
      stderr: `xent eval: ${join(tmp, 'dup.csv')} has two columns named "label"; rename one so each column is read once\n`,
    });
  });

  it('gzip on stdin is recognised by its magic bytes, as a .gz file is by its name', async () => {
    const text = 'p0,p1,y\n0.3,0.7,1\n0.9,0.1,0\n';
    const plain = json(await xent(['eval', '-', '--label', 'y', '--json'], { input: text }));
    const zipped = json(await xent(['eval', '-', '--label', 'y', '--json'], { input: gzipSync(text) }));
    expect(zipped.logLoss).toBe(plain.logLoss);
    expect(plain.logLoss).toBeCloseTo(-(Math.log(0.7) + Math.log(0.9)) / 2, 15);
    const broken = await xent(['eval', '-', '--label', 'y'], { input: gzipSync(text).subarray(0, 12) });
    expect(broken).toMatchObject({ code: 2, stderr: '-: not a valid gzip file\n' });
  });

  it('a class with no rows has no per-class log loss: null in JSON, – in the table', async () => {
    const path = write('absent.csv', 'p0,p1,p2,y\n0.2,0.3,0.5,2\n0.6,0.3,0.1,0\n');
    const report = json(await xent(['eval', path, '--label', 'y', '--json']));
    const [first, absent, last] = (report.perClass as { logLoss: number | null }[]).map((c) => c.logLoss);
    expect(absent).toBeNull();
    expect(first).toBeCloseTo(-Math.log(0.6), 15);
    expect(last).toBeCloseTo(-Math.log(0.5), 15);
    expect((await xent(['eval', path, '--label', 'y'])).stdout).toMatch(/\n1 +0 +– +– +–\n/);
  });

  it('a report with nothing to report is refused, never printed as NaN with exit 0', async () => {
    const headerOnly = await xent(['eval', write('header.csv', 'p0,p1,y\n'), '--label', 'y']);
    expect(headerOnly.code).toBe(2);
    expect(headerOnly.stdout).toBe('');
    expect(headerOnly.stderr).toBe(
      `xent eval: ${join(tmp, 'header.csv')}: no rows to evaluate (0 read, 0 skipped); a header alone gives no log loss\n`,
    );
    const zeroWeights = await xent([
      'eval',
      write('zero-weights.csv', 'p0,p1,w,y\n0.3,0.7,0,1\n0.9,0.1,0,0\n'),
      '--label',
      'y',
      '--sample-weight',
      'w',
    ]);
    expect(zeroWeights.code).toBe(2);
    expect(zeroWeights.stderr).toMatch(/zero-weights\.csv: the sample weights sum to 0/);
    expect(zeroWeights.stderr.split('\n')).toHaveLength(2);
    // An empty shard still leaves its state, which merges with the others.
    const state = join(tmp, 'empty-shard.json');
    await xent(['eval', join(tmp, 'header.csv'), '--label', 'y', '--save-state', state]);
    expect(JSON.parse(readFileSync(state, 'utf8')).rowsRead).toBe(0);
  });

  it('normalized entropy of labels of one class is reported as undefined, not ∞', async () => {
    const path = write('one-class.csv', 'p0,p1,y\n0.2,0.8,1\n0.4,0.6,1\n');
    const report = json(await xent(['eval', path, '--label', 'y', '--json']));
    expect(report.normalizedEntropy).toBeNull();
    // Hand math: the mean of −ln 0.8 and −ln 0.6.
    expect(report.logLoss).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 15);
    const text = await xent(['eval', path, '--label', 'y']);
    expect(text.stdout).toMatch(/normalized entropy +undefined \(one class in the labels\)/);
  });

  it('--save-state never writes over an input, and writes atomically', async () => {
    const path = write('keep.csv', `${good}0.5,0.5,0\n`);
    const before = readFileSync(path, 'utf8');
    const same = await xent(['eval', path, '--label', 'y', '--save-state', path]);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(
      /--save-state .*keep\.csv is the input .*keep\.csv; writing it would destroy the input/,
    );
    // Another spelling of the same file is the same file.
    const other = await xent(['eval', path, '--label', 'y', '--save-state', join(tmp, '.', 'keep.csv')]);
    expect(other.code).toBe(2);
    expect(readFileSync(path, 'utf8')).toBe(before);
    const state = join(tmp, 'keep.json');
    expect((await xent(['eval', path, '--label', 'y', '--save-state', state])).code).toBe(0);
    const merged = await xent(['merge', state, '--save-state', state]);
    expect(merged.code).toBe(2);
    expect(merged.stderr).toMatch(/writing it would destroy the input/);
    // No temporary file is left beside the state.
    expect(readdirSync(tmp).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('a XentError from the library is one line and exit 1', async () => {
    const run = await xent(['eval', 'iris_proba.csv', '--label', 'species', '--eps', '0.7']);
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: 'xent: ClassificationMeter: invalid eps: 0.7; use a number in [0, 0.5)\n',
    });
    const base = await xent(['eval', 'iris_proba.csv', '--label', 'species', '--base', '-2']);
    expect(base.code).toBe(1);
    expect(base.stderr).toMatch(/^xent: ClassificationMeter: invalid base: -2/);
  });
});
