import { readFile, writeFile } from 'node:fs/promises';
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

export async function saveState(path: string, state: EvalState): Promise<void> {
  try {
    await writeFile(path, `${toJson(state)}\n`);
  } catch (error) {
    throw new CliError(`xent: cannot write the state to ${path}: ${(error as NodeJS.ErrnoException).code}`);
  }
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
