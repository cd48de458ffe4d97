import { gzipSync } from 'node:zlib';
import type { Page, Response } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { itLogsNoErrors, useExplainer } from './web/explainer.js';

// How the page reaches a reader: its weight on first load, KaTeX kept lazy, how soon it answers
// input, and what it says when opened from disk, where browsers do not run its scripts.
const explainer = useExplainer();

/**
 * The first-load budget for JS, CSS and WASM, gzip level 9, in bytes: 150 kB in issue #14, 124.5 kB
 * of JS and CSS then; 91 kB of JS and CSS and 14 kB of WASM since the kernels became an asset (#15).
 */
const firstLoadBudget = 115_000;

interface Fetched {
  url: string;
  kind: 'js' | 'css' | 'wasm';
  gzip: number;
}

/** Every JS, CSS and WASM file the page fetches, with its size after gzip -9, as the responses arrive. */
function recordScriptsAndStyles(page: Page): Promise<Fetched>[] {
  const fetched: Promise<Fetched>[] = [];
  page.on('response', (response: Response) => {
    const path = new URL(response.url()).pathname;
    const kind = (['js', 'css', 'wasm'] as const).find((extension) => path.endsWith(`.${extension}`));
    if (!kind) return;
    fetched.push(
      response.body().then((body) => ({ url: path, kind, gzip: gzipSync(body, { level: 9 }).length })),
    );
  });
  return fetched;
}

const name = (file: Fetched): string => file.url.split('/').pop() ?? file.url;

describe('explainer delivery', () => {
  it(`fetches at most ${firstLoadBudget / 1000} kB gzip of JS, CSS and WASM before it is ready (the digits data apart), the kernels as one .wasm asset, and no KaTeX until a derivation opens`, async () => {
    const context = await explainer.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const responses = recordScriptsAndStyles(page);
    await page.goto(explainer.site.url);
    await page.waitForSelector('body[data-ready="true"]');
    const firstLoad = await Promise.all(responses);
    const counted = firstLoad.filter((file) => !name(file).startsWith('digits-'));
    const total = counted.reduce((sum, file) => sum + file.gzip, 0);
    console.info(
      `first load, gzip -9: ${counted.map((file) => `${name(file)} ${(file.gzip / 1000).toFixed(1)} kB`).join(', ')}; ` +
        `total ${(total / 1000).toFixed(1)} kB`,
    );
    expect(counted.some((file) => file.kind === 'js')).toBe(true);
    expect(counted.some((file) => file.kind === 'css')).toBe(true);
    // The training section starts the kernels as the page boots: their binary comes as a file,
    // not as base64 inside the JS.
    expect(counted.filter((file) => file.kind === 'wasm')).toHaveLength(1);
    expect(firstLoad.filter((file) => name(file).startsWith('katex'))).toEqual([]);
    expect(total).toBeLessThanOrEqual(firstLoadBudget);

    const before = responses.length;
    await page.locator('.derivation details summary').first().click();
    await page.locator('.derivation details .steps .katex').first().waitFor();
    const opened = await Promise.all(responses.slice(before));
    expect(opened.map(name).filter((file) => file.startsWith('katex') && file.endsWith('.js'))).toHaveLength(
      1,
    );
    await context.close();
  });

  it('answers input within 1 s of navigation', async () => {
    const context = await explainer.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(explainer.site.url);
    await page.waitForSelector('body[data-interactive]');
    const interactive = Number(await page.locator('body').getAttribute('data-interactive'));
    // The first section's first control, moved from the keyboard, changes the numbers it drives.
    const first = page.locator('main > section').first();
    const control = first.locator('input[type="range"], [role="slider"]').first();
    const numbers = () =>
      first.locator('[data-raw]').evaluateAll((all) => all.map((n) => n.getAttribute('data-raw')));
    const shown = await numbers();
    await control.focus();
    await page.keyboard.press('ArrowLeft');
    // A control already at its minimum answers the other way.
    if (JSON.stringify(await numbers()) === JSON.stringify(shown)) await page.keyboard.press('ArrowRight');
    expect(await numbers()).not.toEqual(shown);
    console.info(`interactive ${interactive.toFixed(0)} ms after navigation`);
    expect(interactive).toBeGreaterThan(0);
    expect(interactive).toBeLessThan(1000);
    await context.close();
  });

  it('opened from file://, says how to serve it; over http that message is gone', async () => {
    const context = await explainer.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`file://${explainer.site.outDir}/index.html`);
    const banner = page.locator('#boot-banner');
    await banner.waitFor({ state: 'visible', timeout: 5000 });
    await expect(banner.textContent()).resolves.toContain('npx vite preview --config web/vite.config.ts');
    // The stylesheet still loads from disk, so the prose and its pre-typeset formulas read properly.
    const styled = await page
      .locator('main .katex-mathml')
      .first()
      .evaluate((n) => getComputedStyle(n).position);
    expect(styled).toBe('absolute');
    expect(await page.locator('.toc a').count()).toBe(await page.locator('main > section').count());
    await context.close();

    await expect(explainer.page.locator('#boot-banner').count()).resolves.toBe(0);
    await expect(explainer.page.locator('noscript').count()).resolves.toBe(1);
  });

  it('served over http on a slow line, the banner neither flashes nor takes room while the script loads', async () => {
    const context = await explainer.browser.newContext();
    const page = await context.newPage();
    await page.route('**/assets/index-*.js', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 800));
      await route.continue();
    });
    await page.goto(explainer.site.url, { waitUntil: 'commit' });
    await page.locator('h1').waitFor();
    const banner = await page.locator('#boot-banner').evaluate((element) => ({
      visible: getComputedStyle(element).visibility,
      height: element.getBoundingClientRect().height,
    }));
    expect(banner).toEqual({ visible: 'hidden', height: 0 });
    await page.waitForSelector('body[data-interactive]');
    await expect(page.locator('#boot-banner').count()).resolves.toBe(0);
    await context.close();
  });

  it('with JavaScript off, says so at once instead of the file:// advice', async () => {
    const context = await explainer.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(explainer.site.url);
    await expect(page.locator('.boot-banner.noscript').isVisible()).resolves.toBe(true);
    await expect(page.locator('.boot-banner.noscript').textContent()).resolves.toContain('JavaScript is off');
    await page.waitForTimeout(1500);
    await expect(page.locator('#boot-banner').isVisible()).resolves.toBe(false);
    await context.close();
  });

  itLogsNoErrors(explainer);
});
