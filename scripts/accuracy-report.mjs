// Measures how far xent's results are from the golden references, per fixture family and dtype:
// the largest relative error |value − expected| / |expected| over every element of every case
// (losses and gradients), skipping exact special values (NaN, ±Infinity), which the tests require
// to match exactly, and the largest normwise error of a result (see errors()). float32 cases run twice: as the public functions dispatch them (these small
// inputs take the plain-TS path) and forced onto the WASM kernels, as test/kernels/golden.test.ts
// does. Run after `npm run build`: node scripts/accuracy-report.mjs
import { readFileSync } from 'node:fs';
import { kernelPolicy } from '../dist/fast/policy.js';
import * as xent from '../dist/index.js';

const families = ['cross-entropy', 'binary', 'other-losses', 'info', 'activations', 'targets'];
const decode = (v) => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v);
const flat = (v) => (Array.isArray(v) ? v.flatMap(flat) : [decode(v)]);
const isTensor = (a) => a && typeof a === 'object' && 'dtype' in a && 'shape' in a && 'values' in a;

function build(arg) {
  if (!isTensor(arg)) {
    if (arg && typeof arg === 'object' && !Array.isArray(arg)) {
      return Object.fromEntries(Object.entries(arg).map(([k, v]) => [k, build(v)]));
    }
    return decode(arg);
  }
  const values = flat(arg.values);
  if (arg.shape.length === 0) return values[0];
  const Type = arg.dtype === 'float32' ? Float32Array : arg.dtype === 'float64' ? Float64Array : Int32Array;
  return { data: Type.from(values), shape: arg.shape };
}

/**
 * Each element's relative error, and the normwise error of the whole result: the largest
 * |value − expected| over the largest |expected| (what matters for a gradient, where an element
 * near 0 made by cancellation has a large relative error that nothing downstream can see).
 */
function errors(result, expected) {
  const actual = typeof result === 'number' ? [result] : Array.from(result.data);
  const want = flat(typeof expected === 'object' && !Array.isArray(expected) ? expected.values : expected);
  let largest = 0;
  let largestError = 0;
  const relative = want.map((e, i) => {
    if (!Number.isFinite(e)) return 0;
    largest = Math.max(largest, Math.abs(e));
    largestError = Math.max(largestError, Math.abs(actual[i] - e));
    return Math.abs(actual[i] - e) / Math.max(Math.abs(e), 1e-300);
  });
  return {
    relative: Math.max(0, ...relative),
    normwise: largest > 0 ? largestError / largest : largestError,
  };
}

const rows = [];
const defaultMinElements = kernelPolicy.minElements;
for (const [path, minElements] of [
  ['default', defaultMinElements],
  ['kernels', 0],
]) {
  kernelPolicy.minElements = minElements;
  for (const family of families) {
    measure(family, path);
  }
}
kernelPolicy.minElements = defaultMinElements;
console.table(rows);

function measure(family, path) {
  const { cases } = JSON.parse(
    readFileSync(new URL(`../test/fixtures/${family}.json`, import.meta.url), 'utf8'),
  );
  const worst = {};
  for (const c of cases) {
    if (path === 'kernels' && c.dtype !== 'float32') continue;
    // Fixtures from before 0.2 record oneHot's positional numClasses and multiLabel's `labels`
    // (test/golden/compare.ts, currentCall, reads them the same way).
    const { labels, ...rest } = c.options;
    const legacyOneHot = c.fn === 'oneHot' && c.args.length === 2;
    const callArgs = legacyOneHot ? [c.args[0]] : c.args;
    const options = {
      ...rest,
      ...(labels !== undefined && { labelReduction: labels }),
      ...(legacyOneHot && { numClasses: c.args[1] }),
    };
    const args = () => [...callArgs.map(build), build(options)];
    const record = ({ relative, normwise }, part) => {
      worst[c.dtype] ??= { error: -1, normwise: 0 };
      const at = worst[c.dtype];
      if (relative > at.error) Object.assign(at, { error: relative, where: `${c.id} ${part}` });
      at.normwise = Math.max(at.normwise, normwise);
    };
    record(errors(xent[c.fn](...args()), c.expected.value ?? c.expected.loss), 'value');
    if (c.expected.grad) {
      const withGrad = xent[`${c.fn}WithGrad`](...args().slice(0, -1), {
        ...build(options),
        ...build(c.gradOptions ?? {}),
      });
      record(errors(withGrad.grad, c.expected.grad), 'grad');
    }
  }
  for (const [dtype, { error, normwise, where }] of Object.entries(worst)) {
    const count = cases.filter((c) => c.dtype === dtype).length;
    rows.push({
      family,
      dtype,
      path,
      cases: count,
      maxRelativeError: error.toExponential(2),
      where,
      maxNormwiseError: normwise.toExponential(2),
    });
  }
}
