import { checkProbabilities } from './checks/probability.js';
import { checkSameShape } from './checks/shape.js';
import { checkClassIndices } from './checks/values.js';
import { formatValue, XentError } from './errors.js';
import { type LabelsLike, toIndexTensor } from './labels.js';
import { TARGET_FIX } from './losses/elementwise.js';
import { checkOptionKeys } from './optionKeys.js';
import {
  type ChoiceSpec,
  MIXUP_LAMBDA,
  NUM_CLASSES,
  readChoice,
  readNumber,
  SMOOTHING_EPSILON,
} from './options.js';
import {
  allocate,
  type DType,
  type FloatArray,
  type NumericArray,
  sizeOf,
  Tensor,
  type TensorLike,
  toTensor,
} from './tensor.js';

export interface DTypeOption {
  /** The element type of the result (default 'float64'). */
  dtype?: DType;
}

export interface OneHotOptions extends DTypeOption {
  /** The number of classes C: the length of the new last axis (an integer ≥ 1). */
  numClasses: number;
}

export interface SmoothLabelsOptions extends DTypeOption {
  /**
   * The number of classes C. Given, `target` is read as class indices and the result has a new
   * last axis of C; absent, `target` is a probability target whose last axis is the classes.
   */
  numClasses?: number;
}

const TARGET_KEYS = ['numClasses', 'dtype'] as const satisfies readonly (keyof OneHotOptions)[];

const DTYPE: ChoiceSpec<DType> = { option: 'dtype', allowed: ['float32', 'float64'], default: 'float64' };

function readLabels(labels: LabelsLike, numClasses: unknown, dtype: unknown, op: string) {
  const classes = readNumber(numClasses, NUM_CLASSES, op);
  const type = readChoice(dtype, DTYPE, op);
  const indices = toIndexTensor(labels, { op, argument: 'labels' });
  const data: NumericArray = indices.data;
  const hint = ' (raise numClasses if there are more classes)';
  checkClassIndices(data, { op, argument: 'labels', shape: indices.shape }, { classes, hint });
  return { data, shape: indices.shape, classes, dtype: type };
}

/** Fills a (…, C) buffer with `off` everywhere and `on` at each label. */
function fillLabels(labels: ReturnType<typeof readLabels>, on: number, off: number): Tensor {
  const { data, classes } = labels;
  const out: FloatArray = allocate(labels.dtype, data.length * classes);
  if (off !== 0) out.fill(off);
  for (let i = 0; i < data.length; i++) out[i * classes + data[i]] = on;
  return new Tensor(out, [...labels.shape, classes]);
}

/**
 * One-hot encoding of class indices: a new last axis of length C with 1 at each label.
 *
 * Method: a zero buffer of labels.size × C with one write per label.
 *
 * Special cases: labels of any shape (a number gives shape (C)); a label that is not an integer
 * in [0, C − 1] (negative, 2.5) throws INDEX_OUT_OF_RANGE, NaN throws INVALID_VALUE; numClasses must be
 * an integer ≥ 1.
 *
 * Equivalents: PyTorch `F.one_hot(labels, num_classes)` (int64 there); Keras
 * `keras.utils.to_categorical`; TF.js `tf.oneHot`.
 *
 * @example oneHot([2, 0], { numClasses: 3 }).toArray() // [[0, 0, 1], [1, 0, 0]]
 */
export function oneHot(labels: LabelsLike, options: OneHotOptions): Tensor {
  checkOptionKeys(options, TARGET_KEYS, 'oneHot');
  return fillLabels(readLabels(labels, options?.numClasses, options?.dtype, 'oneHot'), 1, 0);
}

/**
 * Label smoothing: (1 − ε)·t + ε/C, which moves ε of each target's mass onto the uniform
 * distribution over the C classes (the target crossEntropyLoss builds for `labelSmoothing`).
 *
 * Method: a probability target (last axis = classes) is mixed elementwise and keeps its dtype;
 * class indices (when `numClasses` is given) become rows of ε/C with 1 − ε + ε/C at the label.
 *
 * Special cases: ε = 0 returns the target unchanged (one-hot for indices); ε = 1 gives the
 * uniform 1/C; ε outside [0, 1] throws INVALID_OPTION; a probability target outside [0, 1] or NaN
 * throws INVALID_PROBABILITY (its rows are not required to sum to 1); a 0-d probability target
 * throws INVALID_SHAPE.
 *
 * Equivalents: PyTorch `F.cross_entropy(…, label_smoothing=ε)` (inside the loss); Keras
 * `CategoricalCrossentropy(label_smoothing=ε)`; TF.js `tf.losses.softmaxCrossEntropy(…, labelSmoothing)`.
 *
 * @example smoothLabels([0, 1], 0.1).toArray() // [0.05, 0.95]
 */
export function smoothLabels(target: LabelsLike, epsilon: number, options: SmoothLabelsOptions = {}): Tensor {
  const op = 'smoothLabels';
  checkOptionKeys(options, TARGET_KEYS, op);
  const eps = readNumber(epsilon, SMOOTHING_EPSILON, op);
  if (options.numClasses !== undefined) {
    const labels = readLabels(target, options.numClasses, options.dtype, op);
    const off = eps / labels.classes;
    return fillLabels(labels, 1 - eps + off, off);
  }
  const probs = toTensor(target as TensorLike, { op, argument: 'target' });
  if (probs.rank === 0) {
    throw new XentError(
      'INVALID_SHAPE',
      `target is a single number ${formatValue(probs.data[0])}; pass a probability target with a class axis, or class indices with { numClasses }`,
      { op, argument: 'target', actual: probs.shape },
    );
  }
  checkProbabilities(probs.data, {
    op,
    argument: 'target',
    shape: probs.shape,
    fix: `${TARGET_FIX}, or pass { numClasses }`,
  });
  const off = eps / probs.shape[probs.rank - 1];
  const out = allocate(probs.dtype, probs.size);
  for (let i = 0; i < out.length; i++) out[i] = (1 - eps) * probs.data[i] + off;
  return new Tensor(out, probs.shape);
}

/**
 * Mixup: the convex combination λ·a + (1 − λ)·b of two inputs or two targets of one shape.
 *
 * Method: elementwise, float32 when both arguments are float32, else float64.
 *
 * Special cases: λ = 1 returns a, λ = 0 returns b (as new tensors); λ outside [0, 1] or NaN throws
 * INVALID_OPTION; shapes that differ throw SHAPE_MISMATCH; NaN in a or b propagates.
 *
 * Equivalents: PyTorch `lam * a + (1 - lam) * b` (torchvision `transforms.v2.MixUp`); Keras
 * `keras_cv.layers.MixUp`; TF.js none.
 *
 * @example mixup([1, 0], [0, 1], 0.75).toArray() // [0.75, 0.25]
 */
export function mixup(a: TensorLike, b: TensorLike, lambda: number): Tensor {
  const op = 'mixup';
  const weight = readNumber(lambda, MIXUP_LAMBDA, op);
  const first = toTensor(a, { op, argument: 'a' });
  const second = toTensor(b, { op, argument: 'b' });
  checkSameShape(first, second, { op, names: ['a', 'b'], why: 'they must match element for element' });
  const dtype = first.dtype === 'float32' && second.dtype === 'float32' ? 'float32' : 'float64';
  const out = allocate(dtype, sizeOf(first.shape));
  for (let i = 0; i < out.length; i++) out[i] = weight * first.data[i] + (1 - weight) * second.data[i];
  return new Tensor(out, first.shape);
}
