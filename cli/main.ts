import packageJson from '../package.json' with { type: 'json' };
import { XentError } from '../src/index.js';
import { CALCULATOR_NAMES, runCalculator } from './commands/calculators.js';
import { runCalibrate } from './commands/calibrate.js';
import { runCompare } from './commands/compare.js';
import { runEval } from './commands/evaluate.js';
import { runMerge } from './commands/merge.js';
import { runReport } from './commands/report.js';
import { runSql } from './commands/sql.js';
import { CliError } from './errors.js';
import { HELP } from './help.js';
import type { Io } from './output.js';

const ALIASES: Record<string, string> = { ce: 'cross-entropy' };

async function dispatch(argv: readonly string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout.write(`${HELP.main}\n`);
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-v') {
    io.stdout.write(`${packageJson.version}\n`);
    return 0;
  }
  const command = ALIASES[first] ?? first;
  if (command === 'eval') return runEval(rest, io);
  if (command === 'merge') return runMerge(rest, io);
  if (command === 'compare') return runCompare(rest, io);
  if (command === 'calibrate') return runCalibrate(rest, io);
  if (command === 'sql') return runSql(rest, io);
  if (command === 'report') return runReport(rest, io);
  if (CALCULATOR_NAMES.includes(command)) return runCalculator(command, rest, io);
  throw new CliError(`xent: unknown command "${first}"; run xent --help for the list`);
}

/**
 * Runs the CLI and returns its exit code. Every failure is one line on stderr: usage and input
 * errors exit 2, a computation the library refused (XentError) exits 1; a stack trace means a bug.
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof XentError) {
      io.stderr.write(`xent: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
