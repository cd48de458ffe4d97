import { describe, expectTypeOf, it } from 'vitest';
import {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogitsWithGrad,
  klDivLoss,
  klDivLossWithGrad,
  multiLabelCrossEntropy,
  type Reduction,
  sigmoidFocalLoss,
  type Tensor,
  zLoss,
  zLossWithGrad,
} from '../../src/index.js';

// These checks run in the type checker (tsc and vitest's typecheck); at run time they are no-ops.
describe('loss result types follow the reduction', () => {
  it("binaryCrossEntropy is a number by default and for 'sum', a Tensor for 'none'", () => {
    expectTypeOf(binaryCrossEntropy([0.5], [1])).toEqualTypeOf<number>();
    expectTypeOf(binaryCrossEntropy([0.5], [1], { reduction: 'sum' })).toEqualTypeOf<number>();
    expectTypeOf(binaryCrossEntropy([0.5], [1], { reduction: 'none' })).toEqualTypeOf<Tensor>();
    expectTypeOf(binaryCrossEntropy([0.5], [1], { weight: [2] })).toEqualTypeOf<number>();
  });

  it('a reduction only known at run time gives number | Tensor', () => {
    const reduction = 'none' as Reduction;
    expectTypeOf(multiLabelCrossEntropy([[0]], [[1]], { reduction })).toEqualTypeOf<number | Tensor>();
  });

  it('WithGrad losses carry the same loss type beside a Tensor grad', () => {
    const result = binaryCrossEntropyWithLogitsWithGrad([0], [1], { reduction: 'none' });
    expectTypeOf(result.loss).toEqualTypeOf<Tensor>();
    expectTypeOf(result.grad).toEqualTypeOf<Tensor>();
    expectTypeOf(zLossWithGrad([0, 0]).loss).toEqualTypeOf<number>();
    expectTypeOf(sigmoidFocalLoss([0], [1], { reduction: 'none' })).toEqualTypeOf<Tensor>();
    expectTypeOf(zLoss([0, 0], { reduction: 'none' })).toEqualTypeOf<Tensor>();
  });

  it("klDivLoss is a number for 'batchmean' (default) and 'mean', a Tensor for 'none'", () => {
    expectTypeOf(klDivLoss([0], [1])).toEqualTypeOf<number>();
    expectTypeOf(klDivLoss([0], [1], { reduction: 'batchmean' })).toEqualTypeOf<number>();
    expectTypeOf(klDivLoss([0], [1], { reduction: 'none' })).toEqualTypeOf<Tensor>();
    expectTypeOf(klDivLossWithGrad([0], [1], { reduction: 'none' }).loss).toEqualTypeOf<Tensor>();
  });
});
