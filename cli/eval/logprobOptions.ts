import type { Parsed } from '../args.js';
import { CliError } from '../errors.js';
import type { LogprobRun } from './logprobReport.js';
import { fileReading } from './tableOptions.js';

/** The eval options that make no sense for log-probabilities: refused rather than ignored. */
const CLASSIFIER_OPTIONS = [
  'label',
  'classes',
  'columns',
  'eps',
  'renormalize',
  'sample-weight',
  'base',
  'save-state',
  'skip-bad-lines',
  'plot',
  'top-k',
  'exact-rows',
  'bootstrap',
  'seed',
  'engine',
];

/** How `xent eval --from logprob` reads its file, from eval's parsed options. */
export function logprobRun(file: string, values: Parsed['values']): LogprobRun {
  const misplaced = CLASSIFIER_OPTIONS.find((name) => values[name] !== undefined);
  if (misplaced !== undefined)
    throw new CliError(
      `xent eval: --${misplaced} is for a classifier's predictions; with --from logprob use --logprob, --group and --bytes`,
    );
  return {
    ...fileReading('eval', file, values),
    file,
    logprob: values.logprob as string | undefined,
    group: values.group as string | undefined,
    bytes: values.bytes as string | undefined,
    json: values.json === true,
  };
}
