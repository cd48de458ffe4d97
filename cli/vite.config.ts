import { chmodSync, copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The CLI ships as one file per entry: its parsers (csv-parse, hyparquet) are bundled in, so the
// package keeps zero runtime dependencies; Node's own modules stay imports. DuckDB (a native,
// optional engine) stays an import too, loaded only by --engine duckdb.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  logLevel: 'warn',
  plugins: [
    // The shebang entry runs directly from a checkout too (npm sets the mode itself on install).
    { name: 'xent-bin-mode', writeBundle: ({ dir }) => chmodSync(`${dir}/bin.js`, 0o755) },
    {
      // An SSR build leaves the kernels' `new URL('./generated/kernels.wasm', import.meta.url)` as
      // it is, so the binaries go where that URL points from the bundle.
      name: 'xent-kernels-binary',
      writeBundle: ({ dir }) => {
        const generated = new URL('../src/kernels/generated/', import.meta.url);
        mkdirSync(`${dir}/generated`, { recursive: true });
        for (const name of readdirSync(generated).filter((file) => file.endsWith('.wasm')))
          copyFileSync(new URL(name, generated), `${dir}/generated/${name}`);
      },
    },
  ],
  ssr: { noExternal: true, external: ['@duckdb/node-api'], target: 'node' },
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'dist/cli',
    emptyOutDir: true,
    minify: false,
    sourcemap: false,
    rollupOptions: {
      // bin.js (the shebang entry) imports the CLI, xent.js, dynamically: the shebang file stays small.
      // eval-worker.js is a reading thread of `xent eval`, started by cli/eval/parallel.ts; the
      // code it shares with xent.js (the evaluator, the scanner, the library) goes in shared-*.js chunks.
      // --plot loads Vega (cli/plot/render.ts) on its own, as plot.js, and --engine duckdb its
      // engine, so other commands start without them.
      external: ['@duckdb/node-api'],
      input: {
        bin: fileURLToPath(new URL('bin.ts', import.meta.url)),
        'eval-worker': fileURLToPath(new URL('eval/worker.ts', import.meta.url)),
      },
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        chunkFileNames: (chunk) => {
          if (chunk.name === 'render') return 'plot.js';
          if (chunk.name === 'main') return 'xent.js';
          return chunk.isDynamicEntry ? '[name].js' : 'shared-[name].js';
        },
      },
    },
  },
});
