import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { ClassificationMeter, XentError } from '../../src/index.js';
import { CliError } from '../errors.js';
import { toJson } from '../output.js';

/** What `xent eval --save-state` writes: the meter's sums and counts, and what they mean. */
export interface EvalState {
  format: 'xent-eval-state';
  version: 1;
  files: string[];
  classes: string[] | null;
  scoreColumns: string[];
  from: 'probabilities' | 'logits';
  rowsRead: number;
  skipped: number;
  meter: ReturnType<ClassificationMeter['toJSON']>;
}

/**
 * Writes a state atomically: to a temporary file beside the target, then renamed over it, so an
 * interrupted run leaves the old file or the whole new one, never half a state.
 */
export async function saveState(path: string, state: EvalState): Promise<void> {
  const temporary = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, `${toJson(state)}\n`);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new CliError(`xent: cannot write the state to ${path}: ${(error as NodeJS.ErrnoException).code}`);
  }
}

/**
 * Refuses a --save-state path that is one of the command's inputs (the same file by device and
 * inode, so another spelling of the path or a link is caught too): writing there would destroy
 * the data the state was computed from.
 */
export function refuseOverwritingInputs(command: string, target: string, inputs: readonly string[]): void {
  const identity = (path: string) => {
    try {
      const { dev, ino } = statSync(path);
      return `${dev}:${ino}`;
    } catch {
      return undefined; // not there yet (or stdin): nothing to overwrite
    }
  };
  const written = identity(target);
  if (written === undefined) return;
  const input = inputs.find((path) => path !== '-' && identity(path) === written);
  if (input !== undefined)
    throw new CliError(
      `xent ${command}: --save-state ${target} is the input ${input}; writing it would destroy the input, so give the state another name`,
    );
}

export async function loadState(path: string): Promise<{ state: EvalState; meter: ClassificationMeter }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`xent merge: cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code}`);
  }
  let state: EvalState;
  try {
    state = JSON.parse(text);
  } catch {
    throw new CliError(`xent merge: ${path} is not JSON; pass files written by xent eval --save-state`);
  }
  if (state?.format !== 'xent-eval-state' || state.version !== 1) {
    throw new CliError(
      `xent merge: ${path} is not a xent eval state; pass files written by xent eval --save-state`,
    );
  }
  try {
    return { state, meter: ClassificationMeter.fromJSON(state.meter) };
  } catch (error) {
    if (error instanceof XentError) throw new CliError(`xent merge: ${path}: ${error.message}`);
    throw error;
  }
}
