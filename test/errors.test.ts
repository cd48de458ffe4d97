// Issue #12: an error message never dumps more than a handful of values. Every message that
// formats user data goes through formatValue / formatList / formatShape, which cap it.
import { describe, expect, it } from 'vitest';
import { formatList, formatValue } from '../src/errors.js';
import * as xent from '../src/index.js';
import { XentError } from '../src/index.js';
import { formatShape } from '../src/tensor.js';

function message(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(XentError);
    return (error as XentError).message;
  }
  throw new Error('expected a XentError, got a result');
}

const labels = Array.from({ length: 1024 }, (_, i) => i % 3);
const logits = { data: new Float64Array(1024 * 3), shape: [1024, 3] };

describe('error messages are capped', () => {
  it('formatValue(array) shows six entries and the count; nesting two levels deep; text cut', () => {
    expect(formatValue([1, 2, 3])).toBe('[1, 2, 3]');
    expect(formatValue(labels)).toBe('[0, 1, 2, 0, 1, 2, … (1024 in all)]');
    expect(formatValue(new Float32Array(100))).toBe('[0, 0, 0, 0, 0, 0, … (100 in all)]');
    expect(formatValue([[[1, 2]], [[3]]])).toBe('[[[… (2 in all)]], [[… (1 in all)]]]');
    expect(formatValue('x'.repeat(100))).toBe(`"${'x'.repeat(40)}…"`);
    expect(formatValue(12n)).toBe('12n');
    expect(formatValue(-0)).toBe('-0');
    expect(formatList(['a', 'b'], { open: '', close: '', format: String })).toBe('a, b');
    expect(formatShape(labels)).toBe('(0, 1, 2, 0, 1, 2, … (1024 in all))');
  });

  const mistakes: [string, () => unknown][] = [
    [
      '1024 labels as an option value',
      () => xent.crossEntropyLoss([1, 2], 0, { reduction: labels as never }),
    ],
    [
      '1024 labels as labelSmoothing',
      () => xent.crossEntropyLoss([1, 2], 0, { labelSmoothing: labels as never }),
    ],
    ['1024 labels as the options', () => xent.crossEntropyLoss([1, 2], 0, labels as never)],
    ['1024 labels as a shape', () => xent.crossEntropyLoss({ data: [1], shape: labels }, 0)],
    ['1024 labels as out', () => xent.crossEntropyLossWithGrad([1, 2], 0, { out: labels as never })],
    ['1024 labels as axis', () => xent.softmax([1, 2], { axis: labels as never })],
    ['1024 labels of the wrong type', () => xent.crossEntropyLoss(logits, [labels.map(String)] as never)],
    ['1024 labels against 1000 rows', () => xent.crossEntropyLoss(logits, labels.slice(0, 1000))],
    [
      '1024 labels out of range',
      () =>
        xent.oneHot(
          labels.map((l) => l + 3),
          { numClasses: 3 },
        ),
    ],
    ['1024 labels for a one-row meter', () => new xent.LogLossMeter().update({ logits: [[0, 1]], labels })],
    ['1024 labels as a state type', () => xent.LogLossMeter.fromJSON({ type: labels, version: 1 })],
  ];
  for (const [name, call] of mistakes) {
    it(`${name}: the message is under 300 characters`, () => {
      expect(message(call).length).toBeLessThan(300);
    });
  }
});
