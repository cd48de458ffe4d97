// Measures the WASM kernels' exp against the correctly rounded float32 exp over every float32 in
// [−87.33, 0] (about 1.1 billion values, a minute or so): prints the largest error in ULPs, how
// many values are off by each amount, the largest error within bands of |x| (the kernel rounds
// y = x·log2e once, so its error grows with |x|) and the largest (error − 2) / |x|, the slope of
// the linear bound that test/kernels/activations.test.ts asserts. Run after npm run build.
import { kernelRuntime } from '../dist/kernels/runtime.js';

const runtime = kernelRuntime();
const CHUNK = 1 << 20;
const input = runtime.allocator.allocate(CHUNK * 4);
const output = runtime.allocator.allocate(CHUNK * 4);
const bits = new Uint32Array(1);
const asFloat = new Float32Array(bits.buffer);
const expected = new Float32Array(1);
const expectedBits = new Int32Array(expected.buffer);
const histogram = new Map();
let worst = 0;
let worstAt = 0;
let slope = 0;
const BANDS = [1, 4, 16, 64, 88];
const bandWorst = BANDS.map(() => 0);
// Non-positive floats have the sign bit set: walk their bit patterns from −0 down to the cutoff.
const start = 0x80000000;
asFloat[0] = -87.33654;
const end = bits[0];
for (let first = start; first <= end; first += CHUNK) {
  const count = Math.min(CHUNK, end - first + 1);
  const x = runtime.f32(input, count);
  const xBits = new Uint32Array(x.buffer, x.byteOffset, count);
  for (let i = 0; i < count; i++) xBits[i] = first + i;
  runtime.exports.expArray(input, output, count);
  const e = new Int32Array(runtime.f32(output, count).buffer, output, count);
  for (let i = 0; i < count; i++) {
    expected[0] = Math.exp(x[i]);
    const ulps = Math.abs(e[i] - expectedBits[0]);
    histogram.set(ulps, (histogram.get(ulps) ?? 0) + 1);
    const magnitude = -x[i];
    const band = BANDS.findIndex((limit) => magnitude < limit);
    if (ulps > bandWorst[band]) bandWorst[band] = ulps;
    if (magnitude > 0 && (ulps - 2) / magnitude > slope) slope = (ulps - 2) / magnitude;
    if (ulps > worst) {
      worst = ulps;
      worstAt = x[i];
    }
  }
}
console.log(`exp over [${asFloat[0]}, 0]: max error ${worst} ULP (at x = ${worstAt})`);
console.log(BANDS.map((limit, b) => `|x| < ${limit}: max ${bandWorst[b]} ULP`).join('\n'));
console.log(`error ≤ 2 + ${slope.toFixed(3)}·|x| ULP everywhere`);
console.log(
  [...histogram]
    .sort((a, b) => a[0] - b[0])
    .map(([u, n]) => `${u} ULP: ${n}`)
    .join('\n'),
);
