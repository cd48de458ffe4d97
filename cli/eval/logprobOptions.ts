import { optionalNumber, type Parsed } from '../args.js';
import { CliError } from '../errors.js';
import type { LogprobRun } from './logprobReport.js';
import { DEFAULT_MAX_LINE_BYTES, formatOf } from './sources.js';

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
];

/** How `xent eval --from logprob` reads its file, from eval's parsed options. */
export function logprobRun(file: string, values: Parsed['values']): LogprobRun {
  const misplaced = CLASSIFIER_OPTIONS.find((name) => values[name] !== undefined);
  if (misplaced !== undefined)
    throw new CliError(
      `xent eval: --${misplaced} is for a classifier's predictions; with --from logprob use --logprob, --group and --bytes`,
    );
  const maxLineBytes = optionalNumber('eval', values, 'max-line-bytes') ?? DEFAULT_MAX_LINE_BYTES;
  return {
    file,
    logprob: values.logprob as string | undefined,
    group: values.group as string | undefined,
    bytes: values.bytes as string | undefined,
    format: formatOf(file, values.format as string | undefined),
    maxLineBytes,
    json: values.json === true,
  };
}
