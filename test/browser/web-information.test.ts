import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { crossEntropy, entropy, klDivergence, surprisal } from '../../src/index.js';
import { rawNumber, setSlider } from './web/browser.js';
import { itLogsNoErrors, useExplainer } from './web/explainer.js';

const explainer = useExplainer();
let page: Page;
beforeAll(() => {
  page = explainer.page;
});

describe('explainer: surprisal, entropy and cross-entropy', () => {
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

  itLogsNoErrors(explainer);
});
