import { crossEntropy, entropy, klDivergence, surprisal } from '../info.js';
import { checkOptionKeys } from '../optionKeys.js';
import { type TensorLike, toTensor } from '../tensor.js';
import {
  type Derivation,
  EXPLAIN_KEYS,
  type ExplainOptions,
  latexLog,
  latexNumber,
  latexOperand,
  latexTerms,
  latexVector,
  unitOf,
} from './derivation.js';

function baseOption(base: number | undefined): { base?: number } {
  return base === undefined ? {} : { base };
}

function vectorOf(x: TensorLike, op: string, argument: string): Float64Array {
  return Float64Array.from(toTensor(x, { op, argument }).data);
}

/** p · (−log_b q) with the convention 0 · log 0 = 0; the log is the library's surprisal. */
function weightedSurprisal(p: number, q: number, base: number | undefined): number {
  return p === 0 ? 0 : p * surprisal(q, baseOption(base));
}

/**
 * Surprisal I(p) = −log_b p, step by step.
 *
 * @example explainSurprisal(0.25, { base: 2 }).result // 2
 */
export function explainSurprisal(p: number, options: ExplainOptions = {}): Derivation {
  checkOptionKeys(options, EXPLAIN_KEYS, 'explainSurprisal');
  const { base, digits = 6 } = options;
  const log = latexLog(base);
  const value = surprisal(p, baseOption(base));
  const shown = latexNumber(p, digits);
  return {
    title: `Surprisal of p = ${shown}`,
    steps: [
      {
        label: 'Surprisal is the negative log of the probability',
        formula: `I(p) = -${log} p`,
        substituted: `I(${shown}) = -${log} ${shown}`,
        value,
      },
    ],
    result: value,
    unit: unitOf(base),
  };
}

/**
 * Entropy H(p) = −Σ p_i log_b p_i, term by term.
 *
 * @example explainEntropy([0.5, 0.25, 0.25], { base: 2 }).result // 1.5
 */
export function explainEntropy(p: TensorLike, options: ExplainOptions = {}): Derivation {
  const op = 'explainEntropy';
  checkOptionKeys(options, EXPLAIN_KEYS, op);
  const { base, digits = 6 } = options;
  const values = vectorOf(p, op, 'p');
  const result = entropy(values, baseOption(base)) as number;
  const log = latexLog(base);
  const terms = Array.from(values, (pi) => weightedSurprisal(pi, pi, base));
  const n = (x: number) => latexNumber(x, digits);
  return {
    title: `Entropy of p = ${latexVector(values, digits)}`,
    steps: [
      {
        label: 'Each outcome contributes its probability times its surprisal (0 · log 0 = 0)',
        formula: `-p_i ${log} p_i`,
        substituted: latexTerms(values.length, (i) => `-${n(values[i])} ${log} ${n(values[i])}`, ',\\ '),
        value: terms,
      },
      {
        label: 'Entropy is the sum of the contributions',
        formula: `H(p) = -\\sum_i p_i ${log} p_i`,
        substituted: `H(p) = ${latexTerms(terms.length, (i) => latexOperand(terms[i], digits), ' + ')}`,
        value: result,
      },
    ],
    result,
    unit: unitOf(base),
  };
}

/**
 * Cross-entropy H(p, q) = −Σ p_i log_b q_i (p true, q predicted), with its decomposition
 * H(p) + KL(p ‖ q).
 *
 * @example explainCrossEntropy([1, 0], [0.5, 0.5], { base: 2 }).result // 1
 */
export function explainCrossEntropy(p: TensorLike, q: TensorLike, options: ExplainOptions = {}): Derivation {
  checkOptionKeys(options, EXPLAIN_KEYS, 'explainCrossEntropy');
  const { base, digits = 6 } = options;
  const op = 'explainCrossEntropy';
  const [pv, qv] = [vectorOf(p, op, 'p'), vectorOf(q, op, 'q')];
  const result = crossEntropy(pv, qv, baseOption(base)) as number;
  const h = entropy(pv, baseOption(base)) as number;
  const kl = klDivergence(pv, qv, baseOption(base)) as number;
  const log = latexLog(base);
  const n = (x: number) => latexNumber(x, digits);
  const terms = Array.from(pv, (pi, i) => weightedSurprisal(pi, qv[i], base));
  return {
    title: `Cross-entropy of q = ${latexVector(qv, digits)} against p = ${latexVector(pv, digits)}`,
    steps: [
      {
        label: 'Each outcome contributes its true probability times the surprisal of the prediction',
        formula: `-p_i ${log} q_i`,
        substituted: latexTerms(pv.length, (i) => `-${n(pv[i])} ${log} ${n(qv[i])}`, ',\\ '),
        value: terms,
      },
      {
        label: 'Cross-entropy is the sum of the contributions',
        formula: `H(p, q) = -\\sum_i p_i ${log} q_i`,
        substituted: `H(p, q) = ${latexTerms(terms.length, (i) => latexOperand(terms[i], digits), ' + ')}`,
        value: result,
      },
      {
        label: 'It is the entropy of p plus the KL divergence from p to q',
        formula: 'H(p, q) = H(p) + D_{\\mathrm{KL}}(p \\| q)',
        substituted: `H(p, q) = ${n(h)} + ${latexOperand(kl, digits)}`,
        value: h + kl,
      },
    ],
    result,
    unit: unitOf(base),
  };
}

/**
 * KL divergence D_KL(p ‖ q) = Σ p_i log_b(p_i / q_i), term by term, and as H(p, q) − H(p).
 *
 * @example explainKlDivergence([1, 0], [0.5, 0.5], { base: 2 }).result // 1
 */
export function explainKlDivergence(p: TensorLike, q: TensorLike, options: ExplainOptions = {}): Derivation {
  checkOptionKeys(options, EXPLAIN_KEYS, 'explainKlDivergence');
  const { base, digits = 6 } = options;
  const op = 'explainKlDivergence';
  const [pv, qv] = [vectorOf(p, op, 'p'), vectorOf(q, op, 'q')];
  const result = klDivergence(pv, qv, baseOption(base)) as number;
  const cross = crossEntropy(pv, qv, baseOption(base)) as number;
  const h = entropy(pv, baseOption(base)) as number;
  const log = latexLog(base);
  const n = (x: number) => latexNumber(x, digits);
  // p log(p/q) = p·(−log q) − p·(−log p), both surprisals from the library.
  const terms = Array.from(pv, (pi, i) =>
    pi === 0 ? 0 : weightedSurprisal(pi, qv[i], base) - weightedSurprisal(pi, pi, base),
  );
  return {
    title: `KL divergence from p = ${latexVector(pv, digits)} to q = ${latexVector(qv, digits)}`,
    steps: [
      {
        label: 'Each outcome contributes p_i times the log-ratio of the probabilities (0 when p_i = 0)',
        formula: `p_i ${log} \\frac{p_i}{q_i}`,
        substituted: latexTerms(
          pv.length,
          (i) => `${n(pv[i])} ${log} \\frac{${n(pv[i])}}{${n(qv[i])}}`,
          ',\\ ',
        ),
        value: terms,
      },
      {
        label: 'KL divergence is the sum of the contributions',
        formula: `D_{\\mathrm{KL}}(p \\| q) = \\sum_i p_i ${log} \\frac{p_i}{q_i}`,
        substituted: `D_{\\mathrm{KL}}(p \\| q) = ${latexTerms(terms.length, (i) => latexOperand(terms[i], digits), ' + ')}`,
        value: result,
      },
      {
        label: 'It is the cross-entropy minus the entropy: the extra cost of coding p with q',
        formula: 'D_{\\mathrm{KL}}(p \\| q) = H(p, q) - H(p)',
        substituted: `D_{\\mathrm{KL}}(p \\| q) = ${n(cross)} - ${latexOperand(h, digits)}`,
        value: cross - h,
      },
    ],
    result,
    unit: unitOf(base),
  };
}
