import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build, type PreviewServer, preview } from 'vite';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
export const configFile = `${repo}web/vite.config.ts`;
export const resultsDir = `${repo}test-results`;

/** Asks the OS for a port nobody is listening on. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Site {
  url: string;
  /** The built files, for opening them straight from disk (file://). */
  outDir: string;
  close(): Promise<void>;
}

/**
 * Builds the page with Vite's JS API and serves the static output with Vite's preview server.
 * Each call builds its own copy, so test files run in parallel and never clobber a web/dist the
 * developer made.
 */
export async function buildAndServe(): Promise<Site> {
  mkdirSync(resultsDir, { recursive: true });
  const outDir = mkdtempSync(`${resultsDir}/web-dist-`);
  await build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const port = await freePort();
  const server: PreviewServer = await preview({
    configFile,
    logLevel: 'warn',
    build: { outDir },
    preview: { port, strictPort: true, host: '127.0.0.1', open: false },
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    outDir,
    close: async () => {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
