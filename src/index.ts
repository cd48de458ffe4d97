// The public API of xent. Everything a user can import is re-exported here and nowhere else.

export type { SoftmaxOptions } from './activations.js';
export { logSigmoid, logSoftmax, logSumExp, sigmoid, softmax } from './activations.js';
export type { XentErrorCode, XentErrorDetails } from './errors.js';
export { XentError } from './errors.js';
export type { BaseOption } from './info.js';
export { binaryEntropy, crossEntropy, entropy, jsDivergence, klDivergence, surprisal } from './info.js';
export type { GradOptions, LossValue, LossWithGrad } from './losses/common.js';
export type { CrossEntropyOptions } from './losses/crossEntropy.js';
export { crossEntropyLoss, crossEntropyLossWithGrad } from './losses/crossEntropy.js';
export type { NllOptions } from './losses/nll.js';
export { nllLoss, nllLossWithGrad } from './losses/nll.js';
export type { Reduction } from './options.js';
export type { DType, FloatArray, NestedArray, NumericArray, TensorLike, TensorView } from './tensor.js';
export { Tensor } from './tensor.js';
export type { AccuracyResult } from './metrics/accuracyMeter.js';
export { AccuracyMeter } from './metrics/accuracyMeter.js';
export type { ClassificationBatch } from './metrics/batch.js';
export type { CalibrationOptions, CalibrationResult, ReliabilityBin } from './metrics/calibrationMeter.js';
export { CalibrationMeter } from './metrics/calibrationMeter.js';
export type { ClassificationMeterOptions, ClassificationResult } from './metrics/classificationMeter.js';
export { ClassificationMeter } from './metrics/classificationMeter.js';
export type { ClassLogLoss, LogLossOptions, LogLossResult } from './metrics/logLossMeter.js';
export { LogLossMeter } from './metrics/logLossMeter.js';
export type { MeterOptions, MeterState } from './metrics/meter.js';
