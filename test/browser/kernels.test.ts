// The WASM kernels in Chromium, bundled by Vite from the same sources the package ships: once on
// a cross-origin isolated page (shared memory, Web Worker pool) and once on a plain page (one
// thread, unshared memory). Each computes a loss and gradient and compares with the plain-TS path.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectErrors, launch } from './web/browser.js';
import { freePort } from './web/serve.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const root = `${repo}test/browser/kernels`;
const outDir = `${repo}test-results/kernels-dist`;
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

async function serve(headers: Record<string, string>): Promise<{ url: string; server: PreviewServer }> {
  const port = await freePort();
  const server = await preview({
    root,
    configFile: false,
    logLevel: 'warn',
    build: { outDir },
    preview: { port, strictPort: true, host: '127.0.0.1', open: false, headers },
  });
  return { url: `http://127.0.0.1:${port}/`, server };
}

interface KernelResult {
  error?: string;
  crossOriginIsolated: boolean;
  loaded: boolean;
  shared: boolean;
  relaxedSimd: boolean;
  variant: string | undefined;
  workers: number;
  /** Workers up right after `await initKernels()`, before the page yields again. */
  workersAtInit: number;
  /** How long `await initKernels()` took. */
  initMs: number;
  kernelCalls: number;
  reference: number;
  firstCall: number;
  loss: number;
  gradError: number;
}

let browser: Browser;
const servers: PreviewServer[] = [];

beforeAll(async () => {
  mkdirSync(outDir, { recursive: true });
  await build({ root, configFile: false, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  browser = await launch();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  for (const server of servers) await server.close();
});

async function runPage(
  headers: Record<string, string>,
): Promise<{ result: KernelResult; errors: string[]; warnings: string[] }> {
  const { url, server } = await serve(headers);
  servers.push(server);
  const page = await browser.newPage();
  const errors = collectErrors(page);
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });
  await page.goto(url);
  await page.waitForFunction(() => '__kernelResult' in window, undefined, { timeout: 30_000 });
  const result = (await page.evaluate(
    () => (window as unknown as { __kernelResult: unknown }).__kernelResult,
  )) as KernelResult;
  await page.close();
  return { result, errors, warnings };
}

function expectSameLoss(result: KernelResult): void {
  expect(result.error).toBeUndefined();
  expect(result.loaded).toBe(true);
  // Chromium has had relaxed SIMD since 114: the page runs the fused multiply-add build, over a
  // shared memory or, on a plain page, the same module with its shared-memory flag cleared.
  expect(result.relaxedSimd).toBe(true);
  expect(result.variant).toBe('relaxed');
  expect(result.kernelCalls).toBeGreaterThanOrEqual(2);
  expect(Math.abs(result.loss - result.reference) / result.reference).toBeLessThan(1e-6);
  expect(Math.abs(result.firstCall - result.reference) / result.reference).toBeLessThan(1e-6);
  expect(result.gradError).toBeLessThan(1e-7);
}

describe('WASM kernels in Chromium', () => {
  it('crossEntropyLoss on a cross-origin isolated page runs on shared memory with a Web Worker', async () => {
    const { result, errors } = await runPage(isolation);
    expect(result.crossOriginIsolated).toBe(true);
    expect(result.shared).toBe(true);
    expect(result.workers).toBe(1);
    expectSameLoss(result);
    expect(errors).toEqual([]);
  });

  it('after await initKernels() on an isolated page the worker is already up, so a synchronous loop of calls gets it', async () => {
    // A worker comes up only while the main thread is idle; one started on the first call of a
    // loop that never yields would join no call of it.
    const { result, errors } = await runPage(isolation);
    expect(result.workersAtInit).toBe(1);
    expect(errors).toEqual([]);
  });

  it('crossEntropyLoss on a plain page runs the kernels on one thread', async () => {
    const { result, errors } = await runPage({});
    expect(result.crossOriginIsolated).toBe(false);
    expect(result.shared).toBe(false);
    expect(result.workers).toBe(0);
    expectSameLoss(result);
    expect(errors).toEqual([]);
  });
});

describe('WASM kernels under a Content-Security-Policy', () => {
  it("without 'wasm-unsafe-eval', warns once, naming the directive to add, and computes the same loss without them", async () => {
    const { result, errors, warnings } = await runPage({ 'Content-Security-Policy': "script-src 'self'" });
    expect(result.error).toBeUndefined();
    expect(result.loaded).toBe(false);
    expect(result.kernelCalls).toBe(0);
    expect(result.loss).toBe(result.reference);
    const ours = warnings.filter((text) => text.includes('xent'));
    expect(ours).toHaveLength(1);
    expect(ours[0]).toContain("this page's Content-Security-Policy blocks WebAssembly");
    expect(ours[0]).toContain("Add 'wasm-unsafe-eval' to its script-src directive");
    // Chromium reports the refused compile itself, as a console error; nothing else went wrong.
    expect(errors.filter((text) => !/Content Security Policy/i.test(text))).toEqual([]);
  });

  it("with 'wasm-unsafe-eval', the kernels load and nothing is said", async () => {
    const { result, errors, warnings } = await runPage({
      'Content-Security-Policy': "script-src 'self' 'wasm-unsafe-eval'",
    });
    expectSameLoss(result);
    expect(warnings.filter((text) => text.includes('xent'))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('on an isolated page whose policy refuses blob: workers, warns once, naming worker-src, and runs on one thread at once', async () => {
    const { result, warnings } = await runPage({
      ...isolation,
      'Content-Security-Policy': "script-src 'self' 'wasm-unsafe-eval'",
    });
    expect(result.loaded).toBe(true);
    expect(result.shared).toBe(true);
    expect(result.workersAtInit).toBe(0);
    expect(result.loss).toBeCloseTo(result.reference, 5);
    const ours = warnings.filter((text) => text.includes('xent'));
    expect(ours).toHaveLength(1);
    expect(ours[0]).toContain("add blob: to its worker-src directive (worker-src 'self' blob:)");
    // initKernels() did not wait out the 5 s start timeout for a worker that was never coming.
    expect(result.initMs).toBeLessThan(2000);
  });
});
