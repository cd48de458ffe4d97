import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  binaryCrossEntropyWithLogits,
  crossEntropy,
  crossEntropyLoss,
  crossEntropyLossWithGrad,
  entropy,
  explainLoss,
  klDivergence,
  multiLabelCrossEntropy,
  surprisal,
} from '../../src/index.js';
import { squaredErrorOnSoftmaxWithGrad } from '../../web/src/compare/squaredError.js';
import { parseDigits, splitDigits } from '../../web/src/training/digits.js';
import { collectErrors, launch, rawNumber, setSlider } from './web/browser.js';
import { buildAndServe, resultsDir, type Site } from './web/serve.js';

// One build, one browser, one page for the whole file: the page is the thing under test, and
// each test drives a different section of it.
let site: Site;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  site = await buildAndServe();
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  errors = collectErrors(page);
  await page.goto(site.url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const sections = [
  'surprisal',
  'entropy',
  'cross-entropy',
  'loss',
  'binary',
  'why',
  'gradient',
  'training',
  'quiz',
];

describe('explainer page', () => {
  it('renders every section with its figures and typeset formulas', async () => {
    for (const id of sections) {
      const section = page.locator(`#${id}`);
      await expect(section.isVisible()).resolves.toBe(true);
      if (id !== 'quiz') expect(await section.locator('canvas').count(), id).toBeGreaterThan(0);
      // Fixed formulas are typeset into the HTML at build time.
      if (id !== 'training' && id !== 'quiz')
        expect(await section.locator('.katex').count(), id).toBeGreaterThan(0);
    }
    expect(await page.locator('.katex-error').count()).toBe(0);
    expect(await page.locator('#quiz form.question').count()).toBe(5);
  });

  it('surprisal: the slider drives −log p, in bits or nats, and p = 0 shows ∞', async () => {
    await setSlider(page, '#surprisal [data-control="p"]', 0.25);
    expect(await rawNumber(page, '#surprisal [data-value="readout-surprisal"]')).toBe(
      surprisal(0.25, { base: 2 }),
    );
    expect(await rawNumber(page, '#surprisal [data-value="readout-surprisal"]')).toBe(2); // hand math: log2 4
    // Keyboard: one arrow press moves the slider one step (0.001).
    await page.locator('#surprisal [data-control="p"]').focus();
    await page.keyboard.press('ArrowRight');
    expect(await rawNumber(page, '#surprisal [data-value="readout-surprisal"]')).toBeCloseTo(
      surprisal(0.251, { base: 2 }),
      12,
    );
    await page.locator('#surprisal [data-control="base"] input[value="2.718281828459045"]').check();
    expect(await page.locator('#surprisal [data-value="unit"]').first().textContent()).toBe('nats');
    await setSlider(page, '#surprisal [data-control="p"]', 0);
    expect(await page.locator('#surprisal [data-value="readout-surprisal"]').textContent()).toBe('∞');
    expect(await rawNumber(page, '#surprisal [data-value="readout-surprisal"]')).toBe(
      Number.POSITIVE_INFINITY,
    );
    // The derivation panel shows the library's steps for the same input.
    expect(await page.locator('#surprisal .derivation .derivation-title').textContent()).toContain(
      'Surprisal of p = 0',
    );
  });

  it('entropy: editing a bar keeps a distribution and the entropy matches the library', async () => {
    await setSlider(page, '#entropy [data-control="p0"]', 0.6);
    const p = await Promise.all(
      [0, 1, 2].map(async (i) => rawNumber(page, `#entropy [data-control="p${i}"] + output`)),
    );
    expect(p[0]).toBe(0.6);
    expect(p[0] + p[1] + p[2]).toBeCloseTo(1, 12);
    expect(await rawNumber(page, '#entropy [data-value="readout-entropy"]')).toBeCloseTo(
      entropy(p, { base: 2 }),
      12,
    );
    // Dragging the dog bar up on the chart does what its slider does.
    await page.locator('#entropy canvas').first().scrollIntoViewIfNeeded();
    const box = await page.locator('#entropy canvas').first().boundingBox();
    if (!box) throw new Error('no entropy chart');
    await page.mouse.move(box.x + box.width * 0.85, box.y + box.height * 0.6);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.85, box.y + box.height * 0.25, { steps: 4 });
    await page.mouse.up();
    const dragged = await Promise.all(
      [0, 1, 2].map(async (i) => rawNumber(page, `#entropy [data-control="p${i}"] + output`)),
    );
    expect(dragged[2]).toBeGreaterThan(0.6);
    expect(dragged[0] + dragged[1] + dragged[2]).toBeCloseTo(1, 12);
    expect(await rawNumber(page, '#entropy [data-value="readout-entropy"]')).toBeCloseTo(
      entropy(dragged, { base: 2 }),
      12,
    );
    await page.getByRole('button', { name: 'uniform' }).click();
    // Hand math: the uniform distribution over 3 outcomes has entropy log2 3, the maximum.
    expect(await rawNumber(page, '#entropy [data-value="readout-entropy"]')).toBeCloseTo(Math.log2(3), 4);
    expect(await rawNumber(page, '#entropy [data-value="maxEntropy"]')).toBeCloseTo(Math.log2(3), 12);
    // A certain outcome: the impossible ones are infinitely surprising but weigh 0, so H = 0.
    await page.getByRole('button', { name: 'certain' }).click();
    expect(await rawNumber(page, '#entropy [data-value="readout-entropy"]')).toBe(0);
  });

  it('cross-entropy: the loaded coin, H(p, q) = H(p) + KL, and equality only for a right guess', async () => {
    await page.getByRole('button', { name: 'loaded coin, wrong way' }).click();
    const [p, q] = [
      [0.99, 0.01],
      [0.01, 0.99],
    ];
    const ce = await rawNumber(page, '#cross-entropy [data-value="readout-ce"]');
    expect(ce).toBe(crossEntropy(p, q, { base: 2 }));
    const h = await rawNumber(page, '#cross-entropy [data-value="entropy"]');
    const kl = await rawNumber(page, '#cross-entropy [data-value="kl"]');
    expect(h).toBe(entropy(p, { base: 2 }));
    expect(kl).toBe(klDivergence(p, q, { base: 2 }));
    expect(h + kl).toBeCloseTo(ce, 12);
    expect(ce).toBeCloseTo(-(0.99 * Math.log2(0.01) + 0.01 * Math.log2(0.99)), 12); // hand math
    await page.getByRole('button', { name: 'q = p' }).click();
    expect(await rawNumber(page, '#cross-entropy [data-value="kl"]')).toBe(0);
    expect(await rawNumber(page, '#cross-entropy [data-value="readout-ce"]')).toBeCloseTo(
      entropy(p, { base: 2 }),
      12,
    );
    // A guess of 0 for heads, which happens 99% of the time: infinite cross-entropy, shown as ∞.
    await setSlider(page, '#cross-entropy [data-control="q0"]', 0);
    expect(await rawNumber(page, '#cross-entropy [data-value="readout-ce"]')).toBe(crossEntropy(p, [0, 1]));
    expect(await page.locator('#cross-entropy [data-value="readout-ce"]').textContent()).toBe('∞');
    expect(await page.locator('#cross-entropy [data-value="verdict"]').textContent()).toContain('infinite');
  });

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

  it('quiz: right and wrong choices, and the numeric answer checked against the library', async () => {
    const question = (id: string) => page.locator(`#quiz [data-question="${id}"]`);
    await question('q1').locator('input[value="0"]').check();
    await question('q1').getByRole('button', { name: 'Check' }).click();
    expect(await question('q1').locator('.feedback').getAttribute('data-grade')).toBe('correct');
    await question('q2').locator('input[value="0"]').check();
    await question('q2').getByRole('button', { name: 'Check' }).click();
    expect(await question('q2').locator('.feedback').getAttribute('data-grade')).toBe('wrong');
    // Every choice explains itself once checked.
    expect(
      await question('q2')
        .locator('.why')
        .evaluateAll((spans) => spans.filter((s) => s.textContent).length),
    ).toBe(4);

    const answer = question('q4').locator('input[name="q4"]');
    await answer.fill('2');
    await question('q4').getByRole('button', { name: 'Check' }).click();
    expect(await question('q4').locator('.feedback').getAttribute('data-grade')).toBe('wrong');
    expect(await rawNumber(page, '#quiz [data-value="reference"]')).toBe(
      crossEntropy([1, 0, 0], [0.7, 0.2, 0.1]),
    );
    await answer.fill('0.515');
    expect(await question('q4').locator('.feedback').getAttribute('data-grade')).toBe('bits');
    await answer.fill('0.357');
    expect(await question('q4').locator('.feedback').getAttribute('data-grade')).toBe('correct');
    expect(-Math.log(0.7)).toBeCloseTo(0.357, 3); // the accepted answer, by hand
    expect(await page.locator('#quiz .score').textContent()).toContain('2 of 5');
  });

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

  it('the digits data: 1,797 labelled 8 × 8 images, split 1,437 / 360', () => {
    const all = parseDigits(readFileSync(new URL('../../web/data/digits.txt', import.meta.url), 'utf8'));
    expect(all.count).toBe(1797);
    expect(Math.min(...all.pixels)).toBe(0);
    expect(Math.max(...all.pixels)).toBe(1);
    expect(new Set(all.labels)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    const { train, test } = splitDigits(all);
    expect([train.count, test.count]).toEqual([1437, 360]);
  });

  it('lays out at desktop (1280 px) and phone (390 px) widths, saved as screenshots', async () => {
    await page.screenshot({ path: `${resultsDir}/web-desktop.png`, fullPage: true });
    // One picture per section too: a full page is too tall to look at closely.
    for (const id of sections)
      await page.locator(`#${id}`).screenshot({ path: `${resultsDir}/web-desktop-${id}.png` });
    await page.locator('header').screenshot({ path: `${resultsDir}/web-desktop-header.png` });
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    const phoneErrors = collectErrors(phone);
    await phone.goto(site.url);
    await phone.waitForSelector('body[data-ready="true"]');
    // Nothing may stick out sideways on a phone: a page that scrolls horizontally is broken there.
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    await phone.screenshot({ path: `${resultsDir}/web-phone.png`, fullPage: true });
    for (const id of sections)
      await phone.locator(`#${id}`).screenshot({ path: `${resultsDir}/web-phone-${id}.png` });
    await phone.close();
    expect(width).toBeLessThanOrEqual(390);
    expect(phoneErrors).toEqual([]);
  });

  it('logs no console errors', () => {
    expect(errors).toEqual([]);
  });
});
