import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The explainer is a plain static site: `npm start` serves it with Vite's dev server (no build
// step, so it works straight after `npm ci`), `npm run build:web` writes web/dist. The page
// imports the library from ../src, which Vite compiles alongside it.
const root = fileURLToPath(new URL('.', import.meta.url));
const port = process.env.PORT ? Number(process.env.PORT) : 5173;

export default defineConfig({
  root,
  base: './',
  // The page must work offline: nothing is fetched from a CDN and nothing is pre-fetched.
  server: { port, strictPort: Boolean(process.env.PORT), host: 'localhost', open: false },
  preview: { port, strictPort: Boolean(process.env.PORT), host: 'localhost' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: true,
    chunkSizeWarningLimit: 400,
  },
});
