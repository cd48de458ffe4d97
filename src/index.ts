// The public API of xent. Everything a user can import is re-exported here and nowhere else.

export type { SoftmaxOptions } from './activations.js';
export { logSigmoid, logSoftmax, logSumExp, sigmoid, softmax } from './activations.js';
export type { PlattFit, PlattOptions } from './calibration/platt.js';
export { fitPlatt } from './calibration/platt.js';
export type { TemperatureFit, TemperatureOptions } from './calibration/temperature.js';
export { fitTemperature } from './calibration/temperature.js';
export type { XentErrorCode, XentErrorDetails } from './errors.js';
export { XentError } from './errors.js';
export type { Derivation, DerivationStep, ExplainOptions } from './explain/derivation.js';
export {
  explainCrossEntropy,
  explainEntropy,
  explainKlDivergence,
  explainSurprisal,
} from './explain/information.js';
export { latexToText } from './explain/latexText.js';
export type { RenderOptions } from './explain/render.js';
export { renderLatex, renderMarkdown, renderText } from './explain/render.js';
export type { ExplainLossOptions } from './explain/softmax.js';
export { explainLoss, explainSoftmax } from './explain/softmax.js';
export { binaryEntropy, crossEntropy, entropy, jsDivergence, klDivergence, surprisal } from './info.js';
export { allocateKernelArray, freeKernelArray, isKernelArray } from './kernels/buffer.js';
export { initKernels } from './kernels/init.js';
export { kernelThreads, setKernelThreads } from './kernels/pool.js';
export type { LabelsLike } from './labels.js';
export type {
  BinaryCrossEntropyOptions,
  BinaryCrossEntropyWithLogitsOptions,
} from './losses/binary.js';
export {
  binaryCrossEntropy,
  binaryCrossEntropyWithGrad,
  binaryCrossEntropyWithLogits,
  binaryCrossEntropyWithLogitsWithGrad,
} from './losses/binary.js';
export type { GradOptions, LossValue, LossWithGrad } from './losses/common.js';
export type { CrossEntropyOptions } from './losses/crossEntropy.js';
export { crossEntropyLoss, crossEntropyLossWithGrad } from './losses/crossEntropy.js';
export type { SigmoidFocalLossOptions } from './losses/focal.js';
export { sigmoidFocalLoss, sigmoidFocalLossWithGrad } from './losses/focal.js';
export type { KlDivLossOptions, KlDivReduction } from './losses/klDiv.js';
export { klDivLoss, klDivLossWithGrad } from './losses/klDiv.js';
export type { LabelReduction, MultiLabelCrossEntropyOptions } from './losses/multiLabel.js';
export { multiLabelCrossEntropy, multiLabelCrossEntropyWithGrad } from './losses/multiLabel.js';
export type { NllOptions } from './losses/nll.js';
export { nllLoss, nllLossWithGrad } from './losses/nll.js';
export type { PoissonNllLossOptions } from './losses/poisson.js';
export { poissonNllLoss, poissonNllLossWithGrad } from './losses/poisson.js';
export type { ZLossOptions } from './losses/zLoss.js';
export { zLoss, zLossWithGrad } from './losses/zLoss.js';
export type { AccuracyResult } from './metrics/accuracyMeter.js';
export { AccuracyMeter } from './metrics/accuracyMeter.js';
export type { ClassificationBatch } from './metrics/batch.js';
export type { BootstrapIntervals, BootstrapOptions } from './metrics/bootstrap.js';
export type { BrierResult, BrierScoreOptions } from './metrics/brierMeter.js';
export { BrierMeter, brierScore } from './metrics/brierMeter.js';
export type { CalibrationOptions, CalibrationResult, ReliabilityBin } from './metrics/calibrationMeter.js';
export { CalibrationMeter } from './metrics/calibrationMeter.js';
export type { ClassificationMeterOptions, ClassificationResult } from './metrics/classificationMeter.js';
export { ClassificationMeter } from './metrics/classificationMeter.js';
export type { ClasswiseCalibrationResult } from './metrics/classwiseCalibrationMeter.js';
export { ClasswiseCalibrationMeter } from './metrics/classwiseCalibrationMeter.js';
export type { ConfusionMatrixResult } from './metrics/confusionMatrixMeter.js';
export { ConfusionMatrixMeter } from './metrics/confusionMatrixMeter.js';
export type { EqualMassBin, EqualMassCalibrationResult } from './metrics/equalMassCalibrationMeter.js';
export { EqualMassCalibrationMeter } from './metrics/equalMassCalibrationMeter.js';
export type { ConfidenceInterval } from './metrics/intervals.js';
export type { ClassLogLoss, LogLossOptions, LogLossResult } from './metrics/logLossMeter.js';
export { LogLossMeter } from './metrics/logLossMeter.js';
export type { MeterOptions, MeterState } from './metrics/meter.js';
export type {
  AveragedFigure,
  ClassRanking,
  RankingOptions,
  RankingResult,
} from './metrics/rankingMeter.js';
export { RankingMeter } from './metrics/rankingMeter.js';
export type { TopKAccuracyOptions, TopKAccuracyResult } from './metrics/topKAccuracyMeter.js';
export { TopKAccuracyMeter } from './metrics/topKAccuracyMeter.js';
export type { BaseOption, Reduction } from './options.js';
export type { OneHotOptions, SmoothLabelsOptions } from './targets.js';
export { mixup, oneHot, smoothLabels } from './targets.js';
export type {
  DimsTensorView,
  DType,
  FloatArray,
  Int64Array,
  NestedArray,
  NumericArray,
  TensorLike,
  TensorView,
} from './tensor.js';
export { Tensor } from './tensor.js';
