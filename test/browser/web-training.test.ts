import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDigits, splitDigits } from '../../web/src/training/digits.js';
import { rawNumber } from './web/browser.js';
import { itLogsNoErrors, useExplainer } from './web/explainer.js';

const explainer = useExplainer();
let page: Page;
beforeAll(() => {
  page = explainer.page;
});

describe('explainer: training live', () => {
  it('training: both models learn, and cross-entropy gets ahead of squared error', async () => {
    const initial = await rawNumber(page, '#training [data-value="ce-test-loss"]');
    expect(initial).toBeCloseTo(Math.log(10), 1); // near-zero weights: about uniform over 10 digits
    await page.locator('#training [data-control="train"]').click();
    await page.waitForFunction(
      () => document.querySelector('#training [data-value="epoch"]')?.textContent === '60',
      null,
      {
        timeout: 60_000,
      },
    );
    const ceLoss = await rawNumber(page, '#training [data-value="ce-test-loss"]');
    const seLoss = await rawNumber(page, '#training [data-value="se-test-loss"]');
    expect(ceLoss).toBeLessThan(initial / 4);
    expect(seLoss).toBeLessThan(initial);
    expect(ceLoss).toBeLessThan(seLoss);
    expect(await rawNumber(page, '#training [data-value="ce-accuracy"]')).toBeGreaterThan(0.9);

    // From confidently wrong (saturated) starting weights, squared error's gradient vanishes.
    await page.locator('#training [data-control="initScale"] input[value="2"]').check();
    expect(await page.locator('#training [data-value="epoch"]').textContent()).toBe('0');
    for (let i = 0; i < 5; i++) await page.locator('#training [data-control="step"]').click();
    const ceAccuracy = await rawNumber(page, '#training [data-value="ce-accuracy"]');
    const seAccuracy = await rawNumber(page, '#training [data-value="se-accuracy"]');
    expect(ceAccuracy - seAccuracy).toBeGreaterThan(0.2);
    // Back to the small start, trained to the end, for the screenshots.
    await page.locator('#training [data-control="initScale"] input[value="0.01"]').check();
    await page.locator('#training [data-control="train"]').click();
    await page.waitForFunction(
      () => document.querySelector('#training [data-value="epoch"]')?.textContent === '60',
    );
  }, 90_000);
  it('the digits data: 1,797 labelled 8 × 8 images, split 1,437 / 360', () => {
    const all = parseDigits(readFileSync(new URL('../../web/data/digits.txt', import.meta.url), 'utf8'));
    expect(all.count).toBe(1797);
    expect(Math.min(...all.pixels)).toBe(0);
    expect(Math.max(...all.pixels)).toBe(1);
    expect(new Set(all.labels)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    const { train, test } = splitDigits(all);
    expect([train.count, test.count]).toEqual([1437, 360]);
  });

  itLogsNoErrors(explainer);
});
