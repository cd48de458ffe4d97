import { parseArgs } from 'node:util';
import { CliError } from './errors.js';

type OptionSpec = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

/** A string that reads as a negative number (-1, -.5, -Infinity, -inf), not as an option. */
const NEGATIVE_NUMBER = /^-(\d|\.\d|inf|Infinity)/i;

/**
 * parseArgs treats `-1` as an option. A negative number right after an option that takes a value
 * becomes `--option=-1`; when a positional is a negative number, every positional moves after
 * `--`, in order.
 */
export function protectNegativeNumbers(argv: readonly string[], options: OptionSpec): string[] {
  const out: string[] = [];
  const positionals: string[] = [];
  const takesValue = (arg: string) => {
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    return name !== undefined && !name.includes('=') && options?.[name]?.type === 'string';
  };
  let negative = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      // A loop, not push(...rest): a spread passes every element as an argument on the stack.
      for (let j = i + 1; j < argv.length; j++) positionals.push(argv[j]);
      negative = true;
      break;
    }
    if (takesValue(arg) && i + 1 < argv.length) {
      const value = argv[++i];
      out.push(
        NEGATIVE_NUMBER.test(value) ? `${arg}=${value}` : arg,
        ...(NEGATIVE_NUMBER.test(value) ? [] : [value]),
      );
    } else if (arg.startsWith('-') && !NEGATIVE_NUMBER.test(arg)) {
      out.push(arg);
    } else {
      negative ||= NEGATIVE_NUMBER.test(arg);
      positionals.push(arg);
    }
  }
  return negative ? [...out, '--', ...positionals] : [...out, ...positionals];
}

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** parseArgs in strict mode, with its errors turned into one-line usage errors. */
export function parseCommand(command: string, argv: readonly string[], options: OptionSpec): Parsed {
  try {
    const { values, positionals } = parseArgs({
      args: protectNegativeNumbers(argv, options),
      options,
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Parsed['values'], positionals };
  } catch (error) {
    const message = (error as Error).message.split('\n')[0];
    throw new CliError(`xent ${command}: ${message} (see xent ${command} --help)`);
  }
}

/** Decimal notation with an optional exponent: no hex, binary or octal (`0x1` is not a probability). */
// Unambiguous (the fraction's digits only follow a dot), so a 100 kB cell cannot backtrack for seconds.
const DECIMAL = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?\s*$/i;
/** The spellings of infinity the CLI reads, with an optional sign: inf, Infinity (any case). */
const INFINITY = /^\s*[+-]?(inf|infinity)\s*$/i;

/** Reads a number as the CLI accepts it: decimal or exponent notation, inf/-inf, Infinity; else NaN. */
export function readNumber(text: string): number {
  if (DECIMAL.test(text)) return Number(text);
  if (INFINITY.test(text)) return text.includes('-') ? -Infinity : Infinity;
  return Number.NaN;
}

/** Numbers from positionals or a comma-separated option, each checked; an empty item is an error. */
export function readNumbers(command: string, what: string, texts: readonly string[]): number[] {
  const values = texts.flatMap((t) => t.split(','));
  if (values.length === 0) throw new CliError(`xent ${command}: give ${what} (see xent ${command} --help)`);
  return values.map((text, index) => {
    if (text.trim() === '')
      throw new CliError(
        `xent ${command}: ${what} has an empty item at position ${index + 1}; separate numbers by single commas`,
      );
    const value = readNumber(text);
    if (Number.isNaN(value)) {
      throw new CliError(`xent ${command}: ${what} has "${text}", which is not a number`);
    }
    return value;
  });
}

/**
 * Logits, as readNumbers, where −Infinity masks a class (as in the library) but +Infinity is no
 * score at all: softmax of it is ∞/∞, a NaN the calculators would otherwise print with exit 0.
 */
export function readLogits(command: string, what: string, texts: readonly string[]): number[] {
  const logits = readNumbers(command, what, texts);
  const infinite = logits.indexOf(Infinity);
  if (infinite >= 0)
    throw new CliError(
      `xent ${command}: ${what} has +Infinity at position ${infinite + 1}; use finite logits (-Infinity masks a class)`,
    );
  if (logits.every((z) => z === -Infinity))
    throw new CliError(`xent ${command}: ${what} are all -Infinity, which leaves no class any probability`);
  return logits;
}

/** A required string option. */
export function required(command: string, values: Parsed['values'], name: string): string {
  const value = values[name];
  if (typeof value !== 'string')
    throw new CliError(`xent ${command}: --${name} is required (see xent ${command} --help)`);
  return value;
}

/** An optional numeric option, checked to be a number (the library checks its range). */
export function optionalNumber(command: string, values: Parsed['values'], name: string): number | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  const number = readNumber(String(value));
  if (Number.isNaN(number)) throw new CliError(`xent ${command}: --${name} ${value} is not a number`);
  return number;
}

/** The options every calculator shares. */
export const COMMON_OPTIONS = {
  base: { type: 'string' },
  json: { type: 'boolean' },
  explain: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;
