import { describe, expect, it } from 'vitest';
import { collectErrors } from './web/browser.js';
import { itLogsNoErrors, useExplainer } from './web/explainer.js';
import { resultsDir } from './web/serve.js';

// The page as a whole: every section renders, formulas are typeset, the layout holds at desktop
// and phone widths. The sections' own behaviour is tested in the other web-*.test.ts files.
const explainer = useExplainer();

/** Every section of the page, in order, as the page itself lists them. */
const sectionIds = (): Promise<string[]> =>
  explainer.page.locator('main > section[id]').evaluateAll((sections) => sections.map((s) => s.id));

describe('explainer page', () => {
  it('renders every section with a figure, and typesets every fixed formula', async () => {
    const { page } = explainer;
    const ids = await sectionIds();
    expect(ids.length).toBeGreaterThanOrEqual(9);
    for (const id of ids) {
      const section = page.locator(`#${id}`);
      await expect(section.isVisible()).resolves.toBe(true);
      if (id !== 'quiz')
        expect(await section.locator('canvas, svg:not(.katex svg)').count(), id).toBeGreaterThan(0);
    }
    expect(await page.locator('main .katex').count()).toBeGreaterThan(10);
    expect(await page.locator('.katex-error').count()).toBe(0);
  });

  it('lays out at desktop (1280 px) and phone (390 px) widths, saved as screenshots', async () => {
    const { page, browser, site } = explainer;
    const ids = await sectionIds();
    await page.screenshot({ path: `${resultsDir}/web-desktop.png`, fullPage: true });
    // One picture per section too: a full page is too tall to look at closely.
    for (const id of ids)
      await page.locator(`#${id}`).screenshot({ path: `${resultsDir}/web-desktop-${id}.png` });
    await page.locator('header').screenshot({ path: `${resultsDir}/web-desktop-header.png` });
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    const phoneErrors = collectErrors(phone);
    await phone.goto(site.url);
    await phone.waitForSelector('body[data-ready="true"]');
    // Nothing may stick out sideways on a phone: a page that scrolls horizontally is broken there.
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    await phone.screenshot({ path: `${resultsDir}/web-phone.png`, fullPage: true });
    for (const id of ids)
      await phone.locator(`#${id}`).screenshot({ path: `${resultsDir}/web-phone-${id}.png` });
    await phone.close();
    expect(width).toBeLessThanOrEqual(390);
    expect(phoneErrors).toEqual([]);
  });

  itLogsNoErrors(explainer);
});
