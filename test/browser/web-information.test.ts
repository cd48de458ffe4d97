import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { crossEntropy, entropy, klDivergence, surprisal } from '../../src/index.js';
import { rawNumber, setSlider } from './web/browser.js';
import { itLogsNoErrors, useExplainer } from './web/explainer.js';

const explainer = useExplainer();
let page: Page;
beforeAll(() => {
  page = explainer.page;
});

/** Where a point of an SVG's own coordinates is on the screen, however the SVG is scaled. */
async function onScreen(svg: Locator, x: number, y: number): Promise<{ x: number; y: number }> {
  return svg.evaluate(
    (element, [px, py]) => {
      const matrix = (element as SVGSVGElement).getScreenCTM();
      if (!matrix) throw new Error('svg has no screen transform');
      return new DOMPoint(px, py).matrixTransform(matrix);
    },
    [x, y],
  );
}

/** Presses the mouse on a handle's knob and drags it to a point given in the SVG's coordinates. */
async function drag(knob: Locator, svg: Locator, to: { x?: number; y?: number }): Promise<void> {
  await knob.scrollIntoViewIfNeeded();
  const box = await knob.boundingBox();
  if (!box) throw new Error('knob not visible');
  const start = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const here = await svg.evaluate((element, s) => {
    const matrix = (element as SVGSVGElement).getScreenCTM()?.inverse();
    if (!matrix) throw new Error('svg has no screen transform');
    return new DOMPoint(s.x, s.y).matrixTransform(matrix);
  }, start);
  const target = await onScreen(svg, to.x ?? here.x, to.y ?? here.y);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(target.x, target.y, { steps: 5 });
  await page.mouse.up();
}

/** The numbers under a code-length diagram: column `name` (p, q, length, area), row by row. */
async function column(section: string, name: string): Promise<number[]> {
  const cells = page.locator(`#${section} [data-cell^="${name}-"]`);
  const count = await cells.count();
  return Promise.all(
    Array.from({ length: count }, async (_, i) => rawNumber(page, `#${section} [data-cell="${name}-${i}"]`)),
  );
}

/**
 * The diagram as drawn: each block's width as a share of the plot's width, and its height in
 * the unit of the y axis, measured from the axis's own "0" and top ticks.
 */
async function blocks(section: string): Promise<{
  widths: number[];
  heights: number[];
  extras: number[];
  /** The heights of the dashed average lines, H(p) and (with a guess) H(p, q). */
  averages: number[];
}> {
  return page.locator(`#${section} svg.code-length`).evaluate((svg) => {
    const ticks = [...svg.querySelectorAll('.tick-y')].map((t) => ({
      value: Number(t.textContent?.replace('−', '-')),
      y: Number(t.getAttribute('y')),
    }));
    const [zero, top] = [ticks[0], ticks[ticks.length - 1]];
    const perUnit = (zero.y - top.y) / (top.value - zero.value);
    const axis = svg.querySelector('.axis line');
    const plotWidth = Number(axis?.getAttribute('x2')) - Number(axis?.getAttribute('x1'));
    const size = (selector: string, attribute: string, scale: number) =>
      [...svg.querySelectorAll(selector)].map((r) => Number(r.getAttribute(attribute)) / scale);
    return {
      widths: size('.block .body', 'width', plotWidth),
      heights: size('.block .body', 'height', perUnit),
      extras: size('.block .extra', 'height', perUnit),
      averages: [...svg.querySelectorAll('line.average')].map(
        (l) => (zero.y - Number(l.getAttribute('y1'))) / perUnit,
      ),
    };
  });
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

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
    // The point leaves the top of the curve's scale with an arrow: drawn at ∞, not clamped to a value.
    expect(await page.locator('#surprisal .point').getAttribute('data-off-scale')).toBe('true');
    expect(await page.locator('#surprisal .infinity').getAttribute('d')).not.toBe('');
    // The derivation panel shows the library's steps for the same input.
    expect(await page.locator('#surprisal .derivation .derivation-title').textContent()).toContain(
      'Surprisal of p = 0',
    );
    await page.locator('#surprisal [data-control="base"] input[value="2"]').check();
  });

  it('surprisal: the point on the curve drags with the mouse and moves with the keyboard', async () => {
    const svg = page.locator('#surprisal svg.surprisal-curve');
    const knob = page.locator('#surprisal .point .knob');
    await page.getByRole('button', { name: 'coin 0.5' }).click();
    // The x axis runs from p = 0 at x = 50 to p = 1 at x = 540 (the figure's margins).
    await drag(knob, svg, { x: 50 + 0.25 * 490 });
    const p = await rawNumber(page, '#surprisal [data-value="p"]');
    expect(Math.abs(p - 0.25)).toBeLessThan(0.01);
    const bits = await rawNumber(page, '#surprisal [data-value="readout-surprisal"]');
    expect(bits).toBe(surprisal(p, { base: 2 }));
    expect(bits).toBeCloseTo(-Math.log2(p), 12); // hand math
    // The point sits on the curve: at (p, −log2 p), the y axis spanning 10 bits over 204 px.
    const [cx, cy] = await Promise.all([knob.getAttribute('cx'), knob.getAttribute('cy')]);
    expect(Number(cx)).toBeCloseTo(50 + p * 490, 6);
    expect(Number(cy)).toBeCloseTo(238 - (-Math.log2(p) / 10) * 204, 6);
    // Under it, the outcome's block: p wide, −log2 p tall, its area p·(−log2 p) printed in the prose.
    const block = page.locator('#surprisal .outcome-block');
    expect(Number(await block.getAttribute('width'))).toBeCloseTo(p * 490, 6);
    expect(Number(await block.getAttribute('height'))).toBeCloseTo((-Math.log2(p) / 10) * 204, 6);
    expect(await rawNumber(page, '#surprisal [data-value="term"]')).toBeCloseTo(p * bits, 12);
    // Keyboard: the point is a slider; an arrow moves p by 0.01, End and Home go to 1 and 0.
    await page.locator('#surprisal .point').focus();
    await page.keyboard.press('ArrowRight');
    expect(await rawNumber(page, '#surprisal [data-value="p"]')).toBeCloseTo(p + 0.01, 12);
    expect(await rawNumber(page, '#surprisal [data-value="readout-surprisal"]')).toBe(
      surprisal(await rawNumber(page, '#surprisal [data-value="p"]'), { base: 2 }),
    );
    await page.keyboard.press('End');
    expect(await rawNumber(page, '#surprisal [data-value="readout-surprisal"]')).toBe(0);
    await page.keyboard.press('Home');
    expect(await page.locator('#surprisal [data-value="readout-surprisal"]').textContent()).toBe('∞');
    // Infinitely tall but of no width: the block's area is 0 (0·log 0 = 0), not NaN.
    expect(await rawNumber(page, '#surprisal [data-value="term"]')).toBe(0);
    expect(Number(await page.locator('#surprisal .outcome-block').getAttribute('width'))).toBe(0);
  });

  it('surprisal: the number in the prose drags, and a bit is a halving of the square', async () => {
    const scrub = page.locator('#surprisal [data-scrub="p"]');
    await page.getByRole('button', { name: 'bird 0.3' }).click();
    await scrub.focus();
    await page.keyboard.press('ArrowRight');
    expect(await rawNumber(page, '#surprisal [data-value="p"]')).toBeCloseTo(0.301, 12);
    // Dragging 40 px to the right: 0.4 px per step of 0.001, so 100 steps.
    await scrub.scrollIntoViewIfNeeded();
    const box = await scrub.boundingBox();
    if (!box) throw new Error('no scrub number');
    await page.mouse.move(box.x + 4, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 44, box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    expect(await rawNumber(page, '#surprisal [data-value="p"]')).toBeCloseTo(0.401, 12);
    // p = 1/8: three halvings of the square, three coins, and the outcome fills the last part kept.
    await page.keyboard.press('Home');
    for (let i = 0; i < 12; i++) await page.keyboard.press('PageUp');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    expect(await rawNumber(page, '#surprisal [data-value="p"]')).toBe(0.125);
    expect(await rawNumber(page, '#surprisal [data-value="coins"]')).toBe(surprisal(0.125, { base: 2 }));
    expect(await rawNumber(page, '#surprisal [data-value="coins"]')).toBeCloseTo(3, 12); // hand math
    const halvings = page.locator('#surprisal svg.halvings');
    expect(await halvings.locator('circle.coin').count()).toBe(3);
    const area = (selector: string) =>
      halvings
        .locator(selector)
        .evaluate((r) => Number(r.getAttribute('width')) * Number(r.getAttribute('height')));
    expect(await area('.kept')).toBeCloseTo((160 * 160) / 8, 9);
    expect(await area('.event')).toBeCloseTo((160 * 160) / 8, 9);
  });

  it('surprisal: predict, then reveal', async () => {
    const form = page.locator('[data-predict="surprisal-eighth"]');
    const reveal = page.locator('#surprisal .bit-scene .reveal');
    await page.getByRole('button', { name: 'coin 0.5' }).click();
    expect(await reveal.isVisible()).toBe(false);
    await form.getByLabel('3 bits').check();
    await form.getByRole('button', { name: 'Commit and reveal' }).click();
    expect(await form.getAttribute('data-grade')).toBe('correct');
    expect(await reveal.isVisible()).toBe(true);
    expect(await rawNumber(page, '#surprisal [data-value="readout-surprisal"]')).toBeCloseTo(3, 12);
  });

  it('entropy: blocks as wide as p and as tall as −log2 p, dragged by boundary and top', async () => {
    const svg = page.locator('#entropy svg.code-length');
    const expectDiagram = async () => {
      const p = await column('entropy', 'p');
      expect(sum(p)).toBeCloseTo(1, 12);
      const h = entropy(p, { base: 2 });
      expect(await rawNumber(page, '#entropy [data-value="readout-entropy"]')).toBeCloseTo(h, 12);
      expect(await rawNumber(page, '#entropy [data-cell="total"]')).toBeCloseTo(h, 12);
      const { widths, heights } = await blocks('entropy');
      for (const [i, pi] of p.entries()) {
        expect(widths[i]).toBeCloseTo(pi, 9);
        expect(heights[i]).toBeCloseTo(-Math.log2(pi), 9);
      }
      return p;
    };
    await page.getByRole('button', { name: 'animals [0.2, 0.3, 0.5]' }).click();
    expect(await expectDiagram()).toEqual([0.2, 0.3, 0.5]);
    // Mouse: the panda–bird boundary to 0.35 (x from 50 to 500 spans p from 0 to 1).
    await drag(svg.locator('.boundary').nth(0).locator('.knob'), svg, { x: 50 + 0.35 * 450 });
    let p = await expectDiagram();
    expect(Math.abs(p[0] - 0.35)).toBeLessThan(0.01);
    expect(p[2]).toBe(0.5); // the dog's block did not take part
    // Keyboard: the bird–dog boundary two steps right: bird gains 0.02, dog loses it.
    const before = p;
    await svg.locator('.boundary').nth(1).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    p = await expectDiagram();
    expect(p[1]).toBeCloseTo(before[1] + 0.02, 12);
    expect(p[2]).toBeCloseTo(0.48, 12);
    // Home and End, as on any slider: the pair's whole share to the dog, then to the bird. (A
    // block of width 0 is drawn cut at the top of the scale, so only the numbers are compared.)
    const pair = Number((p[1] + p[2]).toFixed(4));
    const boundary = svg.locator('.boundary').nth(1);
    const truthNow = async () => {
      const now = await column('entropy', 'p');
      const h = entropy(now, { base: 2 });
      expect(await rawNumber(page, '#entropy [data-value="readout-entropy"]')).toBeCloseTo(h, 12);
      return now;
    };
    await page.keyboard.press('Home');
    expect(await truthNow()).toEqual([before[0], 0, pair]);
    expect(Number(await boundary.getAttribute('aria-valuemin'))).toBeCloseTo(before[0], 12);
    await page.keyboard.press('End');
    expect(await truthNow()).toEqual([before[0], pair, 0]);
    expect(Number(await boundary.getAttribute('aria-valuemax'))).toBeCloseTo(1, 12);
    // Back to where it was: 0.48 to the dog again, four Page Downs and eight arrows.
    for (const key of [...Array(4).fill('PageDown'), ...Array(8).fill('ArrowLeft')])
      await page.keyboard.press(key);
    p = await expectDiagram();
    expect(p[2]).toBeCloseTo(0.48, 12);
    // Mouse: the dog block's top to a height of 2 bits (y from 254 down, 28 px a bit): p = 1/4.
    await drag(svg.locator('.top').nth(2).locator('.knob'), svg, { y: 254 - 2 * 28 });
    p = await expectDiagram();
    expect(Math.abs(p[2] - 0.25)).toBeLessThan(0.02); // the mouse lands on whole pixels
    // Keyboard: a top one step up is 0.1 bit longer: the probability times 2^−0.1.
    const old = p[0];
    await svg.locator('.top').nth(0).focus();
    await page.keyboard.press('ArrowUp');
    p = await expectDiagram();
    expect(p[0]).toBeCloseTo(old * 2 ** -0.1, 4);
  });

  it('entropy: it is largest for the even split and zero for a sure thing; predict, then reveal', async () => {
    const form = page.locator('[data-predict="entropy-largest"]');
    const reveal = page.locator('#entropy .reveal');
    expect(await reveal.isVisible()).toBe(false);
    await form.getByRole('button', { name: 'Just show me' }).click();
    expect(await form.getAttribute('data-grade')).toBe('skipped');
    expect(await reveal.isVisible()).toBe(true);
    // The reveal sets four equal outcomes: hand math, log2 4 = 2 bits, every block 2 bits tall.
    expect(await column('entropy', 'p')).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(await rawNumber(page, '#entropy [data-value="readout-entropy"]')).toBeCloseTo(2, 12);
    for (const height of (await blocks('entropy')).heights) expect(height).toBeCloseTo(2, 9);
    await page.locator('#entropy [data-control="n"] input[value="3"]').check();
    await page.getByRole('button', { name: 'uniform' }).click();
    expect(await rawNumber(page, '#entropy [data-value="readout-entropy"]')).toBeCloseTo(Math.log2(3), 12);
    expect(await rawNumber(page, '#entropy [data-value="maxEntropy"]')).toBeCloseTo(Math.log2(3), 12);
    // A certain outcome: the impossible ones are infinitely tall but have no width, so H = 0.
    await page.getByRole('button', { name: 'certain' }).click();
    expect(await rawNumber(page, '#entropy [data-value="readout-entropy"]')).toBe(0);
    expect((await blocks('entropy')).widths).toEqual([1, 0, 0]);
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
    // The heads block is as tall as −log2 0.01 ≈ 6.64 bits; its overhang over −log2 0.99 is red.
    const drawn = await blocks('cross-entropy');
    expect(drawn.heights[0]).toBeCloseTo(-Math.log2(0.01), 9);
    expect(drawn.extras[0]).toBeCloseTo(Math.log2(0.99) - Math.log2(0.01), 9);
    await page.getByRole('button', { name: 'q = p' }).click();
    expect(await rawNumber(page, '#cross-entropy [data-value="kl"]')).toBe(0);
    expect(await rawNumber(page, '#cross-entropy [data-value="readout-ce"]')).toBeCloseTo(
      entropy(p, { base: 2 }),
      12,
    );
    // A guess of 0 for heads (End on its top), which happens 99% of the time: ∞, drawn cut off.
    await page.locator('#cross-entropy svg.code-length .top').nth(0).focus();
    await page.keyboard.press('End');
    expect(await column('cross-entropy', 'q')).toEqual([0, 1]);
    expect(await rawNumber(page, '#cross-entropy [data-value="readout-ce"]')).toBe(crossEntropy(p, [0, 1]));
    expect(await page.locator('#cross-entropy [data-value="readout-ce"]').textContent()).toBe('∞');
    expect(await page.locator('#cross-entropy [data-value="verdict"]').textContent()).toContain('infinite');
    const heads = page.locator('#cross-entropy .block').nth(0);
    expect(await heads.locator('.body').getAttribute('data-clipped')).toBe('true');
    expect(await heads.locator('.cut').textContent()).toBe('↑ ∞');
  });

  it('cross-entropy: dragging the truth and the guess, by mouse and keyboard, matches the library', async () => {
    const svg = page.locator('#cross-entropy svg.code-length');
    const expectDiagram = async () => {
      const [p, q] = [await column('cross-entropy', 'p'), await column('cross-entropy', 'q')];
      expect(sum(p)).toBeCloseTo(1, 12);
      expect(sum(q)).toBeCloseTo(1, 12);
      const ce = crossEntropy(p, q, { base: 2 });
      expect(await rawNumber(page, '#cross-entropy [data-value="readout-ce"]')).toBeCloseTo(ce, 12);
      // The page may sum on a different kernel path than Node does: the same value to the last few ulps.
      expect(await rawNumber(page, '#cross-entropy [data-value="entropy"]')).toBeCloseTo(
        entropy(p, { base: 2 }),
        12,
      );
      expect(await rawNumber(page, '#cross-entropy [data-value="kl"]')).toBeCloseTo(
        klDivergence(p, q, { base: 2 }),
        12,
      );
      const { widths, heights, averages } = await blocks('cross-entropy');
      for (const [i, pi] of p.entries()) {
        expect(widths[i]).toBeCloseTo(pi, 9);
        expect(heights[i]).toBeCloseTo(-Math.log2(q[i]), 9);
      }
      // Hand math: the areas, width times height, add up to the cross-entropy, and the two
      // average lines stand H(p) and H(p, q) high, KL apart.
      expect(sum(widths.map((w, i) => w * heights[i]))).toBeCloseTo(ce, 9);
      expect(averages[0]).toBeCloseTo(-sum(p.map((pi) => pi * Math.log2(pi))), 9);
      expect(averages[1]).toBeCloseTo(ce, 9);
      expect(averages[1] - averages[0]).toBeCloseTo(klDivergence(p, q, { base: 2 }), 9);
      return { p, q };
    };
    await page.getByRole('button', { name: 'animals', exact: true }).click();
    expect(await expectDiagram()).toEqual({ p: [0.2, 0.3, 0.5], q: [0.1, 0.2, 0.7] });
    // The truth, by mouse: the bird–dog boundary to 0.6, so dog's p falls to 0.4; q is untouched.
    await drag(svg.locator('.boundary').nth(1).locator('.knob'), svg, { x: 50 + 0.6 * 450 });
    let { p, q } = await expectDiagram();
    expect(Math.abs(p[2] - 0.4)).toBeLessThan(0.01);
    expect(q).toEqual([0.1, 0.2, 0.7]);
    // The truth, by keyboard: the panda–bird boundary one step left.
    const before = p;
    await svg.locator('.boundary').nth(0).focus();
    await page.keyboard.press('ArrowLeft');
    ({ p, q } = await expectDiagram());
    expect(p[0]).toBeCloseTo(before[0] - 0.01, 12);
    // The guess, by mouse: panda's top down to 1 bit (q = 1/2); the others shrink in proportion.
    await drag(svg.locator('.top').nth(0).locator('.knob'), svg, { y: 254 - 28 });
    ({ p, q } = await expectDiagram());
    expect(Math.abs(q[0] - 0.5)).toBeLessThan(0.02); // the mouse lands on whole pixels
    expect(q[1] / q[2]).toBeCloseTo(0.2 / 0.7, 2);
    // The guess, by keyboard: dog's top one step down, 0.1 bit shorter: q times 2^0.1.
    const old = q[2];
    await svg.locator('.top').nth(2).focus();
    await page.keyboard.press('ArrowDown');
    ({ p, q } = await expectDiagram());
    expect(q[2]).toBeCloseTo(old * 2 ** 0.1, 4);
  });

  it('cross-entropy: hovering a formula term lights up its parts of the figure, and back', async () => {
    const section = page.locator('#cross-entropy');
    await page.getByRole('button', { name: 'animals', exact: true }).click();
    // The parts fade over 0.1 s, so the opacities are polled until they settle.
    const opacity = (selector: string) =>
      section
        .locator(selector)
        .first()
        .evaluate((e) => getComputedStyle(e).opacity);
    await section.locator('.tex.display [data-term="kl"]').first().hover();
    expect(await section.getAttribute('data-highlight')).toBe('kl');
    await expect.poll(() => opacity('svg .extra')).toBe('1');
    await expect.poll(() => opacity('svg .best')).toBe('0.35');
    await section.locator('.tex.display [data-term="truth"]').first().hover();
    expect(await section.getAttribute('data-highlight')).toBe('truth');
    await expect.poll(() => opacity('svg .width-bar')).toBe('1');
    await expect.poll(() => opacity('svg .extra')).toBe('0.35');
    // And back: a figure part lights up the formula's term.
    await section.locator('svg .best').first().hover();
    expect(await section.getAttribute('data-highlight')).toBe('entropy');
    expect(
      await section
        .locator('.tex.display [data-term="entropy"]')
        .first()
        .evaluate((e) => getComputedStyle(e).outlineStyle),
    ).toBe('solid');
  });

  it('cross-entropy: predict, then reveal', async () => {
    const form = page.locator('[data-predict="cross-entropy-below"]');
    const reveal = page.locator('#cross-entropy .reveal');
    expect(await reveal.isVisible()).toBe(false);
    await form.getByLabel('Yes, a guess more confident than the truth').check();
    await form.getByRole('button', { name: 'Commit and reveal' }).click();
    expect(await form.getAttribute('data-grade')).toBe('wrong');
    expect(await reveal.isVisible()).toBe(true);
    expect(await column('cross-entropy', 'q')).toEqual([0.01, 0.99]);
  });

  itLogsNoErrors(explainer);
});
