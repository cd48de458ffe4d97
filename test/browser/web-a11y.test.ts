import axe from 'axe-core';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { collectErrors } from './web/browser.js';
import { itLogsNoErrors, useExplainer } from './web/explainer.js';

// Accessibility of the whole page: axe-core's rules at desktop and phone widths, a skip link, and
// every section operable from the keyboard alone.
const explainer = useExplainer();

/** axe-core's serious and critical violations on the page, one line per rule and node. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source });
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) =>
      violation.nodes.map(
        (node) => `${violation.id} (${violation.impact}): ${node.target.join(' ')} — ${node.failureSummary}`,
      ),
    );
}

declare global {
  interface Window {
    axe: typeof axe;
  }
}

describe('explainer accessibility', () => {
  it('has no serious or critical axe-core violations at 1280 px', async () => {
    expect(await seriousViolations(explainer.page)).toEqual([]);
  });

  it('has no serious or critical axe-core violations at 390 px', async () => {
    const { browser, site } = explainer;
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const errors = collectErrors(phone);
    await phone.goto(site.url);
    await phone.waitForSelector('body[data-ready="true"]');
    const violations = await seriousViolations(phone);
    await phone.close();
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('offers "Skip to the explanation" as the first tab stop, which moves focus to the first section', async () => {
    const { browser, site } = explainer;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(site.url);
    await page.waitForSelector('body[data-interactive]');
    await page.keyboard.press('Tab');
    const skip = page.locator(':focus');
    await expect(skip.textContent()).resolves.toBe('Skip to the explanation');
    const box = await skip.boundingBox();
    expect(box?.y).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('explanation');
    // The next Tab lands inside the explanation, past the hero.
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.closest('main') !== null)).resolves.toBe(true);
    await page.close();
  });

  it('reaches a control of every section with the Tab key alone', async () => {
    const { browser, site } = explainer;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(site.url);
    await page.waitForSelector('body[data-ready="true"]');
    const sections = await page.locator('main > section[id]').evaluateAll((all) => all.map((s) => s.id));
    const reached = new Set<string>();
    // Tab until focus comes back round to the top of the page (or a generous cap).
    for (let stop = 0; stop < 1500; stop++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const element = document.activeElement;
        if (!element || element === document.body) return { wrapped: true, section: null, control: false };
        const control = element.matches(
          'input, select, textarea, button, summary, [role="slider"], [role="button"], [role="radio"]',
        );
        return {
          wrapped: element.classList.contains('skip-link') && window.scrollY === 0,
          section: element.closest('main > section')?.id ?? null,
          control,
        };
      });
      if (focused.section && focused.control) reached.add(focused.section);
      if (focused.wrapped && stop > 0) break;
    }
    await page.close();
    expect(sections.filter((id) => !reached.has(id))).toEqual([]);
  });

  it('describes every figure to screen readers: an image with a label, or a labelled group of sliders or buttons', async () => {
    const figures = explainer.page.locator('main canvas, main svg:not(.katex svg):not(svg svg)');
    expect(await figures.count()).toBeGreaterThan(9);
    const undescribed = await figures.evaluateAll((figures) =>
      figures
        .filter((figure) => {
          if (figure.closest('[aria-hidden="true"]')) return false;
          const labelled =
            figure.getAttribute('role') === 'img' &&
            Boolean(figure.getAttribute('aria-label')?.trim() || figure.getAttribute('aria-labelledby'));
          const operable =
            Boolean(figure.getAttribute('aria-label')?.trim()) &&
            figure.querySelector('[role="slider"], [role="button"]') !== null;
          return !labelled && !operable && figure.querySelector('[role="slider"]') === null;
        })
        .map(
          (figure) =>
            `${figure.closest('section')?.id ?? '?'}: <${figure.tagName.toLowerCase()} class="${figure.getAttribute('class') ?? ''}">`,
        ),
    );
    expect(undescribed).toEqual([]);
  });

  itLogsNoErrors(explainer);
});
