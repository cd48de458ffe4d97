/**
 * An error the CLI reports as one line on stderr and an exit code, never a stack trace.
 * Exit codes: 2 for bad usage or bad input data, 1 for a computation the library refused.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly exitCode: number;

  constructor(message: string, exitCode = 2) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** A malformed row: names the file, the 1-based line (header counted) and the column. */
export class RowError extends CliError {
  constructor(file: string, line: number, column: string | undefined, problem: string) {
    const where = column === undefined ? '' : `, column "${column}"`;
    super(`${file}:${line}${where}: ${problem}`);
  }
}
