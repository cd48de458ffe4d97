// xent's checks name xent's own function and arguments (crossEntropyLossWithGrad's `target`); a
// TF.js user called sparseSoftmaxCrossEntropy with `labels`. The error is re-thrown under the
// adapter's name, with the argument in TF.js's words, keeping the code, index and value.
import { XentError, type XentErrorDetails } from '../index.js';

/** xent's argument names and the adapter's names for the same arguments. */
const TFJS_ARGUMENT: Record<string, string> = { input: 'logits', logits: 'logits', target: 'labels' };

/** `error` as the adapter's op would report it; anything but a XentError passes through. */
export function asAdapterError(error: unknown, op: string): unknown {
  if (!(error instanceof XentError) || error.op === op) return error;
  const argument =
    error.argument === undefined ? undefined : (TFJS_ARGUMENT[error.argument] ?? error.argument);
  const message = error.message.slice(error.op.length + 2);
  const renamed =
    argument !== error.argument ? ` (xent's ${error.op} calls ${argument} its ${error.argument})` : '';
  const details: XentErrorDetails = {
    op,
    value: error.value,
    expected: error.expected,
    actual: error.actual,
  };
  if (argument !== undefined) details.argument = argument;
  if (error.index !== undefined) details.index = error.index;
  return new XentError(error.code, `${message}${renamed}`, details);
}
