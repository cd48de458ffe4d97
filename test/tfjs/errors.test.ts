// Bad input to the adapter: a XentError under the adapter's name, in TF.js's words (labels,
// logits), with nothing left behind when it is thrown under a gradient tape.
import { beforeAll, describe, expect, it } from 'vitest';
import { XentError } from '../../src/index.js';
import { sigmoidCrossEntropy, softmaxCrossEntropy, sparseSoftmaxCrossEntropy } from '../../src/tfjs/index.js';
import { tf, useBackend } from './backends.js';

function thrown(call: () => unknown): XentError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(XentError);
    return error as XentError;
  }
  throw new Error('expected a XentError, got a result');
}

describe('xent/tfjs errors', () => {
  let logits: tf.Tensor2D;

  beforeAll(async () => {
    await useBackend('cpu');
    logits = tf.tensor2d([
      [2, 0, 1],
      [0, 1, 3],
    ]);
  });

  it('a label out of range names the adapter, labels, the index and the value', () => {
    const error = thrown(() => sparseSoftmaxCrossEntropy(tf.tensor1d([0, 3], 'int32'), logits));
    expect(error.code).toBe('INDEX_OUT_OF_RANGE');
    expect(error.op).toBe('sparseSoftmaxCrossEntropy');
    expect(error.argument).toBe('labels');
    expect(error.index).toBe(1);
    expect(error.message).toMatch(
      /^sparseSoftmaxCrossEntropy: target\[1\] = 3 .*\(xent's crossEntropyLoss calls labels its target\)$/,
    );
  });

  it('thrown under a gradient tape, it leaves no tensor behind', () => {
    const before = tf.memory().numTensors;
    const labels = tf.tensor1d([0, 7], 'int32');
    thrown(() => tf.grad((x: tf.Tensor) => sparseSoftmaxCrossEntropy(labels, x))(logits));
    labels.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('labels of another shape than the logits are a SHAPE_MISMATCH on labels', () => {
    const error = thrown(() => softmaxCrossEntropy(tf.ones([2, 4]), logits));
    expect(error.code).toBe('SHAPE_MISMATCH');
    expect(error.op).toBe('softmaxCrossEntropy');
    expect(error.argument).toBe('labels');
  });

  it('an option out of range is refused under the adapter name', () => {
    const error = thrown(() => sparseSoftmaxCrossEntropy([0, 1], logits, { labelSmoothing: 2 }));
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.op).toBe('sparseSoftmaxCrossEntropy');
    expect(error.argument).toBe('labelSmoothing');
  });

  it("an unknown option is refused with the adapter's keys, and TF.js's or PyTorch's spelling gets its xent name", () => {
    const smoothing = thrown(() =>
      sparseSoftmaxCrossEntropy([0, 1], logits, { label_smoothing: 0.1 } as never),
    );
    expect(smoothing.message).toBe(
      'sparseSoftmaxCrossEntropy: unknown option label_smoothing; did you mean labelSmoothing? (sparseSoftmaxCrossEntropy takes weight, ignoreIndex, labelSmoothing, reduction)',
    );
    expect(thrown(() => sigmoidCrossEntropy(logits, logits, { pos_weight: [1] } as never)).message).toContain(
      'did you mean posWeight?',
    );
    // softmaxCrossEntropy takes probabilities, so no ignoreIndex.
    expect(thrown(() => softmaxCrossEntropy(logits, logits, { ignoreIndex: 0 } as never)).argument).toBe(
      'ignoreIndex',
    );
  });

  it('logits that are no float32 tf.Tensor of [batch, classes] are refused with the fix', () => {
    const notTensor = thrown(() => sparseSoftmaxCrossEntropy([0], [[1, 2]] as never));
    expect(notTensor.code).toBe('INVALID_INPUT');
    expect(notTensor.message).toContain("for arrays use xent's own losses");
    const integer = thrown(() => sparseSoftmaxCrossEntropy([0], tf.tensor2d([[1, 2]], [1, 2], 'int32')));
    expect(integer.message).toContain("tf.cast(logits, 'float32')");
    const rank3 = thrown(() => softmaxCrossEntropy(tf.ones([1, 2, 3]), tf.ones([1, 2, 3])));
    expect(rank3.code).toBe('INVALID_SHAPE');
    expect(rank3.message).toContain('tf.reshape(logits, [-1, classes])');
  });

  it('sigmoidCrossEntropy takes logits of any shape, elementwise', () => {
    const loss = sigmoidCrossEntropy(tf.zeros([2, 2, 2]), tf.zeros([2, 2, 2]));
    expect(loss.dataSync()[0]).toBeCloseTo(Math.log(2), 6);
  });
});
