import {
  crossEntropy,
  type Derivation,
  entropy,
  explainCrossEntropy,
  explainEntropy,
  explainKlDivergence,
  explainLoss,
  explainSoftmax,
  explainSurprisal,
  klDivergence,
  renderText,
  softmax,
  surprisal,
} from '../../src/index.js';
import {
  COMMON_OPTIONS,
  optionalNumber,
  type Parsed,
  parseCommand,
  readLogits,
  readNumbers,
  required,
} from '../args.js';
import { CliError } from '../errors.js';
import { HELP } from '../help.js';
import { type Io, toJson } from '../output.js';

interface Answer {
  /** The library's value. */
  value: number | number[];
  unit?: string;
  /** The same computation, step by step (from src/explain). */
  derivation: () => Derivation;
}

type Calculator = (command: string, parsed: Parsed, base: number | undefined) => Answer;

function unitOf(base: number | undefined): string {
  if (base === undefined || base === Math.E) return 'nats';
  return base === 2 ? 'bits' : `base-${base} units`;
}

function withBase(base: number | undefined): { base?: number } {
  return base === undefined ? {} : { base };
}

const distribution = (command: string, parsed: Parsed, name: 'target' | 'pred') =>
  readNumbers(command, `--${name}`, [required(command, parsed.values, name)]);

type Compare = (p: number[], q: number[], options: { base?: number }) => number | unknown;

/** A calculator of a target distribution (--target) against a prediction (--pred). */
function divergence(
  compute: Compare,
  explain: (p: number[], q: number[], options: { base?: number }) => Derivation,
): { options: Record<string, { type: 'string' }>; run: Calculator } {
  return {
    options: { target: { type: 'string' }, pred: { type: 'string' } },
    run(command, parsed, base) {
      const [p, q] = [distribution(command, parsed, 'target'), distribution(command, parsed, 'pred')];
      return {
        value: compute(p, q, withBase(base)) as number,
        unit: unitOf(base),
        derivation: () => explain(p, q, withBase(base)),
      };
    },
  };
}

const CALCULATORS: Record<
  string,
  { options: Record<string, { type: 'string' | 'boolean' }>; run: Calculator }
> = {
  surprisal: {
    options: {},
    run(command, { positionals }, base) {
      const [p, ...rest] = readNumbers(command, 'a probability P', positionals);
      if (rest.length > 0)
        throw new CliError(`xent ${command}: give one probability; got ${positionals.length}`);
      return {
        value: surprisal(p, withBase(base)),
        unit: unitOf(base),
        derivation: () => explainSurprisal(p, withBase(base)),
      };
    },
  },
  entropy: {
    options: {},
    run(command, { positionals }, base) {
      const p = readNumbers(command, 'a distribution P…', positionals);
      return {
        value: entropy(p, withBase(base)),
        unit: unitOf(base),
        derivation: () => explainEntropy(p, withBase(base)),
      };
    },
  },
  'cross-entropy': divergence(crossEntropy, explainCrossEntropy),
  kl: divergence(klDivergence, explainKlDivergence),
  softmax: {
    options: {},
    run(command, { positionals }, base) {
      if (base !== undefined) throw new CliError(`xent ${command}: --base does not apply to softmax`);
      const z = readLogits(command, 'logits LOGIT…', positionals);
      return { value: Array.from(softmax(z).data), derivation: () => explainSoftmax(z) };
    },
  },
  loss: {
    options: { logits: { type: 'string' }, label: { type: 'string' }, 'label-smoothing': { type: 'string' } },
    run(command, parsed, base) {
      const z = readLogits(command, '--logits', [required(command, parsed.values, 'logits')]);
      const label = optionalNumber(command, parsed.values, 'label');
      if (label === undefined)
        throw new CliError(`xent ${command}: --label is required (see xent ${command} --help)`);
      const labelSmoothing = optionalNumber(command, parsed.values, 'label-smoothing') ?? 0;
      const options = { labelSmoothing, ...withBase(base) };
      const derivation = explainLoss(z, label, options);
      return { value: derivation.result, unit: unitOf(base), derivation: () => derivation };
    },
  },
};

export const CALCULATOR_NAMES = Object.keys(CALCULATORS);

/**
 * A list given as `-` is read from stdin (numbers separated by commas, spaces or new lines), for
 * lists too long for a command line. One argument at most can be `-`: stdin is read once.
 */
async function readListsFromStdin(
  command: string,
  parsed: Parsed,
  stdin: NodeJS.ReadableStream,
): Promise<Parsed> {
  const fromStdin = [
    ...parsed.positionals.filter((text) => text === '-').map(() => 'positionals'),
    ...Object.entries(parsed.values)
      .filter(([, value]) => value === '-')
      .map(([name]) => name),
  ];
  if (fromStdin.length === 0) return parsed;
  if (fromStdin.length > 1 || (fromStdin[0] === 'positionals' && parsed.positionals.length > 1))
    throw new CliError(
      `xent ${command}: only one list can be read from stdin (-); give the others on the command line`,
    );
  let text = '';
  for await (const chunk of stdin) text += chunk;
  const list = text
    .trim()
    .split(/[\s,]+/)
    .join(',');
  if (list === '') throw new CliError(`xent ${command}: stdin (-) held no numbers`);
  return fromStdin[0] === 'positionals'
    ? { ...parsed, positionals: [list] }
    : { ...parsed, values: { ...parsed.values, [fromStdin[0]]: list } };
}

/** Runs one calculator command: the value, its JSON, or its derivation step by step. */
export async function runCalculator(name: string, argv: readonly string[], io: Io): Promise<number> {
  const calculator = CALCULATORS[name];
  const command = name;
  const parsed = await readListsFromStdin(
    command,
    parseCommand(command, argv, { ...COMMON_OPTIONS, ...calculator.options }),
    io.stdin,
  );
  if (parsed.values.help) {
    io.stdout.write(`${HELP[name]}\n`);
    return 0;
  }
  if (calculator.options && Object.keys(calculator.options).length > 0 && parsed.positionals.length > 0) {
    throw new CliError(
      `xent ${command}: unexpected argument "${parsed.positionals[0]}" (see xent ${command} --help)`,
    );
  }
  const base = optionalNumber(command, parsed.values, 'base');
  const answer = calculator.run(command, parsed, base);
  if (parsed.values.explain) {
    const derivation = answer.derivation();
    io.stdout.write(parsed.values.json ? `${toJson(derivation)}\n` : `${renderText(derivation)}\n`);
  } else if (parsed.values.json) {
    io.stdout.write(`${toJson({ value: answer.value, ...(answer.unit ? { unit: answer.unit } : {}) })}\n`);
  } else {
    const value = Array.isArray(answer.value) ? answer.value.join(' ') : String(answer.value);
    io.stdout.write(`${value}${answer.unit ? ` ${answer.unit}` : ''}\n`);
  }
  return 0;
}
