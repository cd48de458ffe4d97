import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { ClassificationMeter, XentError } from '../../src/index.js';
import { CliError } from '../errors.js';
import { toJson } from '../output.js';

/** What `xent eval --save-state` writes: the meter's sums and counts, what they mean, and whose they are. */
export interface EvalState {
  format: 'xent-eval-state';
  /** 3 added the Brier, top-k, confusion, ranking and class-wise / equal-mass calibration parts. */
  version: 3;
  /** This state's own random id. */
  id: string;
  /** The ids of the shards whose rows it holds: its own for `xent eval`, every input's for `xent merge`. */
  parts: string[];
  files: string[];
  classes: string[] | null;
  scoreColumns: string[];
  from: 'probabilities' | 'logits';
  /** The sample-weight column, or null: weighted and unweighted shards do not mix. */
  sampleWeight: string | null;
  rowsRead: number;
  skipped: number;
  meter: ReturnType<ClassificationMeter['toJSON']>;
}

/** A new random shard id (128 bits, hex): two runs never share one, so a repeated shard is caught. */
export function newStateId(): string {
  return randomBytes(16).toString('hex');
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
  if (state?.format !== 'xent-eval-state') {
    throw new CliError(
      `xent merge: ${path} is not a xent eval state; pass files written by xent eval --save-state`,
    );
  }
  if (state.version !== 3) {
    // A version 2 state lacks the sums of the Brier score, the intervals, AUC and the rest, which
    // cannot be recovered from what it holds.
    throw new CliError(
      `xent merge: ${path} is a version ${state.version} state; this xent reads version 3 (with the sums behind Brier, AUC and the intervals), so re-run xent eval --save-state on that shard`,
    );
  }
  checkStateFields(path, state);
  try {
    return { state, meter: ClassificationMeter.fromJSON(state.meter) };
  } catch (error) {
    if (error instanceof XentError) throw new CliError(`xent merge: ${path}: ${error.message}`);
    throw error;
  }
}

/** The fields of a state that the meter's own checks do not cover, each named when it is wrong. */
function checkStateFields(path: string, state: EvalState): void {
  const bad = (field: string, problem: string): never => {
    throw new CliError(`xent merge: ${path}: "${field}" ${problem}; the file is not as xent eval wrote it`);
  };
  const isId = (id: unknown) => typeof id === 'string' && /^[0-9a-f]{32}$/.test(id);
  if (!isId(state.id)) bad('id', 'is not a shard id (32 hex digits)');
  if (!Array.isArray(state.parts) || state.parts.length === 0 || !state.parts.every(isId))
    bad('parts', 'is not a list of shard ids');
  if (new Set(state.parts).size !== state.parts.length) bad('parts', 'names a shard twice');
  for (const field of ['rowsRead', 'skipped'] as const)
    if (!Number.isSafeInteger(state[field]) || state[field] < 0) bad(field, 'is not a whole number ≥ 0');
  if (state.skipped > state.rowsRead)
    bad('skipped', `(${state.skipped}) is more than the rows read (${state.rowsRead})`);
  if (!Array.isArray(state.files) || !state.files.every((f) => typeof f === 'string'))
    bad('files', 'is not a list of file names');
  if (state.from !== 'probabilities' && state.from !== 'logits')
    bad('from', 'is neither probabilities nor logits');
  if (state.sampleWeight !== null && typeof state.sampleWeight !== 'string')
    bad('sampleWeight', 'is neither a column name nor null');
}
