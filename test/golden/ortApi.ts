// xent's functions with every array argument handed over as an ONNX Runtime tensor (a real
// ort.Tensor, `{ data, dims }`): float32 and float64 data as they are, class indices as int64
// tensors (what ORT gives), other integer data as int32 tensors. Options stay as they are.
import { createRequire } from 'node:module';
import type * as Ort from 'onnxruntime-node';
import type { GoldenApi } from './compare.js';

const ort = createRequire(import.meta.url)('onnxruntime-node') as typeof Ort;

/** The functions whose second argument may be class indices. */
const CLASS_INDEX_FUNCTIONS = ['crossEntropyLoss', 'crossEntropyLossWithGrad', 'nllLoss', 'nllLossWithGrad'];

function asOrtTensor(arg: unknown, classIndices: boolean): unknown {
  const view =
    arg instanceof Float32Array || arg instanceof Float64Array || arg instanceof Int32Array
      ? { data: arg, shape: [arg.length] }
      : (arg as { data?: unknown; shape?: number[] });
  if (typeof view !== 'object' || view === null || view.shape === undefined) return arg;
  const { data, shape } = view;
  if (data instanceof Float32Array) return new ort.Tensor('float32', data, shape);
  if (data instanceof Float64Array) return new ort.Tensor('float64', data, shape);
  if (!(data instanceof Int32Array)) return arg;
  return classIndices
    ? new ort.Tensor(
        'int64',
        BigInt64Array.from(data, (label) => BigInt(label)),
        shape,
      )
    : new ort.Tensor('int32', data, shape);
}

/** `api` with array arguments turned into ort.Tensor objects; `converted()` counts them. */
export function ortTensorApi(api: GoldenApi): { api: GoldenApi; converted: () => number } {
  let converted = 0;
  const wrapped = Object.fromEntries(
    Object.entries(api).map(([name, fn]) => {
      if (typeof fn !== 'function') return [name, fn];
      const call = fn as (...args: unknown[]) => unknown;
      return [
        name,
        (...args: unknown[]) =>
          call(
            ...args.map((arg, i) => {
              const tensor = asOrtTensor(arg, i === 1 && CLASS_INDEX_FUNCTIONS.includes(name));
              if (tensor !== arg) converted++;
              return tensor;
            }),
          ),
      ];
    }),
  );
  return { api: wrapped, converted: () => converted };
}
