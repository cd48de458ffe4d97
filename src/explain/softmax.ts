import { logSoftmax, logSumExp, softmax } from '../activations.js';
import { checkClassIndices } from '../checks/values.js';
import { XentError } from '../errors.js';
import { crossEntropyLoss } from '../losses/crossEntropy.js';
import { checkOptionKeys } from '../optionKeys.js';
import { smoothLabels } from '../targets.js';
import { type TensorLike, toTensor } from '../tensor.js';
import {
  type Derivation,
  type DerivationStep,
  EXPLAIN_KEYS,
  type ExplainOptions,
  latexLog,
  latexNumber,
  latexOperand,
  latexTerms,
  latexVector,
  unitOf,
} from './derivation.js';

function logitsOf(x: TensorLike, op: string): Float64Array {
  const tensor = toTensor(x, { op, argument: 'logits' });
  if (tensor.rank !== 1 || tensor.size === 0) {
    throw new XentError('INVALID_SHAPE', `logits must be one non-empty vector; got shape (${tensor.shape})`, {
      op,
      argument: 'logits',
      actual: tensor.shape,
    });
  }
  return Float64Array.from(tensor.data);
}

/** The steps from logits to the log-sum-exp normalizer, shared by softmax and the loss. */
function normalizerSteps(z: Float64Array, digits: number): { steps: DerivationStep[]; lse: number } {
  const n = (x: number) => latexNumber(x, digits);
  // A loop, not Math.max(...z): spreading 200k logits into arguments overflows the call stack.
  const m = z.reduce((max, zi) => Math.max(max, zi), Number.NEGATIVE_INFINITY);
  const shifted = Array.from(z, (zi) => zi - m);
  const exponentials = shifted.map(Math.exp);
  const lse = logSumExp(z);
  const sum = latexTerms(z.length, (i) => n(exponentials[i]), ' + ');
  return {
    lse,
    steps: [
      {
        label: 'Subtract the largest logit so no exponential can overflow',
        formula: 'z_i - m,\\quad m = \\max_j z_j',
        substituted: `m = ${n(m)},\\quad z - m = ${latexVector(shifted, digits)}`,
        value: shifted,
      },
      {
        label: 'Exponentiate the shifted logits',
        formula: 'e^{z_i - m}',
        substituted: latexVector(exponentials, digits),
        value: exponentials,
      },
      {
        label: 'The log of the normalizer, log-sum-exp, is m plus the log of their sum',
        formula: '\\operatorname{LSE}(z) = m + \\ln \\sum_j e^{z_j - m}',
        substituted: `\\operatorname{LSE}(z) = ${n(m)} + \\ln(${sum}) = ${n(lse)}`,
        value: lse,
      },
    ],
  };
}

/**
 * softmax(z)_i = e^{z_i} / Σ_j e^{z_j}, computed the stable way: shift by the max, exponentiate,
 * normalize by log-sum-exp.
 *
 * @example explainSoftmax([0, 0]).result // [0.5, 0.5]
 */
export function explainSoftmax(logits: TensorLike, options: Omit<ExplainOptions, 'base'> = {}): Derivation {
  checkOptionKeys(options, ['digits'], 'explainSoftmax');
  const { digits = 6 } = options;
  const z = logitsOf(logits, 'explainSoftmax');
  const { steps, lse } = normalizerSteps(z, digits);
  const probabilities = Array.from(softmax(z).data);
  steps.push({
    label: 'Each probability is e to the logit minus log-sum-exp',
    formula: '\\operatorname{softmax}(z)_i = e^{z_i - \\operatorname{LSE}(z)}',
    substituted: `\\operatorname{softmax}(z) = ${latexVector(probabilities, digits)}`,
    value: probabilities,
  });
  return {
    title: `Softmax of z = ${latexVector(z, digits)} (LSE ${latexNumber(lse, digits)})`,
    steps,
    result: probabilities,
  };
}

export interface ExplainLossOptions extends ExplainOptions {
  /** Label smoothing ε in [0, 1]: the target becomes (1 − ε)·one-hot + ε/C. Default 0. */
  labelSmoothing?: number;
}

/**
 * The cross-entropy loss of one sample's logits against a class label (PyTorch's
 * `F.cross_entropy`), with optional label smoothing, from log-sum-exp to the final number.
 *
 * @example explainLoss([0, 0], 1, { base: 2 }).result // 1
 */
export function explainLoss(logits: TensorLike, label: number, options: ExplainLossOptions = {}): Derivation {
  const op = 'explainLoss';
  checkOptionKeys(options, [...EXPLAIN_KEYS, 'labelSmoothing'], op);
  const { base, digits = 6, labelSmoothing = 0 } = options;
  const z = logitsOf(logits, op);
  const classes = z.length;
  checkClassIndices([label], { op, argument: 'label', shape: undefined }, { classes });
  const result = crossEntropyLoss(
    z,
    label,
    base === undefined ? { labelSmoothing } : { labelSmoothing, base },
  );
  const nats = crossEntropyLoss(z, label, { labelSmoothing });
  const n = (x: number) => latexNumber(x, digits);
  const { steps } = normalizerSteps(z, digits);
  const logProbabilities = Array.from(logSoftmax(z).data);
  steps.push({
    label: 'Log-probabilities: each logit minus log-sum-exp (never the log of a softmax)',
    formula: '\\ln q_i = z_i - \\operatorname{LSE}(z)',
    substituted: `\\ln q = ${latexVector(logProbabilities, digits)}`,
    value: logProbabilities,
  });
  lossSteps(steps, logProbabilities, label, labelSmoothing, nats, digits);
  if (base !== undefined && base !== Math.E) {
    steps.push({
      label: `Convert from nats to ${unitOf(base)}`,
      formula: `\\ell_{${unitOf(base)}} = \\frac{\\ell}{\\ln ${n(base)}}`,
      substituted: `\\frac{${n(nats)}}{\\ln ${n(base)}} = ${n(result)}`,
      value: result,
    });
  }
  const smoothing = labelSmoothing > 0 ? `, label smoothing ${n(labelSmoothing)}` : '';
  return {
    title: `Cross-entropy loss of logits ${latexVector(z, digits)} for label ${label}${smoothing} (${latexLog(base)})`,
    steps,
    result,
    unit: unitOf(base),
  };
}

/** Appends the target and loss steps; the loss itself (`nats`) is the library's crossEntropyLoss. */
function lossSteps(
  steps: DerivationStep[],
  logProbabilities: number[],
  label: number,
  epsilon: number,
  nats: number,
  digits: number,
): void {
  const n = (x: number) => latexNumber(x, digits);
  if (epsilon === 0) {
    steps.push({
      label: 'The loss is the surprisal of the true class',
      formula: '\\ell = -\\ln q_k',
      substituted: `\\ell = -(${n(logProbabilities[label])}) = ${n(nats)}`,
      value: nats,
    });
    return;
  }
  const classes = logProbabilities.length;
  const target = Array.from(smoothLabels([label], epsilon, { numClasses: classes }).data);
  steps.push({
    label: 'Label smoothing moves ε of the target onto the uniform distribution',
    formula: 'p_i = (1 - \\varepsilon)\\,[i = k] + \\frac{\\varepsilon}{C}',
    substituted: `p = ${latexVector(target, digits)}`,
    value: target,
  });
  const terms = target.map((pi, i) => -pi * logProbabilities[i]);
  steps.push({
    label: 'The loss is the cross-entropy of the smoothed target and the prediction',
    formula: '\\ell = -\\sum_i p_i \\ln q_i',
    substituted: `\\ell = ${latexTerms(classes, (i) => latexOperand(terms[i], digits), ' + ')} = ${n(nats)}`,
    value: nats,
  });
}
