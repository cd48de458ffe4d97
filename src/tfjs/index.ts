// xent/tfjs: TF.js losses computed by xent's kernels, with their gradients. Needs
// @tensorflow/tfjs-core (an optional peer dependency of xent); the core entry `xent` never loads it.

export type {
  LossTensor,
  SigmoidCrossEntropyOptions,
  SoftmaxCrossEntropyOptions,
  SparseSoftmaxCrossEntropyOptions,
  TensorOrLike,
} from './losses.js';
export { sigmoidCrossEntropy, softmaxCrossEntropy, sparseSoftmaxCrossEntropy } from './losses.js';
