// What an app pays for the parts of xent it imports: tiny entries (test/browser/bundles/) built
// by Vite as an app would be, each on its own, and weighed after gzip -9. The kernels' binary is
// an asset fetched when they start (one of two builds), never base64 in the JS.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Rollup } from 'vite';
import { describe, expect, it } from 'vitest';

const entries = fileURLToPath(new URL('./bundles/', import.meta.url));

interface Bundle {
  /** gzip -9 bytes of all JS the entry loads. */
  js: number;
  /** gzip -9 bytes of each .wasm asset emitted. */
  wasm: number[];
  code: string;
}

async function bundle(entry: string): Promise<Bundle> {
  const result = (await build({
    root: entries,
    configFile: false,
    logLevel: 'warn',
    build: { write: false, target: 'es2022', rollupOptions: { input: `${entries}${entry}.ts` } },
  })) as Rollup.RollupOutput | Rollup.RollupOutput[];
  const files = (Array.isArray(result) ? result : [result]).flatMap((output) => output.output);
  const gzip = (bytes: string | Uint8Array) => gzipSync(bytes, { level: 9 }).length;
  const chunks = files.filter((file): file is Rollup.OutputChunk => file.type === 'chunk');
  const wasm = files.filter(
    (file): file is Rollup.OutputAsset => file.type === 'asset' && file.fileName.endsWith('.wasm'),
  );
  const code = chunks.map((chunk) => chunk.code).join('\n');
  return { js: gzip(code), wasm: wasm.map((file) => gzip(file.source)), code };
}

/** A base64 run as long as an inlined binary would make (the largest in the library is far shorter). */
const inlinedBinary = /[A-Za-z0-9+/]{4096}/;

describe('bundle sizes (Vite, gzip -9)', () => {
  it('the entries are the ones weighed here', () => {
    expect(readdirSync(entries).sort()).toEqual(['crossEntropyLossWithGrad.ts', 'entropy.ts']);
  });

  it('importing only entropy: at most 10 kB of JS, and no kernels inlined', async () => {
    const { js, code } = await bundle('entropy');
    console.info(`entropy only: ${(js / 1000).toFixed(1)} kB JS`);
    expect(code).toContain('entropy');
    expect(code).not.toMatch(inlinedBinary);
    expect(js).toBeLessThanOrEqual(10_000);
  }, 60_000);

  it('crossEntropyLossWithGrad with its kernels: two .wasm builds emitted, one fetched, at most 30 kB with the JS', async () => {
    const { js, wasm, code } = await bundle('crossEntropyLossWithGrad');
    console.info(
      `crossEntropyLossWithGrad: ${(js / 1000).toFixed(1)} kB JS + ${wasm.map((w) => (w / 1000).toFixed(1))} kB WASM`,
    );
    // SIMD128 and relaxed SIMD: a runtime fetches the one it runs (src/kernels/features.ts).
    expect(wasm).toHaveLength(2);
    expect(code).not.toMatch(inlinedBinary);
    expect(js + Math.max(...wasm)).toBeLessThanOrEqual(30_000);
  }, 60_000);
});
