import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { collectErrors, launch } from './browser.js';
import { buildAndServe, type Site } from './serve.js';

export interface Explainer {
  site: Site;
  browser: Browser;
  /** The page at 1280 × 900, loaded and ready (digits data included). */
  page: Page;
  /** Console errors and failed requests of `page` so far. */
  errors: string[];
}

/**
 * One build, one browser and one page per test file: the page is the thing under test, and the
 * file's tests drive its sections in order. Each file builds into its own folder, so the files
 * run in parallel. A file that uses this also checks that its page logged no errors.
 */
export function useExplainer(): Explainer {
  const explainer = {} as Explainer;
  beforeAll(async () => {
    explainer.site = await buildAndServe();
    explainer.browser = await launch();
    explainer.page = await explainer.browser.newPage({ viewport: { width: 1280, height: 900 } });
    explainer.errors = collectErrors(explainer.page);
    await explainer.page.goto(explainer.site.url);
    await explainer.page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  }, 120_000);
  afterAll(async () => {
    await explainer.browser?.close();
    await explainer.site?.close();
  });
  return explainer;
}

/** The last test of a file: nothing its tests did logged a console error. */
export function itLogsNoErrors(explainer: Explainer): void {
  it('logs no console errors', () => {
    expect(explainer.errors).toEqual([]);
  });
}
