import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  binaryCrossEntropyWithLogits,
  crossEntropy,
  crossEntropyLoss,
  explainLoss,
  multiLabelCrossEntropy,
  softmax,
} from '../../src/index.js';
import { rawNumber, setSlider } from './web/browser.js';
import { itLogsNoErrors, useExplainer } from './web/explainer.js';

const explainer = useExplainer();
let page: Page;
beforeAll(() => {
  page = explainer.page;
});

/** The values a figure's logit bars hold now (each bar is an ARIA slider). */
const logitsOf = (section: string, name = 'logit'): Promise<number[]> =>
  page
    .locator(`#${section} [data-control^="${name}"][role="slider"]`)
    .evaluateAll((handles) => handles.map((h) => Number(h.getAttribute('aria-valuenow'))));

/** The exact numbers printed on one set of bars (`data-series` is the quantity's term). */
const barsOf = (section: string, series: string, figure = '.class-bars'): Promise<number[]> =>
  page
    .locator(`#${section} ${figure} text[data-series="${series}"]`)
    .evaluateAll((texts) => texts.map((t) => Number(t.getAttribute('data-raw'))));

/** Drags a logit bar with the mouse to a height given as a fraction of its column (0 top, 1 bottom). */
async function dragBar(selector: string, fraction: number): Promise<void> {
  const hit = page.locator(`${selector} .hit`);
  await hit.scrollIntoViewIfNeeded();
  const box = await hit.boundingBox();
  if (!box) throw new Error(`${selector} is not visible`);
  const x = box.x + box.width / 2;
  await page.mouse.move(x, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(x, box.y + fraction * box.height, { steps: 6 });
  await page.mouse.up();
}

async function press(selector: string, key: string, times = 1): Promise<void> {
  await page.locator(selector).focus();
  for (let i = 0; i < times; i++) await page.keyboard.press(key);
}

const expectAllClose = (actual: number[], expected: ArrayLike<number>, digits = 12): void => {
  expect(actual).toHaveLength(expected.length);
  for (const [i, value] of actual.entries()) expect(value, `entry ${i}`).toBeCloseTo(expected[i], digits);
};

describe('explainer: softmax', () => {
  it('dragging a logit bar with the mouse sets the softmax bars to softmax() of the logits', async () => {
    expect(await logitsOf('softmax')).toEqual([0.5, 1.5, 2.5]);
    // To the top of its column: the bar's maximum, 6.
    await dragBar('#softmax [data-control="logit1"]', 0);
    const logits = await logitsOf('softmax');
    expect(logits).toEqual([0.5, 6, 2.5]);
    expectAllClose(await barsOf('softmax', 'guess'), softmax(logits).data);
    // Hand math: the ratio of two probabilities is e to the difference of their logits.
    const q = await barsOf('softmax', 'guess');
    expect(q[1] / q[2]).toBeCloseTo(Math.exp(6 - 2.5), 10);
    // Halfway down the column is the middle of the axis, logit 0.
    await dragBar('#softmax [data-control="logit1"]', 0.5);
    expect((await logitsOf('softmax'))[1]).toBeCloseTo(0, 0);
  });

  it('the arrow keys move a focused bar by one step, Page Up by ten', async () => {
    await press('#softmax [data-control="logit1"]', 'End');
    await press('#softmax [data-control="logit0"]', 'ArrowUp', 3);
    await press('#softmax [data-control="logit2"]', 'PageDown');
    const logits = await logitsOf('softmax');
    expect(logits).toEqual([0.8, 6, 1.5]);
    expectAllClose(await barsOf('softmax', 'guess'), softmax(logits).data);
  });

  it('temperature divides the logits; adding c to every logit changes nothing', async () => {
    const logits = await logitsOf('softmax');
    await setSlider(page, '#softmax [data-control="temperature"]', 2);
    const warm = await barsOf('softmax', 'guess');
    expectAllClose(warm, softmax(logits, { temperature: 2 }).data);
    expectAllClose(warm, softmax(logits.map((z) => z / 2)).data);
    // Plain softmax stays beside it, pale, so the flattening shows.
    expectAllClose(await barsOf('softmax', 'plain'), softmax(logits).data);
    expect(Math.max(...warm)).toBeLessThan(Math.max(...softmax(logits).data));
    expect(await page.locator('#softmax [data-scrub="temperature"]').getAttribute('aria-valuenow')).toBe('2');
    // The prose number is the same state: dragging it from the keyboard moves the slider too.
    await press('#softmax [data-scrub="temperature"]', 'ArrowLeft', 5);
    expect(await rawNumber(page, '#softmax [data-control="temperature"] + output')).toBe(1.5);
    expectAllClose(await barsOf('softmax', 'guess'), softmax(logits, { temperature: 1.5 }).data);

    const before = await barsOf('softmax', 'guess');
    await setSlider(page, '#softmax [data-control="shift"]', 1.5);
    expectAllClose(await logitsOf('softmax'), [0.8 + 1.5, 6 + 1.5, 1.5 + 1.5]);
    expectAllClose(await barsOf('softmax', 'guess'), before, 14);
  });

  it('the prediction reveals shift invariance', async () => {
    const form = page.locator('#softmax form[data-predict="softmax-shift"]');
    await form.locator('input[value="2"]').check();
    await form.locator('button[type="submit"]').click();
    expect(await form.getAttribute('data-grade')).toBe('correct');
    expect(await rawNumber(page, '#softmax [data-control="shift"] + output')).toBe(2);
    expect(await page.locator('#softmax .reveal').isVisible()).toBe(true);
  });
});

describe('explainer: the loss, label smoothing and mixup', () => {
  it('the worked example gives −ln 0.7 exactly: 0.356675', async () => {
    const loss = () => rawNumber(page, '#loss [data-value="readout-loss"]');
    await press('#loss [data-control="logit0"]', 'ArrowUp', 4);
    expect(await loss()).not.toBeCloseTo(-Math.log(0.7), 3);
    await page.locator('#loss button', { hasText: 'worked example' }).click();
    expect(await loss()).toBe(crossEntropy([0, 0, 1], [0.1, 0.2, 0.7]));
    expect(Math.abs((await loss()) + Math.log(0.7))).toBeLessThan(1e-12);
    expect(await page.locator('#loss [data-value="readout-loss"]').textContent()).toBe('0.356675');
    expectAllClose(await barsOf('loss', 'guess'), [0.1, 0.2, 0.7], 15);
    expect(await barsOf('loss', 'truth')).toEqual([0, 0, 1]);
  });

  it('dragging the logits and picking the true class: the loss is −ln q_k, as crossEntropyLoss gives it', async () => {
    await dragBar('#loss [data-control="logit0"]', 0.25);
    await press('#loss [data-control="logit2"]', 'ArrowDown', 7);
    await page.locator('#loss [data-control="label"] input[value="1"]').check();
    const logits = await logitsOf('loss');
    const q = softmax(logits).data;
    const loss = await rawNumber(page, '#loss [data-value="readout-loss"]');
    expect(loss).toBeCloseTo(crossEntropyLoss(logits, 1), 12);
    expect(loss).toBeCloseTo(-Math.log(q[1]), 12);
    expectAllClose(await barsOf('loss', 'guess'), q);
    expect(await rawNumber(page, '#loss [data-marker="loss"] text')).toBeCloseTo(loss, 12);

    // The code box shows the calls that made the number, with the numbers themselves.
    expect(await page.locator('#loss .code code').textContent()).toContain(
      `crossEntropyLoss([${logits.join(', ')}], 1) // ${crossEntropyLoss(logits, 1)}`,
    );
    // Opening the derivation typesets the library's own steps, as `xent … --explain` prints them.
    await page.locator('#loss .derivation summary').click();
    await page.waitForSelector('#loss .derivation .steps .katex');
    const labels = await page.locator('#loss .derivation .step-label').allTextContents();
    expect(labels).toEqual(explainLoss(logits, 1).steps.map((step) => step.label));
    expect(await page.locator('#loss .derivation .katex-error').count()).toBe(0);
    expect(await page.locator('#loss .derivation .cli code').textContent()).toBe(
      `npx xent loss --logits ${logits.join(',')} --label 1 --explain`,
    );
  });

  it('hovering q in the formula lights up the q bars and fades the others', async () => {
    await page.locator('#loss .tex [data-term="guess"]').first().hover();
    expect(await page.locator('#loss').getAttribute('data-highlight')).toBe('guess');
    const opacity = (series: string) =>
      page
        .locator(`#loss rect[data-series="${series}"]`)
        .first()
        .evaluate((r) => getComputedStyle(r).opacity);
    // The fade is a 0.1 s CSS transition: poll, as the other sections' tests do, not read mid-way.
    await expect.poll(() => opacity('guess')).toBe('1');
    await expect.poll(async () => Number(await opacity('truth'))).toBeLessThan(1);
    await page.mouse.move(0, 0);
  });

  it('the prediction: shuffling the wrong classes leaves the loss at −ln 0.7', async () => {
    const form = page.locator('#loss form[data-predict="loss-wrong-classes"]');
    await form.locator('input[value="0"]').check();
    await form.locator('button[type="submit"]').click();
    expect(await form.getAttribute('data-grade')).toBe('wrong');
    expectAllClose(await barsOf('loss', 'guess'), [0.2, 0.1, 0.7]);
    expect(await rawNumber(page, '#loss [data-value="readout-loss"]')).toBeCloseTo(-Math.log(0.7), 12);
  });

  it('label smoothing: the loss is crossEntropyLoss with labelSmoothing, lowest (H(p)) where q = p', async () => {
    await setSlider(page, '#smoothing [data-control="epsilon"]', 0.2);
    await setSlider(page, '#smoothing [data-control="trueLogit"]', 4);
    // Hand math: p = 0.8·[0, 0, 1] + 0.2/3, q = [1, 1, e⁴] / (2 + e⁴).
    const p = [0.2 / 3, 0.2 / 3, 0.8 + 0.2 / 3];
    const q = [1, 1, Math.exp(4)].map((e) => e / (2 + Math.exp(4)));
    const loss = await rawNumber(page, '#smoothing [data-value="readout-loss"]');
    expect(loss).toBeCloseTo(crossEntropyLoss([0, 0, 4], 2, { labelSmoothing: 0.2 }), 12);
    expect(loss).toBeCloseTo(-p.reduce((sum, pi, i) => sum + pi * Math.log(q[i]), 0), 12);
    expectAllClose(await barsOf('smoothing', 'truth'), p);
    const best = await rawNumber(page, '#smoothing [data-value="readout-best"]');
    expect(best).toBeCloseTo(-p.reduce((sum, pi) => sum + pi * Math.log(pi), 0), 12);
    expect(loss).toBeGreaterThan(best);

    await page.locator('#smoothing button', { hasText: 'lowest loss' }).click();
    expectAllClose(await barsOf('smoothing', 'guess'), p);
    expect(await rawNumber(page, '#smoothing [data-value="readout-loss"]')).toBeCloseTo(best, 12);
    expect(await rawNumber(page, '#smoothing [data-control="trueLogit"] + output')).toBeCloseTo(
      Math.log(p[2] / p[0]),
      12,
    );

    // The ε in the prose is the same state, dragged from the keyboard.
    await press('#smoothing [data-scrub="epsilon"]', 'ArrowRight');
    expect(await rawNumber(page, '#smoothing [data-control="epsilon"] + output')).toBe(0.21);
  });

  it('mixup: the blocks that show which classes count stay hidden until the prediction is made', async () => {
    const blocks = page.locator('#mixup .term-areas');
    expect(await blocks.isVisible()).toBe(false);
    await page.locator('#mixup [data-predict="mixup-classes"] button.quiet').click();
    expect(await blocks.isVisible()).toBe(true);
  });

  it('mixup: the blended target’s loss is crossEntropyLoss with a probability target, λ·L_A + (1 − λ)·L_B', async () => {
    await setSlider(page, '#mixup [data-control="lambda"]', 0.6);
    await page.locator('#mixup [data-control="labelB"] input[value="1"]').check();
    const logits = [1, -0.5, 2];
    const target = [0, 0.4, 0.6];
    expectAllClose(await barsOf('mixup', 'truth'), target);
    const loss = await rawNumber(page, '#mixup [data-value="readout-loss"]');
    expect(loss).toBeCloseTo(crossEntropyLoss([logits], [target]), 12);
    const q = logits.map((z) => Math.exp(z) / logits.reduce((sum, zj) => sum + Math.exp(zj), 0));
    expect(loss).toBeCloseTo(0.6 * -Math.log(q[2]) + 0.4 * -Math.log(q[1]), 12);
    // The blocks' areas add up to the loss; the panda has no target weight and no area.
    const areas = await page
      .locator('#mixup .term-areas text.value')
      .evaluateAll((texts) => texts.map((t) => Number(t.getAttribute('data-raw'))));
    expect(areas[0]).toBe(0);
    expect(areas[0] + areas[1] + areas[2]).toBeCloseTo(loss, 12);
  });
});

describe('explainer: binary and multi-label', () => {
  it('the logit dragged from the keyboard and the mouse: the binary loss for either label', async () => {
    // From 1.5: three Page Downs (−3) and five arrows (−0.5) reach −2.
    await press('#binary [data-control="z0"]', 'PageDown', 3);
    await press('#binary [data-control="z0"]', 'ArrowDown', 5);
    expect(await logitsOf('binary', 'z')).toEqual([-2]);
    await page.locator('#binary [data-control="label"] input[value="0"]').check();
    const bce = () => rawNumber(page, '#binary [data-value="readout-bce"]');
    expect(await bce()).toBeCloseTo(binaryCrossEntropyWithLogits([-2], [0]), 12);
    expect(await bce()).toBeCloseTo(Math.log1p(Math.exp(-2)), 12);

    await dragBar('#binary [data-control="z0"]', 0.1);
    const [z] = await logitsOf('binary', 'z');
    expect(z).toBeGreaterThan(4);
    expect(await bce()).toBeCloseTo(binaryCrossEntropyWithLogits([z], [0]), 12);
    expect(await rawNumber(page, '#binary [data-value="readout-q"]')).toBeCloseTo(1 / (1 + Math.exp(-z)), 12);
  });

  it('several labels: each its own sigmoid, the binary losses summed', async () => {
    await page.locator('#binary [data-control="tagTarget2"]').check();
    // From −3: four Page Ups (+4) and five arrows (+0.5) reach 1.5.
    await press('#binary [data-control="tag3"]', 'PageUp', 4);
    await press('#binary [data-control="tag3"]', 'ArrowUp', 5);
    const logits = [2.5, -1, 0.5, 1.5];
    const targets = [1, 1, 1, 0];
    expect(await logitsOf('binary', 'tag')).toEqual(logits);
    expect(await rawNumber(page, '#binary [data-value="multiSum"]')).toBeCloseTo(
      multiLabelCrossEntropy([logits], [targets], { labelReduction: 'sum' }),
      12,
    );
    const handSum = logits.reduce((sum, z, i) => sum + Math.log1p(Math.exp(targets[i] === 1 ? -z : z)), 0);
    expect(await rawNumber(page, '#binary [data-value="multiSum"]')).toBeCloseTo(handSum, 12);
  });

  it('a prediction made with the keyboard alone leaves the focus on its explanation, not at the top of the page', async () => {
    // The buttons pressed are disabled or hidden by the reveal; the focus must not fall to <body>.
    const focusedFeedback = () =>
      page.evaluate(() => {
        const active = document.activeElement;
        return active?.matches('form.predict .feedback') ? active.closest('form')?.dataset['predict'] : null;
      });
    const mistake = page.locator('#binary [data-predict="binary-confident-mistake"]');
    await mistake.locator('input[type="radio"]').nth(2).focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await mistake.getAttribute('data-grade')).toBe('correct');
    expect(await focusedFeedback()).toBe('binary-confident-mistake');
    await page.locator('#binary [data-predict="multi-label-sum"] button.quiet').focus();
    await page.keyboard.press('Enter');
    expect(await focusedFeedback()).toBe('multi-label-sum');
  });
});

describe('explainer: the loss steps are reachable and described', () => {
  it('every logit bar is a focusable slider with a name; every figure says what it shows', async () => {
    for (const id of ['softmax', 'loss', 'smoothing', 'mixup', 'binary']) {
      const handles = page.locator(`#${id} [role="slider"]`);
      for (const handle of await handles.all()) {
        expect(await handle.getAttribute('tabindex')).toBe('0');
        expect(await handle.getAttribute('aria-label')).toBeTruthy();
      }
      const figures = page.locator(`#${id} svg.plot[role="img"]`);
      expect(await figures.count(), id).toBeGreaterThan(0);
      for (const figure of await figures.all()) expect(await figure.getAttribute('aria-label')).toBeTruthy();
      expect(await page.locator(`#${id} form.predict`).count(), id).toBeGreaterThan(0);
    }
  });
});

itLogsNoErrors(explainer);
