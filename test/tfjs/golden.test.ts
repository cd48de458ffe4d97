// The golden fixtures (PyTorch float64 references, test/fixtures) through the adapter, on the cpu
// and wasm backends: every float32 case of F.cross_entropy from logits [N, C] and of
// F.binary_cross_entropy_with_logits whose options the adapter takes. The loss comes from the
// forward, the gradient from tf.valueAndGrad, with the fixture's upstream gradient as dy.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Reduction } from '../../src/index.js';
import { sigmoidCrossEntropy, softmaxCrossEntropy, sparseSoftmaxCrossEntropy } from '../../src/tfjs/index.js';
import {
  buildArgument,
  compareResult,
  flatValues,
  type GoldenCase,
  loadFixture,
  type TensorArgument,
} from '../golden/compare.js';
import { BACKENDS, tf, useBackend } from './backends.js';

const ADAPTER_KEYS = {
  crossEntropyLoss: ['weight', 'ignoreIndex', 'labelSmoothing', 'reduction'],
  binaryCrossEntropyWithLogits: ['weight', 'posWeight', 'reduction'],
};

function takesCase(goldenCase: GoldenCase): boolean {
  const keys = ADAPTER_KEYS[goldenCase.fn as keyof typeof ADAPTER_KEYS];
  if (keys === undefined || goldenCase.dtype !== 'float32' || goldenCase.expected.grad === undefined)
    return false;
  if (!Object.keys(goldenCase.options).every((key) => keys.includes(key))) return false;
  const input = goldenCase.args[0] as TensorArgument;
  return goldenCase.fn === 'binaryCrossEntropyWithLogits' || input.shape.length === 2;
}

const cases = [...loadFixture('cross-entropy').cases, ...loadFixture('binary').cases].filter(takesCase);

function tensorOf(arg: TensorArgument): tf.Tensor {
  return tf.tensor(flatValues(arg.values), arg.shape, arg.dtype === 'int' ? 'int32' : 'float32');
}

/** The adapter's loss for a case, labels as TF.js tensors, options as the fixture gives them. */
function adapterLoss(goldenCase: GoldenCase, labels: tf.Tensor): (logits: tf.Tensor) => tf.Tensor {
  const options = buildArgument(goldenCase.options) as { reduction?: Reduction };
  if (goldenCase.fn === 'binaryCrossEntropyWithLogits') return (x) => sigmoidCrossEntropy(labels, x, options);
  if (labels.dtype === 'int32') return (x) => sparseSoftmaxCrossEntropy(labels, x, options);
  return (x) => softmaxCrossEntropy(labels, x, options);
}

for (const backend of BACKENDS) {
  describe(`golden fixtures through xent/tfjs (${backend} backend)`, () => {
    beforeAll(() => useBackend(backend));

    it('covers sparse, soft-target and sigmoid cases, each reduction', () => {
      const kinds = new Set(
        cases.map((c) => `${c.fn} ${(c.args[1] as TensorArgument).dtype} ${c.options['reduction']}`),
      );
      expect(kinds.size).toBeGreaterThanOrEqual(9);
    });

    for (const goldenCase of cases) {
      it(`${goldenCase.id} ${JSON.stringify(Object.keys(goldenCase.options))}`, () => {
        const before = tf.memory().numTensors;
        tf.tidy(() => {
          const logits = tensorOf(goldenCase.args[0] as TensorArgument);
          const labels = tensorOf(goldenCase.args[1] as TensorArgument);
          const upstream = goldenCase.gradOptions?.['gradOutput'] as TensorArgument | undefined;
          const dy = upstream === undefined ? undefined : tensorOf(upstream);
          const { value, grad } = tf.valueAndGrad(adapterLoss(goldenCase, labels))(logits, dy);
          const loss =
            value.rank === 0 ? value.dataSync()[0] : { data: value.dataSync(), shape: value.shape };
          compareResult(goldenCase, 'loss', loss, goldenCase.expected.loss!);
          compareResult(
            goldenCase,
            'grad',
            { data: grad.dataSync(), shape: grad.shape },
            goldenCase.expected.grad!,
          );
        });
        expect(tf.memory().numTensors).toBe(before);
      });
    }
  });
}
