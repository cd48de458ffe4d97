import { formatList } from '../../src/errors.js';
import type { ClassificationMeter } from '../../src/index.js';
import { CliError } from '../errors.js';
import type { EvalState } from './state.js';

interface Shard {
  state: EvalState;
  meter: ClassificationMeter;
}

/** What must be equal across shards for their sums to mean the same thing, read from a state. */
const AGREEMENT: [string, (state: EvalState) => unknown][] = [
  ['classes', (s) => s.classes],
  ['scoreColumns', (s) => s.scoreColumns],
  ['from', (s) => s.from],
  ['sampleWeight (weighted or not)', (s) => s.sampleWeight !== null],
  ['meter.eps', (s) => s.meter.eps],
  ['meter.renormalize', (s) => s.meter.renormalize],
  ['meter.calibration.bins', (s) => (s.meter.calibration as { bins?: unknown }).bins],
  ['meter.logLoss.base', (s) => (s.meter.logLoss as { base?: unknown }).base],
];

const show = (value: unknown) => JSON.stringify(value);

/**
 * Refuses shards that must not be added: one shard twice (directly, or inside a merged state as
 * well as on its own), and shards whose sums mean different things (other classes, options or
 * weighting). Each refusal names both files and the field.
 */
export function checkShardsAgree(paths: readonly string[], shards: readonly Shard[]): void {
  const holder = new Map<string, number>();
  shards.forEach(({ state }, i) => {
    for (const part of state.parts) {
      const earlier = holder.get(part);
      if (earlier !== undefined) {
        const same =
          earlier === i
            ? `${paths[i]} names shard ${part} twice`
            : `${paths[earlier]} and ${paths[i]} both hold shard ${part}`;
        throw new CliError(
          `xent merge: ${same} (from ${formatList(state.files, { open: '', close: '', format: String })}); merging it twice would count its rows twice`,
        );
      }
      holder.set(part, i);
    }
  });
  const first = shards[0].state;
  shards.forEach(({ state }, i) => {
    for (const [field, read] of AGREEMENT) {
      if (show(read(state)) !== show(read(first)))
        throw new CliError(
          `xent merge: ${paths[i]} has ${field} ${show(read(state))} but ${paths[0]} has ${show(read(first))}; merge shards of the same predictions evaluated with the same options`,
        );
    }
  });
}
