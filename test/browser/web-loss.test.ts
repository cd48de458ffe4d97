import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  binaryCrossEntropyWithLogits,
  crossEntropyLoss,
  explainLoss,
  multiLabelCrossEntropy,
} from '../../src/index.js';
import { rawNumber, setSlider } from './web/browser.js';
import { itLogsNoErrors, useExplainer } from './web/explainer.js';

const explainer = useExplainer();
let page: Page;
beforeAll(() => {
  page = explainer.page;
});

describe('explainer: the loss from logits, binary and multi-label', () => {
  it('the loss: logits, label smoothing and mixup give the library’s crossEntropyLoss', async () => {
    const logits = [1, -2, 0.5];
    for (const [i, a] of logits.entries()) await setSlider(page, `#loss [data-control="logit${i}"]`, a);
    await page.locator('#loss [data-control="label"] input[value="1"]').check();
    expect(await rawNumber(page, '#loss [data-value="readout-loss"]')).toBeCloseTo(
      crossEntropyLoss(logits, 1),
      12,
    );
    expect(await rawNumber(page, '#loss [data-value="surprisalTrue"]')).toBeCloseTo(
      crossEntropyLoss(logits, 1),
      12,
    );

    await setSlider(page, '#loss [data-control="epsilon"]', 0.2);
    const smoothed = crossEntropyLoss(logits, 1, { labelSmoothing: 0.2 });
    expect(await rawNumber(page, '#loss [data-value="readout-loss"]')).toBeCloseTo(smoothed, 12);
    expect(await rawNumber(page, '#loss [data-value="readout-index-loss"]')).toBeCloseTo(smoothed, 12);
    expect(await page.locator('#loss .derivation-title').textContent()).toContain('label smoothing 0.2');

    await page.locator('#loss [data-control="mixLabel"] input[value="0"]').check();
    await setSlider(page, '#loss [data-control="lambda"]', 0.7);
    // Hand math: mixup 0.7·e1 + 0.3·e0 = [0.3, 0.7, 0], then smoothing (1 − 0.2)·t + 0.2/3.
    const target = [0.3, 0.7, 0].map((t) => 0.8 * t + 0.2 / 3);
    expect(await rawNumber(page, '#loss [data-value="readout-loss"]')).toBeCloseTo(
      crossEntropyLoss(logits, target),
      12,
    );
    await page.locator('#loss [data-control="mix"]').uncheck();
    await page.locator('#loss [data-control="smoothing"]').uncheck();
    expect(await rawNumber(page, '#loss [data-value="readout-loss"]')).toBeCloseTo(
      crossEntropyLoss(logits, 1),
      12,
    );

    // The code box shows the call that made the number, with the number itself.
    expect(await page.locator('#loss .code code').textContent()).toContain(
      `crossEntropyLoss([1, -2, 0.5], 1) // ${crossEntropyLoss(logits, 1)}`,
    );
    // Opening the derivation typesets the library's own steps, as `xent … --explain` prints them.
    await page.locator('#loss .derivation summary').click();
    await page.waitForSelector('#loss .derivation .steps .katex');
    const labels = await page.locator('#loss .derivation .step-label').allTextContents();
    expect(labels).toEqual(explainLoss(logits, 1).steps.map((step) => step.label));
    expect(await page.locator('#loss .derivation .katex-error').count()).toBe(0);
    // …and names the terminal command that prints the same steps.
    expect(await page.locator('#loss .derivation .cli code').textContent()).toBe(
      'npx xent loss --logits 1,-2,0.5 --label 1 --explain',
    );
  });
  it('binary and multi-label: sigmoid, the binary loss for either label, summed labels', async () => {
    await setSlider(page, '#binary [data-control="z"]', -2);
    await page.locator('#binary [data-control="label"] input[value="0"]').check();
    expect(await rawNumber(page, '#binary [data-value="readout-bce"]')).toBeCloseTo(
      binaryCrossEntropyWithLogits([-2], [0]),
      12,
    );
    expect(await rawNumber(page, '#binary [data-value="readout-bce"]')).toBeCloseTo(
      Math.log1p(Math.exp(-2)),
      12,
    );
    await page.locator('#binary [data-control="tagTarget2"]').check();
    await setSlider(page, '#binary [data-control="tag3"]', 1.5);
    const logits = [2.5, -1, 0.5, 1.5];
    const targets = [1, 1, 1, 0];
    expect(await rawNumber(page, '#binary [data-value="multiSum"]')).toBeCloseTo(
      multiLabelCrossEntropy([logits], [targets], { labels: 'sum' }),
      12,
    );
  });

  itLogsNoErrors(explainer);
});
