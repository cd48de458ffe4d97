import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { kernelPolicy } from '../../src/fast/policy.js';
import { crossEntropyLoss, softmax } from '../../src/index.js';
import { CLASSES, type DigitSet, PIXELS, parseDigits, splitDigits } from '../../web/src/training/digits.js';
import { BATCHES_PER_EPOCH, TrainingRace } from '../../web/src/training/race.js';
import { otherColors, termColors } from '../../web/src/ui/palette.js';
import { watchKernelRuns } from '../kernels/kernelRuns.js';
import { rawNumber } from './web/browser.js';
import { itLogsNoErrors, useExplainer } from './web/explainer.js';
import { resultsDir } from './web/serve.js';

const explainer = useExplainer();

/** CIE76 colour difference of two sRGB colours (0–255), through CIELAB with a D65 white. */
function deltaE(a: number[], b: number[]): number {
  const lab = (rgb: number[]) => {
    const [r, g, b] = rgb.map((v) => {
      const c = v / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 / 116) * t + 16 / 116);
    const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
    const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
    const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
    return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
  };
  const [p, q] = [lab(a), lab(b)];
  return Math.hypot(...p.map((v, i) => v - (q[i] as number)));
}
let page: Page;
beforeAll(() => {
  page = explainer.page;
});

const digits = splitDigits(
  parseDigits(readFileSync(new URL('../../web/data/digits.txt', import.meta.url), 'utf8')),
);
const heldOut = digits.test;

/** The page's exported weights of one model (the templates' data-raw and data-bias), as W (64, 10) and b. */
async function exportedWeights(racer: 'crossEntropy' | 'squaredError') {
  const cells = await page
    .locator(`#training .template-row[data-racer="${racer}"] canvas`)
    .evaluateAll((canvases) =>
      canvases.map((c) => ({ raw: c.getAttribute('data-raw'), bias: c.getAttribute('data-bias') })),
    );
  expect(cells).toHaveLength(CLASSES);
  const weights = new Float64Array(PIXELS * CLASSES);
  const bias = new Float64Array(CLASSES);
  cells.forEach(({ raw, bias: b }, digit) => {
    const column = JSON.parse(raw ?? '[]') as number[];
    expect(column).toHaveLength(PIXELS);
    column.forEach((w, k) => {
      weights[k * CLASSES + digit] = w;
    });
    bias[digit] = Number(b);
  });
  return { weights, bias };
}

/** logits = x·W + b, by hand in float64, for the first `rows` digits of a set. */
function logitsOf(
  { weights, bias }: { weights: Float64Array; bias: Float64Array },
  set: DigitSet,
  rows = set.count,
) {
  const logits = new Float64Array(rows * CLASSES);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < CLASSES; c++) {
      let sum = bias[c];
      for (let k = 0; k < PIXELS; k++) sum += set.pixels[r * PIXELS + k] * weights[k * CLASSES + c];
      logits[r * CLASSES + c] = sum;
    }
  return { data: logits, shape: [rows, CLASSES] };
}

const epochText = () => page.locator('#training [data-value="epoch"]').first().textContent();
const shownReadout = (name: string) => rawNumber(page, `#training [data-value="${name}"]`);

describe('explainer: training you can watch', () => {
  let initial: number;
  let atEpoch3: { loss: number; accuracy: number };

  it('on a phone, the pinned stage shows the Train button and both curves at once', async () => {
    const phone = await explainer.browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(explainer.site.url);
    await phone.waitForSelector('body[data-ready="true"]');
    const stage = phone.locator('#training [data-scene="watch"] > .stage');
    await stage.scrollIntoViewIfNeeded();
    // Everything a run needs lies inside the stage's visible box, without scrolling inside it.
    const outside = await stage.evaluate((box) => {
      const { top } = box.getBoundingClientRect();
      const parts = [box.querySelector('button'), ...box.querySelectorAll('.race-charts svg')];
      return parts
        .filter((part) => !part || part.getBoundingClientRect().bottom - top > box.clientHeight)
        .map((part) => part?.outerHTML.slice(0, 60) ?? 'missing');
    });
    await phone.close();
    expect(outside).toEqual([]);
  });

  it('uses the WASM SIMD kernels for the cross-entropy model, and says so', async () => {
    expect(await page.locator('#training').getAttribute('data-kernels')).toBe('true');
    expect(await page.locator('#training [data-kernel-note]').textContent()).toContain('WASM SIMD kernels');
  });

  it('training: both models learn, and cross-entropy gets ahead of squared error', async () => {
    initial = await shownReadout('ce-test-loss');
    expect(initial).toBeCloseTo(Math.log(10), 1); // near-zero weights: about uniform over 10 digits
    for (let i = 0; i < 3; i++) await page.locator('#training [data-control="step"]').first().click();
    expect(await epochText()).toBe('3');
    atEpoch3 = { loss: await shownReadout('ce-test-loss'), accuracy: await shownReadout('ce-accuracy') };
    await page.locator('#training [data-control="speed"] input[value="30"]').check();
    await page.locator('#training [data-control="train"]').first().click();
    await page.waitForFunction(
      () => document.querySelector('#training [data-value="epoch"]')?.textContent === '60',
      null,
      { timeout: 60_000 },
    );
    const ceLoss = await shownReadout('ce-test-loss');
    const seLoss = await shownReadout('se-test-loss');
    expect(ceLoss).toBeLessThan(initial / 4);
    expect(seLoss).toBeLessThan(initial);
    expect(ceLoss).toBeLessThan(seLoss);
    expect(await shownReadout('ce-accuracy')).toBeGreaterThan(0.9);
  }, 90_000);

  it('the held-out loss the page prints is crossEntropyLoss of its exported weights, to 1e-5', async () => {
    for (const [racer, key] of [
      ['crossEntropy', 'ce'],
      ['squaredError', 'se'],
    ] as const) {
      const logits = logitsOf(await exportedWeights(racer), heldOut);
      expect(
        Math.abs(crossEntropyLoss(logits, heldOut.labels) - (await shownReadout(`${key}-test-loss`))),
      ).toBeLessThan(1e-5);
    }
  });

  it('draws ten weight templates per model, not blank', async () => {
    for (const racer of ['crossEntropy', 'squaredError']) {
      const inked = await page
        .locator(`#training .template-row[data-racer="${racer}"] canvas`)
        .evaluateAll((canvases) =>
          (canvases as HTMLCanvasElement[]).map((canvas) => {
            const data = canvas.getContext('2d')?.getImageData(0, 0, 8, 8).data ?? [];
            return [...data].some((v, i) => i % 4 !== 3 && v < 200); // some pixel far from white
          }),
        );
      expect(inked).toEqual(Array(CLASSES).fill(true));
    }
  });

  it("colours the templates' weights with a map no quantity or racer uses, and says so in the caption", async () => {
    // The two ends of the map are the pixels of the largest positive and negative weight shown.
    const ends = await page.locator('#training .template-row canvas').evaluateAll((canvases) => {
      let most = { w: 0, rgb: [0, 0, 0] };
      let least = { w: 0, rgb: [0, 0, 0] };
      for (const canvas of canvases as HTMLCanvasElement[]) {
        const weights = JSON.parse(canvas.dataset['raw'] ?? '[]') as number[];
        const data = canvas.getContext('2d')?.getImageData(0, 0, 8, 8).data ?? [];
        weights.forEach((w, k) => {
          const rgb = [data[4 * k], data[4 * k + 1], data[4 * k + 2]] as number[];
          if (w > most.w) most = { w, rgb };
          if (w < least.w) least = { w, rgb };
        });
      }
      return { positive: most.rgb, negative: least.rgb };
    });
    const others = [...Object.values(termColors), ...Object.values(otherColors)];
    for (const [sign, rgb] of Object.entries(ends)) {
      for (const hex of others) {
        const other = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
        expect(deltaE(rgb, other), `${sign} end rgb(${rgb}) against ${hex}`).toBeGreaterThan(40);
      }
    }
    expect(deltaE(ends.positive, ends.negative)).toBeGreaterThan(80);
    const caption = await page.locator('#training .template-legend').textContent();
    expect(caption).toMatch(/lime pixels raise the digit’s logit, fuchsia pixels lower it, white is 0/);
  });

  it('the timeline shows an earlier epoch again, from the keyboard and with the mouse', async () => {
    const timeline = page.locator('#training [data-scene="watch"] [data-control="timeline"]');
    await timeline.focus();
    await page.keyboard.press('Home');
    expect(await shownReadout('ce-test-loss')).toBe(initial);
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    expect(await shownReadout('ce-test-loss')).toBe(atEpoch3.loss);
    expect(await shownReadout('ce-accuracy')).toBe(atEpoch3.accuracy);
    // The templates follow the timeline: the exported weights now give epoch 3's loss.
    const logits = logitsOf(await exportedWeights('crossEntropy'), heldOut);
    expect(Math.abs(crossEntropyLoss(logits, heldOut.labels) - atEpoch3.loss)).toBeLessThan(1e-5);
    // Training's own count is unchanged; the prose still reports the latest epoch.
    expect(await epochText()).toBe('60');

    // Drag the second timeline's thumb with the mouse to the far right: back to the latest epoch.
    const second = page.locator('#training [data-scene="learned"] [data-control="timeline"]');
    await second.scrollIntoViewIfNeeded();
    const box = await second.boundingBox();
    if (!box) throw new Error('timeline not laid out');
    const thumbX = box.x + (3 / 60) * box.width;
    await page.mouse.move(thumbX, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
    const middle = Number(await second.inputValue());
    expect(middle).toBeGreaterThan(20);
    expect(middle).toBeLessThan(40);
    await page.mouse.move(box.x + box.width + 20, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    expect(await second.inputValue()).toBe('60');
    expect(await shownReadout('ce-accuracy')).toBeGreaterThan(0.9);
  });

  it('labels the probability bars 0–9, marks the true digit, and draws softmax of the weights', async () => {
    const figure = page.locator('#training .digit-probabilities');
    expect(await figure.locator('.class-label').allTextContents()).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
    ]);
    expect(await figure.locator('.tick').allTextContents()).toEqual(['0', '0.25', '0.5', '0.75', '1']);
    const check = async (row: number) => {
      expect(await figure.locator('.class-label.is-true').textContent()).toBe(String(heldOut.labels[row]));
      expect(await figure.locator('.true-mark').textContent()).toBe('true');
      const q = softmax(logitsOf(await exportedWeights('crossEntropy'), heldOut, row + 1)).data;
      const drawn = await figure
        .locator('rect[data-racer="crossEntropy"]')
        .evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('data-raw'))));
      expect(drawn).toHaveLength(CLASSES);
      for (const [c, value] of drawn.entries()) expect(value).toBeCloseTo(q[row * CLASSES + c], 12);
    };
    await check(0);
    // Pick another digit, by keyboard: arrows move within the radio group.
    await page.locator('#training .digit-picker input').first().focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await check(2);
  });

  it('from confidently wrong weights, cross-entropy recovers far ahead of squared error', async () => {
    const predictForm = page.locator('#training [data-predict="saturated"]');
    await predictForm.scrollIntoViewIfNeeded();
    expect(await page.locator('#training [data-scene="saturated"] .reveal').first().isVisible()).toBe(false);
    await predictForm.locator('input[value="0"]').check();
    await predictForm.getByRole('button', { name: 'Commit and reveal' }).click();
    expect(await predictForm.getAttribute('data-grade')).toBe('correct');
    // The reveal runs the race; after five epochs squared error is still far behind.
    await page.waitForFunction(
      () => Number(document.querySelector('#training [data-value="satEpoch"]')?.textContent) >= 5,
      null,
      { timeout: 30_000 },
    );
    await page.locator('#training [data-scene="saturated"] [data-control="train"]').click(); // pause
    const ce = await shownReadout('sat-ce-accuracy');
    const se = await shownReadout('sat-se-accuracy');
    expect(ce - se).toBeGreaterThan(0.2);
    expect(await shownReadout('sat-ce-test-loss')).toBeLessThan(await shownReadout('sat-se-test-loss'));
    await page.locator('#training').screenshot({ path: `${resultsDir}/web-training-trained.png` });
  }, 60_000);

  it('TrainingRace.trainEpoch: every cross-entropy step takes the kernels (batches of at least 4,096 logits)', () => {
    const race = new TrainingRace(digits);
    const runs = watchKernelRuns();
    race.trainEpoch(2);
    expect(runs.count).toBe(BATCHES_PER_EPOCH);
    expect(kernelPolicy.minElements).toBeLessThanOrEqual(
      Math.floor(digits.train.count / BATCHES_PER_EPOCH) * CLASSES,
    );
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

  itLogsNoErrors(explainer);
});
