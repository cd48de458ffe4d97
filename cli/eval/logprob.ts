import { formatList } from '../../src/errors.js';
import { CompensatedSums } from '../../src/metrics/compensatedSums.js';
import { readNumber } from '../args.js';
import { CliError, RowError } from '../errors.js';
import type { RowSink } from './sources.js';

/** Which columns hold what, in a file of log-probabilities. */
export interface LogprobSettings {
  file: string;
  /** The column of each row's log-probability (natural log); absent for chat completions. */
  logprob: string | undefined;
  /** The column naming each row's document or question. */
  group: string | undefined;
  /** The column of each row's length in bytes (UTF-8), for bits per byte. */
  bytes: string | undefined;
}

/** What a group (or the whole file) adds up: tokens, nats, and bytes while every row has them. */
export interface LogprobTotals {
  tokens: number;
  /** The total negative log-likelihood, −Σ log p, in nats. */
  nats: number;
  /** The total length in bytes, or null where a row had none. */
  bytes: number | null;
}

const NATS = 0;
const BYTES = 1;

class Tally {
  readonly sums = new CompensatedSums(2);
  tokens = 0;
  hasBytes = true;

  add(logprob: number, bytes: number | undefined): void {
    this.tokens++;
    this.sums.add(NATS, -logprob);
    if (bytes === undefined) this.hasBytes = false;
    else this.sums.add(BYTES, bytes);
  }

  get totals(): LogprobTotals {
    return {
      tokens: this.tokens,
      nats: this.sums.value(NATS),
      bytes: this.hasBytes ? this.sums.value(BYTES) : null,
    };
  }
}

/**
 * Reads rows of log-probabilities into a total and per-group tallies. Two layouts: a column of
 * token (or answer) log-probabilities (--logprob COL), or JSON Lines of chat completions, whose
 * `choices[0].logprobs.content[]` are read as they come, each completion's tokens one after another.
 */
export class LogprobReader implements RowSink {
  readonly total = new Tally();
  readonly groups = new Map<string, Tally>();
  rowsRead = 0;
  private logprobIndex = -1;
  private choicesIndex = -1;
  private groupIndex = -1;
  private bytesIndex = -1;
  private names: string[] = [];

  constructor(private readonly settings: LogprobSettings) {}

  header(names: string[]): void {
    this.names = names;
    const { logprob, group, bytes, file } = this.settings;
    const column = (name: string, option: string) => {
      const index = names.indexOf(name);
      if (index < 0)
        throw new CliError(
          `xent eval: ${option} ${name}: no such column in ${file}; its columns are ${formatList(names, { open: '', close: '', format: String })}`,
        );
      return index;
    };
    if (logprob !== undefined) this.logprobIndex = column(logprob, '--logprob');
    else if (names.includes('choices')) this.choicesIndex = names.indexOf('choices');
    else
      throw new CliError(
        `xent eval: --from logprob needs --logprob COL, the column of log-probabilities (or chat completions as JSON Lines, with choices[0].logprobs.content)`,
      );
    if (group !== undefined) this.groupIndex = column(group, '--group');
    if (bytes !== undefined) this.bytesIndex = column(bytes, '--bytes');
  }

  row(cells: ArrayLike<unknown>, line: number): void {
    this.rowsRead++;
    const group =
      this.groupIndex >= 0
        ? String(cells[this.groupIndex])
        : this.choicesIndex >= 0
          ? `line ${line}`
          : undefined;
    const tally = group === undefined ? undefined : this.tallyOf(group);
    const add = (logprob: number, bytes: number | undefined) => {
      this.total.add(logprob, bytes);
      tally?.add(logprob, bytes);
    };
    if (this.choicesIndex >= 0) {
      for (const token of this.completionTokens(cells[this.choicesIndex], line))
        add(token.logprob, token.bytes);
      return;
    }
    const logprob = this.readLogprob(cells[this.logprobIndex], line, this.names[this.logprobIndex]);
    add(logprob, this.bytesIndex >= 0 ? this.readBytes(cells[this.bytesIndex], line) : undefined);
  }

  private tallyOf(group: string): Tally {
    let tally = this.groups.get(group);
    if (tally === undefined) {
      tally = new Tally();
      this.groups.set(group, tally);
    }
    return tally;
  }

  private readLogprob(cell: unknown, line: number, where: string): number {
    const value = typeof cell === 'number' ? cell : typeof cell === 'string' ? readNumber(cell) : Number.NaN;
    // A log-probability is ≤ 0; −Infinity (probability 0) is allowed and makes the perplexity infinite.
    if (!(value <= 0))
      throw new RowError(
        this.settings.file,
        line,
        where,
        `${JSON.stringify(cell)} is not a log-probability (a number ≤ 0)`,
      );
    return value;
  }

  private readBytes(cell: unknown, line: number): number {
    const value = typeof cell === 'number' ? cell : typeof cell === 'string' ? readNumber(cell) : Number.NaN;
    if (!(Number.isSafeInteger(value) && value >= 0))
      throw new RowError(
        this.settings.file,
        line,
        this.names[this.bytesIndex],
        `${JSON.stringify(cell)} is not a byte count (a whole number ≥ 0)`,
      );
    return value;
  }

  /** The tokens of `choices[0].logprobs.content`, each with its byte count where `bytes` is given. */
  private completionTokens(choices: unknown, line: number): { logprob: number; bytes: number | undefined }[] {
    const content = (choices as { logprobs?: { content?: unknown } }[] | undefined)?.[0]?.logprobs?.content;
    if (!Array.isArray(choices) || !Array.isArray(content))
      throw new RowError(
        this.settings.file,
        line,
        'choices',
        'has no choices[0].logprobs.content; request the completion with logprobs: true',
      );
    return content.map((token: { logprob?: unknown; bytes?: unknown }, i) => ({
      logprob: this.readLogprob(token?.logprob, line, `choices[0].logprobs.content[${i}].logprob`),
      bytes: Array.isArray(token?.bytes) ? token.bytes.length : undefined,
    }));
  }
}

/** Perplexity and bits from totals: e^(nats/tokens), nats/tokens/ln 2, nats/bytes/ln 2. */
export function logprobFigures(totals: LogprobTotals) {
  const { tokens, nats, bytes } = totals;
  return {
    tokens,
    bytes,
    nats,
    perplexity: Math.exp(nats / tokens),
    bitsPerToken: nats / tokens / Math.LN2,
    bitsPerByte: bytes === null || bytes === 0 ? null : nats / bytes / Math.LN2,
  };
}
