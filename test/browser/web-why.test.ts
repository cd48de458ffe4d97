import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  crossEntropy,
  crossEntropyLoss,
  crossEntropyLossWithGrad,
  softmax,
  surprisal,
} from '../../src/index.js';
import {
  squaredErrorOfProbabilities,
  squaredErrorOnSoftmaxWithGrad,
} from '../../web/src/compare/squaredError.js';
import { rawNumber, setSlider } from './web/browser.js';
import { itLogsNoErrors, useExplainer } from './web/explainer.js';

const explainer = useExplainer();
let page: Page;
beforeAll(() => {
  page = explainer.page;
});

const three = async (selector: (i: number) => string): Promise<number[]> =>
  Promise.all([0, 1, 2].map((i) => rawNumber(page, selector(i))));
const logits = (loss: 'ce' | 'se') => three((i) => `#why [data-value="${loss}-logits${i}"]`);
const probabilities = (loss: 'ce' | 'se') => three((i) => `#why [data-value="${loss}-q${i}"]`);
const gradient = (loss: 'ce' | 'se') => three((i) => `#why [data-value="${loss}-grad${i}"]`);

/** Every entry of `actual` close to the same entry of `expected`. */
function expectEach(actual: readonly number[], expected: ArrayLike<number>, digits: number): void {
  expect(actual.length).toBe(expected.length);
  for (const [i, value] of actual.entries()) expect(value, `entry ${i}`).toBeCloseTo(expected[i], digits);
}

/** A point of a figure's SVG, given in its viewBox units, in page pixels. */
async function svgPoint(selector: string, [x, y]: [number, number]): Promise<[number, number]> {
  const svg = page.locator(selector);
  const box = await svg.boundingBox();
  const viewBox = (await svg.getAttribute('viewBox'))?.split(' ').map(Number);
  if (!box || !viewBox) throw new Error(`${selector} is not on screen`);
  return [box.x + (x / viewBox[2]) * box.width, box.y + (y / viewBox[3]) * box.height];
}

async function drag(selector: string, from: [number, number], to: [number, number]): Promise<void> {
  await page.locator(selector).scrollIntoViewIfNeeded();
  const start = await svgPoint(selector, from);
  const end = await svgPoint(selector, to);
  await page.mouse.move(...start);
  await page.mouse.down();
  await page.mouse.move(...end, { steps: 5 });
  await page.mouse.up();
}

describe('explainer: why this loss (the simplex)', () => {
  it('the arrow’s numbers are the library’s crossEntropyLossWithGrad gradient at the current logits', async () => {
    const z = await logits('ce');
    expect(z).toEqual([-4, 4, 0]);
    const { grad } = crossEntropyLossWithGrad(z, 0);
    const shown = await gradient('ce');
    expectEach(shown, grad.data, 12);
    // Hand math: q − p with p = (1, 0, 0); a confidently wrong start gets nearly the full −1.
    const q = [Math.exp(-4), Math.exp(4), 1].map((e, _, all) => e / (all[0] + all[1] + all[2]));
    expectEach(shown, [q[0] - 1, q[1], q[2]], 12);
    expect(shown[0]).toBeLessThan(-0.99);
    // Squared error's push on the same logit has all but vanished.
    const se = await gradient('se');
    expect(se[0]).toBeCloseTo(squaredErrorOnSoftmaxWithGrad(new Float64Array(z), [0], 3).grad[0], 12);
    expect(Math.abs(se[0])).toBeLessThan(0.002);
    // Hand math for the prediction's explanation: 2·q_k·((q_k − 1) − Σ qᵢ(qᵢ − pᵢ)), a factor q_k.
    const spread = q[0] * (q[0] - 1) + q[1] * q[1] + q[2] * q[2];
    expect(se[0]).toBeCloseTo(2 * q[0] * (q[0] - 1 - spread), 12);
    expect(await rawNumber(page, '#why [data-value="ce-loss"]')).toBeCloseTo(crossEntropyLoss(z, 0), 12);
  });

  it('keeps the prose that answers "which loss moves faster?" hidden until the reader commits', async () => {
    const answer = page.locator('#why .descent-scene .prose p', {
      hasText: 'Squared error has no such luck',
    });
    const aftermath = page.locator('#why .descent-scene .prose p', { hasText: 'two things to notice' });
    expect(await answer.isVisible()).toBe(false);
    expect(await aftermath.isVisible()).toBe(false);
  });

  it('play runs gradient descent: the cross-entropy loss falls at every step and beats squared error from a saturated start', async () => {
    // "Just show me" reveals the answer and starts the race.
    await page.locator('#why [data-predict="why"] button.quiet').click();
    expect(await page.locator('#why .descent-scene .prose p', { hasText: 'no such luck' }).isVisible()).toBe(
      true,
    );
    await expect
      .poll(() => rawNumber(page, '#why [data-value="steps"]'), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(12);
    await page.locator('#why [data-control="play"]').click();
    const played = await rawNumber(page, '#why [data-value="steps"]');
    // The page took exactly `played` steps z ← z − ∂L/∂z (learning rate 1) with the library's gradient.
    let z = [-4, 4, 0];
    for (let t = 0; t < played; t++) {
      const g = crossEntropyLossWithGrad(z, 0).grad.data;
      z = z.map((zi, i) => zi - g[i]);
    }
    expectEach(await logits('ce'), z, 10);

    await page.locator('#why [data-control="reset"]').click();
    let previous = await rawNumber(page, '#why [data-value="ce-loss"]');
    for (let t = 1; t <= 12; t++) {
      await page.locator('#why [data-control="step"]').click();
      const loss = await rawNumber(page, '#why [data-value="ce-loss"]');
      expect(loss, `step ${t}`).toBeLessThan(previous);
      previous = loss;
    }
    const ceTrue = await rawNumber(page, '#why [data-value="ceQTrue"]');
    const seTrue = await rawNumber(page, '#why [data-value="seQTrue"]');
    expect(ceTrue).toBeGreaterThan(0.9);
    expect(seTrue).toBeLessThan(0.01);
    // Measured with one yardstick, the cross-entropy of each point: cross-entropy's point is far ahead.
    const seLoss = crossEntropyLoss(await logits('se'), 0);
    expect(previous).toBeLessThan(seLoss / 10);
    expect(await rawNumber(page, '#why [data-value="se-loss"]')).toBeCloseTo(
      squaredErrorOfProbabilities(await probabilities('se'), 0),
      12,
    );
  });

  it('dragging the start with the mouse sets q to the point under it, and q = softmax(z) of the new logits', async () => {
    // The centroid of the triangle (corners (150, 30), (22, 252), (278, 252)) is q = (⅓, ⅓, ⅓).
    await drag('#why [data-figure="simplex-ce"] svg', [200, 240], [150, 178]);
    expect(await rawNumber(page, '#why [data-value="steps"]')).toBe(0);
    const z = await logits('ce');
    const q = await probabilities('ce');
    const expected = softmax(z).data;
    expectEach(q, expected, 12);
    for (const qi of q) expect(qi).toBeCloseTo(1 / 3, 2);
    expect(await logits('se')).toEqual(z);
  });

  it('the arrow keys move the start point, and q follows softmax(z)', async () => {
    const handle = page.locator('#why [data-figure="simplex-ce"] .handle');
    const before = await probabilities('ce');
    await handle.focus();
    for (let i = 0; i < 5; i++) await handle.press('ArrowUp');
    const z = await logits('ce');
    const q = await probabilities('ce');
    const expected = softmax(z).data;
    expectEach(q, expected, 12);
    // Up is toward class 0's corner, 222 units above the base: 5 presses of 4 units add 20/222 to q₀.
    expect(q[0] - before[0]).toBeCloseTo(20 / 222, 2);
    const { grad } = crossEntropyLossWithGrad(z, 0);
    expectEach(await gradient('ce'), grad.data, 12);
  });

  it('the formula’s terms light up their parts of the figure: the gradient, the arrow; the guess, the points', async () => {
    const opacity = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((node) => Number(getComputedStyle(node).opacity));
    await page.locator('#why .descent-scene .tex.display [data-term="gradient"]').hover();
    expect(await page.locator('#why').getAttribute('data-highlight')).toBe('gradient');
    // The fade is a 0.1 s transition, so the test waits for it to settle.
    await expect.poll(() => opacity('#why [data-figure="simplex-ce"] .step-arrow')).toBe(1);
    await expect.poll(() => opacity('#why [data-figure="simplex-ce"] .handle')).toBeLessThan(0.5);
    await page.locator('#why .descent-scene .tex.display [data-term="guess"]').hover();
    await expect.poll(() => opacity('#why [data-figure="simplex-ce"] .handle')).toBe(1);
    await expect.poll(() => opacity('#why [data-figure="simplex-ce"] .step-arrow')).toBeLessThan(0.5);
    await page.mouse.move(0, 0);
  });

  it('the penalty figure: −log q is unbounded, 1 − q and (1 − q)² stop at 1', async () => {
    await setSlider(page, '#why [data-control="q"]', 0.25);
    expect(await rawNumber(page, '#why [data-value="readout-log"]')).toBeCloseTo(Math.log(4), 12);
    expect(await rawNumber(page, '#why [data-value="readout-log"]')).toBe(surprisal(0.25));
    await setSlider(page, '#why [data-control="q"]', 0);
    expect(await page.locator('#why [data-value="readout-log"]').textContent()).toBe('∞');
    expect(await rawNumber(page, '#why [data-value="readout-squared"]')).toBe(1);
    expect(await rawNumber(page, '#why [data-value="readout-linear"]')).toBe(1);
  });
});

describe('explainer: maximum likelihood and proper scoring', () => {
  const flipsAsProbabilities = (flips: number[], theta: number) => ({
    data: flips.flatMap(() => [1 - theta, theta]),
    shape: [flips.length, 2],
  });

  it('the mean loss is −(1/N) log of the likelihood, and equals the library’s mean crossEntropyLoss', async () => {
    await setSlider(page, '#likelihood [data-control="theta"]', 0.7);
    const flips = [1, 1, 0, 1, 1, 1, 0, 1, 0, 1];
    const meanLoss = await rawNumber(page, '#likelihood [data-value="meanLoss"]');
    expect(meanLoss).toBeCloseTo(
      crossEntropyLoss(flipsAsProbabilities(flips, 0.7), flips, { from: 'probabilities' }),
      12,
    );
    // By hand: 7 heads at 0.7 and 3 tails at 0.3.
    const product = 0.7 ** 7 * 0.3 ** 3;
    expect(await rawNumber(page, '#likelihood [data-value="likelihood"]')).toBeCloseTo(product, 14);
    expect(meanLoss).toBeCloseTo(-Math.log(product) / 10, 12);
    expect(await rawNumber(page, '#likelihood [data-value="nllFromProduct"]')).toBeCloseTo(meanLoss, 12);
  });

  it('turning a flip over (click, then Enter) changes the data set and its likelihood', async () => {
    const tile = page.locator('#likelihood [data-flip="2"]');
    await tile.click();
    expect(await rawNumber(page, '#likelihood [data-value="meanLoss"]')).toBeCloseTo(
      -(8 * Math.log(0.7) + 2 * Math.log(0.3)) / 10,
      12,
    );
    expect(await rawNumber(page, '#likelihood [data-value="headsFraction"]')).toBe(0.8);
    await tile.focus();
    await tile.press('Enter');
    expect(await rawNumber(page, '#likelihood [data-value="headsFraction"]')).toBe(0.7);
  });

  it("the coin's p cannot be dragged before the prediction, so the question's 70 % stays true", async () => {
    const question = await page.locator('#likelihood [data-predict="likelihood"] legend').textContent();
    expect(question).toContain('heads 70 % of the time');
    const scrub = page.locator('#likelihood [data-scrub="p"]');
    const plain = page.locator('#likelihood .prose .before-reveal[data-value="p"]');
    expect(await scrub.isVisible()).toBe(false);
    expect(await plain.isVisible()).toBe(true);
    expect(await rawNumber(page, '#likelihood .prose .before-reveal[data-value="p"]')).toBe(0.7);
    // Not reachable from the keyboard either: a display: none element takes no focus.
    const focusable = await scrub.evaluate((span) => {
      span.focus();
      return document.activeElement === span;
    });
    expect(focusable).toBe(false);
  });

  it('the expected log loss H(p, q) is lowest at q = p; the linear penalty is lowest at an extreme', async () => {
    const knob = page.locator('#likelihood .scoring .knob');
    // The curves and their minima answer the prediction, so they wait for it.
    expect(await knob.isVisible()).toBe(false);
    await page.locator('#likelihood [data-predict="likelihood"] button.quiet').click();
    expect(await knob.isVisible()).toBe(true);
    await knob.focus();
    await knob.press('Home');
    for (let i = 0; i < 70; i++) await knob.press('ArrowRight');
    expect(await rawNumber(page, '#likelihood [data-control="report"] + output')).toBe(0.7);
    const atTruth = await rawNumber(page, '#likelihood [data-value="expectedLoss"]');
    expect(atTruth).toBeCloseTo(crossEntropy([0.3, 0.7], [0.3, 0.7]), 12);
    expect(atTruth).toBeCloseTo(-(0.3 * Math.log(0.3) + 0.7 * Math.log(0.7)), 12);
    for (const q of [0.5, 0.6, 0.65, 0.69, 0.71, 0.75, 0.8, 0.95]) {
      await setSlider(page, '#likelihood [data-control="report"]', q);
      const loss = await rawNumber(page, '#likelihood [data-value="expectedLoss"]');
      expect(loss, `q = ${q}`).toBeCloseTo(crossEntropy([0.3, 0.7], [1 - q, q]), 12);
      expect(loss, `q = ${q}`).toBeGreaterThan(atTruth);
      // H(p, q) = H(p) + KL(p‖q), the two from the library's entropy and klDivergence.
      expect(await rawNumber(page, '#likelihood [data-value="entropyPlusKl"]')).toBeCloseTo(loss, 12);
    }
    expect(await rawNumber(page, '#likelihood [data-value="logArgmin"]')).toBe(0.7);
    expect(await rawNumber(page, '#likelihood [data-value="linearArgmin"]')).toBe(1);
    // After the reveal the true p is a number in the prose you drag, in place of the plain one;
    // from the keyboard, 40 steps down is 0.3.
    expect(await page.locator('#likelihood .prose .before-reveal[data-value="p"]').isVisible()).toBe(false);
    const p = page.locator('#likelihood [data-scrub="p"]');
    await p.focus();
    for (let i = 0; i < 40; i++) await p.press('ArrowLeft');
    expect(await rawNumber(page, '#likelihood [data-scrub="p"]')).toBe(0.3);
    expect(await rawNumber(page, '#likelihood [data-value="logArgmin"]')).toBe(0.3);
    expect(await rawNumber(page, '#likelihood [data-value="linearArgmin"]')).toBe(0);
  });

  it('dragging along the scoring figure announces the q under the pointer', async () => {
    // The plot spans x = 34 … 328 for q = 0 … 1, so x = 34 + 0.25 · 294 is q = 0.25.
    await drag('#likelihood .scoring', [200, 100], [34 + 0.25 * 294, 100]);
    expect(await rawNumber(page, '#likelihood [data-control="report"] + output')).toBeCloseTo(0.25, 2);
  });
});

describe('explainer: the gradient check', () => {
  const shownLogits = () =>
    Promise.all([0, 1, 2, 3].map((i) => rawNumber(page, `#gradient [data-value="logit${i}"]`)));

  async function expectTableMatchesLibrary(logits: number[], label: number): Promise<void> {
    const { grad } = crossEntropyLossWithGrad(logits, label);
    for (let i = 0; i < 4; i++) {
      expect(await rawNumber(page, `#gradient [data-value="analytic${i}"]`)).toBeCloseTo(grad.data[i], 12);
      expect(await rawNumber(page, `#gradient [data-value="numeric${i}"]`)).toBeCloseTo(grad.data[i], 6);
    }
    expect(await rawNumber(page, '#gradient [data-value="maxDiff"]')).toBeLessThan(1e-8);
  }

  it('the logit bars move with the arrow keys, and the table shows the library’s gradient beside a matching central difference', async () => {
    expect(await shownLogits()).toEqual([1.5, -0.5, 0.3, 2]);
    // From (1.5, −0.5, 0.3, 2) to (0.5, 2, −1, 1), in steps of 0.1 (Page Up: 1).
    const presses: [number, string, number][] = [
      [0, 'ArrowDown', 10],
      [1, 'PageUp', 2],
      [1, 'ArrowUp', 5],
      [2, 'ArrowDown', 13],
      [3, 'ArrowLeft', 10],
    ];
    for (const [bar, key, count] of presses) {
      const handle = page.locator(`#gradient [data-bar="${bar}"]`);
      await handle.focus();
      for (let i = 0; i < count; i++) await handle.press(key);
    }
    expect(await shownLogits()).toEqual([0.5, 2, -1, 1]);
    await page.locator('#gradient [data-control="label"] input[value="2"]').check();
    await expectTableMatchesLibrary([0.5, 2, -1, 1], 2);
    // Hand math: the true class's entry is q₂ − 1 with q₂ = e⁻¹ / (e^0.5 + e² + e⁻¹ + e).
    const q2 = Math.exp(-1) / (Math.exp(0.5) + Math.exp(2) + Math.exp(-1) + Math.exp(1));
    expect(await rawNumber(page, '#gradient [data-value="analytic2"]')).toBeCloseTo(q2 - 1, 12);
  });

  it('dragging a logit bar with the mouse sets that logit, and the gradient follows', async () => {
    const svg = '#gradient svg.gradient-check';
    // Bar 1's column, dragged from the zero line to far above the top: the logit stops at 5.
    await drag(svg, [130, 85], [130, -40]);
    expect(await shownLogits()).toEqual([0.5, 5, -1, 1]);
    await expectTableMatchesLibrary([0.5, 5, -1, 1], 2);
    expect(await rawNumber(page, '#gradient [data-value="gradSum"]')).toBeCloseTo(0, 14);
  });
});

describe('the page’s comparison losses', () => {
  it('squaredErrorOnSoftmaxWithGrad matches hand math and central differences', () => {
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

  it('squaredErrorOfProbabilities(q, label) is Σ (q − one-hot)², by hand', () => {
    expect(squaredErrorOfProbabilities([1, 0, 0], 0)).toBe(0);
    expect(squaredErrorOfProbabilities([0, 1, 0], 0)).toBe(2);
    // (0.5 − 1)² + 0.25² + 0.25² = 0.25 + 0.0625 + 0.0625
    expect(squaredErrorOfProbabilities([0.5, 0.25, 0.25], 0)).toBe(0.375);
  });
});

itLogsNoErrors(explainer);
