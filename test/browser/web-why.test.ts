import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { crossEntropyLossWithGrad } from '../../src/index.js';
import { squaredErrorOnSoftmaxWithGrad } from '../../web/src/compare/squaredError.js';
import { rawNumber, setSlider } from './web/browser.js';
import { itLogsNoErrors, useExplainer } from './web/explainer.js';

const explainer = useExplainer();
let page: Page;
beforeAll(() => {
  page = explainer.page;
});

describe('explainer: why this loss and the gradient check', () => {
  it('why this loss: the cross-entropy gradient stays near −1 where squared error’s vanishes', async () => {
    await setSlider(page, '#why [data-control="logit"]', -8);
    await setSlider(page, '#why [data-control="rival"]', 3);
    const gradCE = await rawNumber(page, '#why [data-value="readout-grad-ce"]');
    expect(gradCE).toBeCloseTo(crossEntropyLossWithGrad([-8, 3, 0], 0).grad.data[0], 12);
    expect(gradCE).toBeLessThan(-0.99);
    expect(Math.abs(await rawNumber(page, '#why [data-value="readout-grad-se"]'))).toBeLessThan(0.001);
    await setSlider(page, '#why [data-control="q"]', 0);
    expect(await page.locator('#why [data-value="readout-log"]').textContent()).toBe('∞');
    expect(await rawNumber(page, '#why [data-value="readout-squared"]')).toBe(1);
  });
  it('the gradient: the table shows the library’s gradient and a matching central difference', async () => {
    const logits = [0.5, 2, -1, 1];
    for (const [i, a] of logits.entries()) await setSlider(page, `#gradient [data-control="logit${i}"]`, a);
    await page.locator('#gradient [data-control="label"] input[value="2"]').check();
    const { grad } = crossEntropyLossWithGrad(logits, 2);
    for (let i = 0; i < 4; i++) {
      expect(await rawNumber(page, `#gradient [data-value="analytic${i}"]`)).toBeCloseTo(grad.data[i], 12);
      expect(await rawNumber(page, `#gradient [data-value="numeric${i}"]`)).toBeCloseTo(grad.data[i], 6);
    }
    expect(await rawNumber(page, '#gradient [data-value="maxDiff"]')).toBeLessThan(1e-8);
  });
  it('squaredErrorOnSoftmaxWithGrad (the page’s comparison loss) matches hand math and central differences', () => {
    // Hand math: logits (0, 0), label 0 → s = (½, ½), L = (½ − 1)² + ½² = ½, grad = s ⊙ (v − s·v) with v = 2(s − y).
    const simple = squaredErrorOnSoftmaxWithGrad(new Float64Array([0, 0]), [0], 2);
    expect(simple.loss).toBe(0.5);
    expect(Array.from(simple.grad)).toEqual([-0.5, 0.5]);
    const logits = [0.3, -1.2, 2, 0.5, -0.4, 1.1];
    const labels = [2, 0];
    const { grad } = squaredErrorOnSoftmaxWithGrad(new Float64Array(logits), labels, 3);
    const h = 1e-6;
    logits.forEach((_, i) => {
      const shifted = (delta: number) =>
        squaredErrorOnSoftmaxWithGrad(
          new Float64Array(logits.map((a, j) => (j === i ? a + delta : a))),
          labels,
          3,
        ).loss;
      expect(grad[i]).toBeCloseTo((shifted(h) - shifted(-h)) / (2 * h), 8);
    });
  });

  itLogsNoErrors(explainer);
});
