import {
  checkProbability,
  isNormalized,
  normalizationTolerance,
  notNormalizedError,
  PROBABILITY_FIX,
} from '../checks/probability.js';
import { checkClassIndices, checkNoNaN } from '../checks/values.js';
import { formatValue, XentError } from '../errors.js';
import { type LabelsLike, toIndexTensor } from '../labels.js';
import {
  type ChoiceSpec,
  IGNORE_INDEX,
  LABEL_SMOOTHING,
  LOSS_EPS,
  logBaseDivisor,
  type NumberSpec,
  type Reduction,
  readChoice,
  readNumber,
  TEMPERATURE,
} from '../options.js';
import {
  allocate,
  type FloatArray,
  formatIndex,
  formatShape,
  shapesEqual,
  sizeOf,
  Tensor,
  type TensorLike,
  toTensor,
} from '../tensor.js';
import { resolveClassWeight, resolveReduction } from './common.js';

/**
 * What the class-axis losses (cross-entropy, NLL) read from their input: raw logits, probabilities
 * (log taken, optionally clipped to [eps, 1 − eps]), or log-probabilities used as they are.
 */
export type InputKind = 'logits' | 'probabilities' | 'logProbabilities';

/** What a class-axis loss returns from either path: the loss, and the gradient when asked. */
export interface ClassLossResult {
  loss: number | Tensor;
  grad: Tensor | undefined;
}

/** A class-axis loss problem, read and checked once: `(N, C, d1…dk)` as N·d lanes of C classes. */
export interface ClassProblem {
  op: string;
  input: Tensor;
  kind: InputKind;
  classes: number;
  /** Elements per sample after the class axis (d1·…·dk); the stride between classes in a lane. */
  inner: number;
  /** Number of lanes: N·d1·…·dk, one loss element each. */
  lanes: number;
  lossShape: readonly number[];
  /** 1 / T: the input above is already logits / T; the gradient with respect to the logits takes this factor. */
  inverseTemperature: number;
  target: IndexTarget | ProbabilityTarget;
  weight: FloatArray | undefined;
  sampleWeight: FloatArray | undefined;
  labelSmoothing: number;
  eps: number;
  /** ln(base): every loss element is divided by it. */
  logBase: number;
  reduction: Reduction;
}

export interface IndexTarget {
  kind: 'index';
  data: ArrayLike<number>;
  ignoreIndex: number;
}

export interface ProbabilityTarget {
  kind: 'probability';
  data: FloatArray;
}

export interface ClassProblemOptions {
  from?: 'logits' | 'probabilities';
  weight?: TensorLike;
  ignoreIndex?: number;
  labelSmoothing?: number;
  reduction?: Reduction;
  base?: number;
  sampleWeight?: TensorLike;
  eps?: number;
  temperature?: number;
}

/** Offset of lane `lane`'s class 0 in the input: sample n = lane / inner, position i = lane % inner. */
const FROM: ChoiceSpec<'logits' | 'probabilities'> = {
  option: 'from',
  allowed: ['logits', 'probabilities'],
  default: 'logits',
};

export function laneOffset(problem: ClassProblem, lane: number): number {
  const { inner, classes } = problem;
  const sample = Math.floor(lane / inner);
  return sample * classes * inner + (lane - sample * inner);
}

export function readClassProblem(
  input: TensorLike,
  target: LabelsLike,
  options: ClassProblemOptions,
  op: string,
  kind?: InputKind,
): ClassProblem {
  const tensor = toTensor(input, { op, argument: 'input' });
  if (tensor.rank === 0 || tensor.shape[tensor.rank === 1 ? 0 : 1] === 0) {
    throw new XentError(
      'INVALID_SHAPE',
      `input has shape ${formatShape(tensor.shape)}; pass (C) for one sample or (N, C, d1, …) with at least one class`,
      { op, argument: 'input', actual: tensor.shape },
    );
  }
  const single = tensor.rank === 1;
  const classes = single ? tensor.shape[0] : tensor.shape[1];
  const lossShape = single ? [] : [tensor.shape[0], ...tensor.shape.slice(2)];
  const inner = single ? 1 : sizeOf(tensor.shape.slice(2));
  const resolvedKind = kind ?? readChoice(options.from, FROM, op);
  const labelSmoothing = readNumber(options.labelSmoothing, LABEL_SMOOTHING, op);
  const temperature = readKindOption(options.temperature, TEMPERATURE, resolvedKind, 'logits', op);
  const problem: ClassProblem = {
    op,
    input: divideByTemperature(tensor, temperature),
    inverseTemperature: 1 / temperature,
    kind: resolvedKind,
    classes,
    inner,
    lanes: sizeOf(lossShape),
    lossShape,
    target: readTarget(target, tensor, lossShape, classes, options, op),
    weight: resolveClassWeight(options.weight, classes, op),
    sampleWeight: readSampleWeight(options.sampleWeight, lossShape, op),
    labelSmoothing,
    eps: readKindOption(options.eps, LOSS_EPS, resolvedKind, 'probabilities', op),
    logBase: logBaseDivisor(options.base, op),
    reduction: resolveReduction(options.reduction, op),
  };
  if (resolvedKind === 'probabilities') checkDistributions(problem, tensor.data, 'input', true);
  if (problem.target.kind === 'probability')
    checkDistributions(problem, problem.target.data, 'target', false);
  return problem;
}

function readTarget(
  target: LabelsLike,
  input: Tensor,
  lossShape: readonly number[],
  classes: number,
  options: ClassProblemOptions,
  op: string,
): IndexTarget | ProbabilityTarget {
  const view = toIndexTensor(target, { op, argument: 'target' });
  if (shapesEqual(view.shape, input.shape)) {
    // Same shape as the input: class probabilities (PyTorch's rule). Read as floats.
    return { kind: 'probability', data: toTensor(target as TensorLike, { op, argument: 'target' }).data };
  }
  if (!shapesEqual(view.shape, lossShape) && !(lossShape.length === 0 && view.data.length === 1)) {
    throw new XentError(
      'SHAPE_MISMATCH',
      `target has shape ${formatShape(view.shape)} but input has shape ${formatShape(input.shape)}; pass class indices of shape ${formatShape(lossShape)} or probabilities of shape ${formatShape(input.shape)}`,
      { op, argument: 'target', expected: lossShape, actual: view.shape },
    );
  }
  const ignoreIndex = readNumber(options.ignoreIndex, IGNORE_INDEX, op);
  const hint = `, or ignoreIndex (${ignoreIndex}) to skip it`;
  checkClassIndices(view.data, { op, argument: 'target', shape: view.shape }, { classes, ignoreIndex, hint });
  return { kind: 'index', data: view.data, ignoreIndex };
}

function readSampleWeight(
  sampleWeight: TensorLike | undefined,
  lossShape: readonly number[],
  op: string,
): FloatArray | undefined {
  if (sampleWeight === undefined) return undefined;
  const tensor = toTensor(sampleWeight, { op, argument: 'sampleWeight' });
  if (!shapesEqual(tensor.shape, lossShape) && !(lossShape.length === 0 && tensor.size === 1)) {
    throw new XentError(
      'SHAPE_MISMATCH',
      `sampleWeight has shape ${formatShape(tensor.shape)}; pass one weight per loss element, shape ${formatShape(lossShape)}`,
      { op, argument: 'sampleWeight', expected: lossShape, actual: tensor.shape },
    );
  }
  checkNoNaN(tensor.data, { op, argument: 'sampleWeight', shape: tensor.shape });
  for (let i = 0; i < tensor.size; i++) {
    if (!(tensor.data[i] >= 0 && tensor.data[i] < Infinity)) {
      throw new XentError(
        'INVALID_VALUE',
        `sampleWeight${formatIndex(i, tensor.shape)} = ${formatValue(tensor.data[i])}; sample weights must be finite and non-negative`,
        { op, argument: 'sampleWeight', index: i, value: tensor.data[i] },
      );
    }
  }
  return tensor.data;
}

/** An option that applies to one input kind only: its default elsewhere, an error if given there. */
function readKindOption(
  value: unknown,
  spec: NumberSpec,
  kind: InputKind,
  only: InputKind,
  op: string,
): number {
  if (value === undefined || kind === only) return readNumber(value, spec, op);
  const what = only === 'logits' ? 'divides logits' : 'clips probabilities';
  const from = only === 'logits' ? "from: 'logits'" : "from: 'probabilities'";
  throw new XentError('INVALID_OPTION', `${spec.option} ${what}; it applies only with ${from}`, {
    op,
    argument: spec.option,
    value,
  });
}

/** The logits divided by the temperature (xent's extension: F.cross_entropy(logits / T, …)). */
function divideByTemperature(tensor: Tensor, temperature: number): Tensor {
  if (temperature === 1) return tensor;
  const scaled = allocate(tensor.dtype, tensor.size);
  for (let i = 0; i < scaled.length; i++) scaled[i] = tensor.data[i] / temperature;
  return new Tensor(scaled, tensor.shape);
}

/**
 * Checks each lane of `data` (laid out like the input) as a distribution: entries in [0, 1] and
 * summing to 1. With `allowNaN`, NaN entries skip the check so they propagate to the loss.
 */
function checkDistributions(
  problem: ClassProblem,
  data: FloatArray,
  argument: string,
  allowNaN: boolean,
): void {
  const { classes, inner, op, input } = problem;
  const tolerance = normalizationTolerance(input.dtype, classes);
  const context = { op, argument, shape: input.shape, fix: PROBABILITY_FIX };
  for (let lane = 0; lane < problem.lanes; lane++) {
    const base = laneOffset(problem, lane);
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const at = base + c * inner;
      const value = data[at];
      if (allowNaN && Number.isNaN(value)) {
        sum = Number.NaN;
        continue;
      }
      sum += checkProbability(value, at, context);
    }
    if (isNormalized(sum, tolerance)) continue;
    throw notNormalizedError(sum, tolerance, {
      where: `the ${argument} row starting at ${argument}${formatIndex(base, input.shape)}`,
      index: base,
      op,
      argument,
      fix: 'normalise each row (softmax for logits)',
    });
  }
}
