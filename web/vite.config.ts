import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import katex from 'katex';
import { defineConfig, type Plugin } from 'vite';

// The explainer is a plain static site: `npm start` serves it with Vite's dev server (no build
// step, so it works straight after `npm ci`), `npm run build:web` writes web/dist. The page
// imports the library from ../src, which Vite compiles alongside it.
const root = fileURLToPath(new URL('.', import.meta.url));
const port = process.env.PORT ? Number(process.env.PORT) : 5173;

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"' };

/**
 * Inlines `<!-- include sections/<id>.html -->` with that file, so each section's prose lives in
 * its own file beside its module (web/src/sections/<id>.ts) and the page is still one static
 * HTML document. The dev server reloads the page when a section file changes.
 */
function includeSections(): Plugin {
  return {
    name: 'xent-include-sections',
    enforce: 'pre',
    configureServer(server) {
      server.watcher.add(`${root}sections`);
      server.watcher.on('change', (file) => {
        if (file.startsWith(`${root}sections`)) server.ws.send({ type: 'full-reload' });
      });
    },
    transformIndexHtml(html) {
      return html.replace(/<!-- include (sections\/[\w-]+\.html) -->/g, (_match, path: string) =>
        readFileSync(`${root}${path}`, 'utf8').trim(),
      );
    },
  };
}

/**
 * Fills `<!-- toc -->` with a link to every `<section id>` of the page, in order, labelled with
 * its heading up to the colon ("Surprisal: the cost of one outcome" → "Surprisal"). Built from the
 * included sections, so the table of contents never disagrees with the page and works without
 * scripts (a page opened from file:// still has it).
 */
function tableOfContents(): Plugin {
  return {
    name: 'xent-table-of-contents',
    enforce: 'pre',
    transformIndexHtml(html) {
      const items = [...html.matchAll(/<section\b([^>]*)>[\s\S]*?<h2[^>]*>([\s\S]*?)<\/h2>/g)].flatMap(
        ([, attributes = '', heading = '']) => {
          const id = /\bid="([\w-]+)"/.exec(attributes)?.[1];
          if (!id) return [];
          const text = heading
            .replace(/<span class="num-badge">[\s\S]*?<\/span>/, '')
            .replace(/<[^>]+>/g, '')
            .split(':')[0]
            ?.trim();
          return [`<li><a href="#${id}">${text}</a></li>`];
        },
      );
      return html.replace('<!-- toc -->', items.join('\n'));
    },
  };
}

/**
 * Vite marks the stylesheet `crossorigin`, which makes it a CORS request that a page opened from
 * file:// may not make; without the attribute the prose, the typeset formulas and the "serve
 * me" banner are still styled there. (Same-origin over http, the attribute changes nothing.)
 */
function plainStylesheets(): Plugin {
  return {
    name: 'xent-plain-stylesheets',
    transformIndexHtml: {
      order: 'post',
      handler: (html) => html.replace(/<link rel="stylesheet" crossorigin /g, '<link rel="stylesheet" '),
    },
  };
}

/**
 * Typesets the page's fixed formulas (`<span class="tex">`, `<div class="tex display">`) into
 * HTML when the page is served or built, so they show before any script runs and KaTeX's code
 * (the biggest dependency) is loaded only when a reader opens a live derivation. A malformed
 * formula fails the build instead of showing red on the page.
 */
function prerenderFormulas(): Plugin {
  return {
    name: 'xent-prerender-formulas',
    transformIndexHtml(html) {
      return html.replace(
        /<(span|div) class="tex( display)?">([\s\S]*?)<\/\1>/g,
        (_match, tag: string, display: string | undefined, source: string) => {
          const latex = source.replace(/&(amp|lt|gt|quot);/g, (entity) => entities[entity] ?? entity).trim();
          const typeset = katex.renderToString(latex, {
            displayMode: Boolean(display),
            throwOnError: true,
            // \htmlData{term=kl}{…} tags a formula's terms so the page can link them to figure parts.
            trust: (context) => context.command === '\\htmlData',
            strict: (code: string) => (code === 'htmlExtension' ? 'ignore' : 'warn'),
          });
          return `<${tag} class="tex${display ?? ''}">${typeset}</${tag}>`;
        },
      );
    },
  };
}

export default defineConfig({
  root,
  base: './',
  plugins: [includeSections(), tableOfContents(), prerenderFormulas(), plainStylesheets()],
  // The page must work offline: nothing is fetched from a CDN.
  server: { port, strictPort: Boolean(process.env.PORT), host: 'localhost', open: false },
  preview: { port, strictPort: Boolean(process.env.PORT), host: 'localhost' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: true,
  },
});
