import { chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The CLI ships as one file per entry: its parsers (csv-parse, hyparquet) are bundled in, so the
// package keeps zero runtime dependencies; Node's own modules stay imports.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  logLevel: 'warn',
  // The shebang entry runs directly from a checkout too (npm sets the mode itself on install).
  plugins: [{ name: 'xent-bin-mode', writeBundle: ({ dir }) => chmodSync(`${dir}/bin.js`, 0o755) }],
  ssr: { noExternal: true, target: 'node' },
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
      // code it shares with xent.js (the evaluator, the scanner, the library) is xent-shared.js.
      input: {
        bin: fileURLToPath(new URL('bin.ts', import.meta.url)),
        'eval-worker': fileURLToPath(new URL('eval/worker.ts', import.meta.url)),
      },
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        chunkFileNames: (chunk) => (chunk.isDynamicEntry ? 'xent.js' : 'xent-shared.js'),
      },
    },
  },
});
