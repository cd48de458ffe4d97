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

  it('lists every section in the table of contents, in order, by its heading', async () => {
    const { page } = explainer;
    const toc = await page
      .locator('nav .toc a')
      .evaluateAll((links) => links.map((a) => ({ href: a.getAttribute('href'), text: a.textContent })));
    const headings = await page
      .locator('main > section[id]')
      .evaluateAll((sections) =>
        sections.map((s) => ({ href: `#${s.id}`, heading: s.querySelector('h2')?.textContent ?? '' })),
      );
    expect(toc.map((link) => link.href)).toEqual(headings.map((section) => section.href));
    for (const [i, link] of toc.entries()) expect(headings[i]?.heading).toContain(link.text);
  });

  it('lights a quantity up page-wide from the notation legend, by pointer and by keyboard', async () => {
    const { page } = explainer;
    const pitchKl = page.locator('.pitch p > [data-term="kl"]');
    const outline = () => pitchKl.evaluate((span) => getComputedStyle(span).outlineStyle);
    await expect(outline()).resolves.toBe('none');
    await page.locator('.hero .legend [data-term="kl"]').hover();
    await expect(page.locator('body').getAttribute('data-highlight')).resolves.toBe('kl');
    await expect(outline()).resolves.toBe('solid');
    await page.mouse.move(1, 890);
    await expect(page.locator('body').getAttribute('data-highlight')).resolves.toBe(null);
    await page.locator('.hero .legend [data-term="guess"]').focus();
    await expect(page.locator('body').getAttribute('data-highlight')).resolves.toBe('guess');
    await page.locator('.hero .legend [data-term="guess"]').blur();
    // Scrolled past the hero, the legend docks in a corner and opens on demand.
    const docked = page.locator('details.legend.docked');
    await page.locator('#training').scrollIntoViewIfNeeded();
    await docked.waitFor({ state: 'visible' });
    await docked.locator('summary').click();
    await docked.locator('[data-term="entropy"]').hover();
    await expect(page.locator('body').getAttribute('data-highlight')).resolves.toBe('entropy');
    await page.mouse.move(1, 1);
    await docked.locator('summary').click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await docked.waitFor({ state: 'hidden' });
    await page.mouse.move(1, 1);
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
