// The reference path of the class-axis losses (cross-entropy, NLL): plain TypeScript, correct for
// every input the problem allows; src/fast/classLoss.ts takes the float32 cases the kernels cover.
import { allMaskedError, laneStatistics } from '../math/logSumExp.js';
import { type FloatArray, Tensor } from '../tensor.js';
import type { ClassLossResult, ClassProblem } from './classProblem.js';
import { laneOffset } from './classProblem.js';
import { classGradientScale, meanDenominator, reduceClassLoss } from './classReduction.js';
import { type GradientRequest, gradientBuffer } from './common.js';
import { ALL_MASKED, type IndexLogitsContext, indexLogitsLane } from './indexLogitsLane.js';

/**
 * The loss of one lane as PyTorch defines it, written as one weighted sum over classes:
 *
 *   loss = −Σ_c k_c · log p_c,   k_c = w_c · t'_c
 *
 * where t' is the target after label smoothing ε: t'_c = (1 − ε)·t_c + ε/C, and t is the one-hot
 * of the class index or the given probabilities. For index targets this is exactly F.cross_entropy's
 * (1 − ε)·nll + (ε/C)·smooth, folded into one pass. Terms with t'_c = 0 are skipped, so a masked
 * (−Infinity) class the target puts no mass on costs nothing (0·log 0 = 0).
 *
 * The gradient with respect to logits follows from ∂(−log p_c)/∂x_j = p_j − [j = c]:
 *
 *   ∂loss/∂x_j = p_j · Σ_c k_c − k_j
 *
 * which is softmax(x) − target for an unweighted, unsmoothed one-hot target.
 */
interface Smoothing {
  /** 1 − ε */
  keep: number;
  /** ε/C */
  spread: number;
}

/** k_c = w_c·t′_c for class c of a lane, or NaN where t′_c = 0 (the term is skipped). */
function coefficient(
  problem: ClassProblem,
  smoothing: Smoothing,
  label: number,
  base: number,
  c: number,
): number {
  const { target, weight } = problem;
  const smoothed =
    target.kind === 'index'
      ? c === label
        ? smoothing.keep + smoothing.spread
        : smoothing.spread
      : smoothing.keep * target.data[base + c * problem.inner] + smoothing.spread;
  if (smoothed === 0) return Number.NaN;
  return weight === undefined ? smoothed : weight[c] * smoothed;
}

function isIgnored(problem: ClassProblem, lane: number): boolean {
  return problem.target.kind === 'index' && problem.target.data[lane] === problem.target.ignoreIndex;
}

/** How a lane's logits become probabilities: p_c = exp(x_c − max) / sumExp. */
interface Normalizer {
  max: number;
  sumExp: number;
  logSum: number;
}

const UNUSED_NORMALIZER: Normalizer = { max: 0, sumExp: 1, logSum: 0 };

/** log p_c of one class, by input kind; `normalizer` is used for logits only. */
function logProbability(problem: ClassProblem, value: number, normalizer: Normalizer): number {
  if (problem.kind === 'logits') return value - normalizer.max - normalizer.logSum;
  if (problem.kind === 'logProbabilities') return value;
  const { eps } = problem;
  return Math.log(eps > 0 ? Math.min(Math.max(value, eps), 1 - eps) : value);
}

/** ∂loss/∂input_j for one class of one lane, before the upstream scale; k is NaN for skipped terms. */
function laneGradient(
  problem: ClassProblem,
  value: number,
  k: number,
  total: number,
  normalizer: Normalizer,
): number {
  const kj = Number.isNaN(k) ? 0 : k;
  if (problem.kind === 'logits') return (Math.exp(value - normalizer.max) / normalizer.sumExp) * total - kj;
  if (problem.kind === 'logProbabilities') return 0 - kj; // +0, not −0, off the target
  const { eps } = problem;
  // clamp passes the gradient only inside [eps, 1 − eps] (inclusive, as torch.clamp does).
  if (kj === 0 || (eps > 0 && (value < eps || value > 1 - eps))) return 0;
  return -kj / value;
}

/**
 * Any lane the index-logits kernel does not cover (probability targets, probability or
 * log-probability inputs): the loss, then the gradient, each class read in turn.
 */
function genericLane(
  problem: ClassProblem,
  smoothing: Smoothing,
  base: number,
  label: number,
  g: number,
  grad: FloatArray | undefined,
): number {
  const { input, classes, inner, op } = problem;
  const x = input.data;
  let normalizer = UNUSED_NORMALIZER;
  if (problem.kind === 'logits') {
    const { max, sumExp, logSumExp } = laneStatistics(x, base, classes, inner, 1);
    if (logSumExp === -Infinity) throw allMaskedError(op, 'input', base, input.shape);
    normalizer = { max, sumExp, logSum: Math.log(sumExp) };
  }
  let loss = 0;
  let total = 0;
  for (let c = 0; c < classes; c++) {
    const k = coefficient(problem, smoothing, label, base, c);
    if (Number.isNaN(k)) continue;
    total += k;
    loss -= k * logProbability(problem, x[base + c * inner], normalizer);
  }
  if (grad !== undefined) {
    for (let c = 0; c < classes; c++) {
      const at = base + c * inner;
      const k = coefficient(problem, smoothing, label, base, c);
      grad[at] = g * laneGradient(problem, x[at], k, total, normalizer);
    }
  }
  return loss;
}

function indexLogitsContext(
  problem: ClassProblem,
  smoothing: Smoothing,
  grad: FloatArray | undefined,
): IndexLogitsContext {
  const { weight, classes } = problem;
  let weightTotal = classes;
  if (weight !== undefined) {
    weightTotal = 0;
    for (let c = 0; c < classes; c++) weightTotal += weight[c];
  }
  return { x: problem.input.data, classes, stride: problem.inner, weight, weightTotal, grad, ...smoothing };
}

/**
 * Evaluates a class-axis loss, and its gradient when asked. Every lane is read fully (loss) before
 * its gradient is written, so `out` may be the input's own buffer.
 */
export function classLossReference(problem: ClassProblem, gradient?: GradientRequest): ClassLossResult {
  const { input, classes, inner, lanes, sampleWeight, op } = problem;
  const denominator = problem.reduction === 'mean' ? meanDenominator(problem) : 1;
  const grad = gradient && gradientBuffer(gradient, input);
  const scale = classGradientScale(problem, denominator);
  const smoothing = { keep: 1 - problem.labelSmoothing, spread: problem.labelSmoothing / classes };
  const kernel =
    problem.kind === 'logits' && problem.target.kind === 'index'
      ? indexLogitsContext(problem, smoothing, grad)
      : undefined;
  const labels = problem.target.kind === 'index' ? problem.target.data : undefined;
  const laneLoss = new Float64Array(lanes);
  for (let lane = 0; lane < lanes; lane++) {
    const base = laneOffset(problem, lane);
    if (isIgnored(problem, lane)) {
      if (grad) for (let c = 0; c < classes; c++) grad[base + c * inner] = 0;
      continue;
    }
    const label = labels === undefined ? -1 : labels[lane];
    const g = gradient === undefined ? 0 : gradient.upstream(lane) * (sampleWeight?.[lane] ?? 1) * scale;
    const loss = kernel
      ? indexLogitsLane(kernel, base, label, g)
      : genericLane(problem, smoothing, base, label, g, grad);
    if (loss === ALL_MASKED) throw allMaskedError(op, 'input', base, input.shape);
    laneLoss[lane] = loss;
  }
  return {
    loss: reduceClassLoss(problem, laneLoss, denominator),
    grad: grad && new Tensor(grad, input.shape),
  };
}
