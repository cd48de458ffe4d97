import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binaryCurves } from '../../cli/plot/curves.js';
import { launch } from '../browser/web/browser.js';
import { resultsDir } from '../browser/web/serve.js';
import { expectedCompare } from '../calibration/fixtures.js';
import { expectClose } from '../metrics/fixtures.js';
import { ensureCliBuilt, xent } from './xent.js';

interface CurvesFixture {
  labels: number[];
  scores: number[];
  auc: number;
  averagePrecision: number;
  roc: { falsePositiveRate: number[]; truePositiveRate: number[] };
  precisionRecall: { recall: number[]; precision: number[] };
}
const fixture = expectedCompare.curves as CurvesFixture;

describe('binaryCurves against scikit-learn', () => {
  const curves = binaryCurves(fixture.scores, fixture.labels);

  it('binaryCurves(scores, labels) has roc_curve’s points (drop_intermediate=False) and roc_auc_score', () => {
    expect(curves.roc.map((p) => p.falsePositiveRate)).toEqual(fixture.roc.falsePositiveRate);
    expect(curves.roc.map((p) => p.truePositiveRate)).toEqual(fixture.roc.truePositiveRate);
    expectClose(curves.auc, fixture.auc, 1e-14, 'AUC');
  });

  it('binaryCurves(scores, labels) has precision_recall_curve’s points up to full recall, and average_precision_score', () => {
    const points = fixture.precisionRecall.recall.length;
    expect(curves.precisionRecall.slice(0, points).map((p) => p.recall)).toEqual(
      fixture.precisionRecall.recall,
    );
    curves.precisionRecall.slice(0, points).forEach((p, i) => {
      expectClose(p.precision, fixture.precisionRecall.precision[i], 1e-15, `precision[${i}]`);
    });
    expectClose(curves.averagePrecision, fixture.averagePrecision, 1e-14, 'AP');
  });
});

/** The SVG opened in Chromium: what its structure holds and what its pixels show. */
async function inspect(page: Page, svg: string, png: string) {
  await page.setContent(`<body style="margin:0;background:white">${svg}</body>`);
  const figure = page.locator('svg').first();
  await figure.screenshot({ path: png });
  const structure = await page.evaluate(() => {
    const count = (selector: string) => document.querySelectorAll(selector).length;
    const texts = (selector: string) =>
      [...document.querySelectorAll(selector)].map((t) => t.textContent ?? '');
    return {
      axes: count('g.role-axis .role-axis-domain'),
      axisTitles: texts('.role-axis-title text'),
      titles: texts('.role-title-text text'),
      diagonal: count('.diagonal_marks path'),
      bars: count('.histogram_marks path'),
      counts: texts('.counts_marks text'),
      reliabilityPoints: count('.role-mark.mark-symbol path'),
    };
  });
  // Pixels, read back from the screenshot by the page itself: how many are not white, and how
  // many have each curve's colour.
  const pixels = await page.evaluate(async (data) => {
    const image = new Image();
    image.src = `data:image/png;base64,${data}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext('2d') as CanvasRenderingContext2D;
    context.drawImage(image, 0, 0);
    const { data: rgba } = context.getImageData(0, 0, image.width, image.height);
    const near = (i: number, [r, g, b]: number[]) =>
      Math.abs(rgba[i] - r) + Math.abs(rgba[i + 1] - g) + Math.abs(rgba[i + 2] - b) < 40;
    let inked = 0;
    const colours = { blue: 0, red: 0, green: 0 };
    for (let i = 0; i < rgba.length; i += 4) {
      if (rgba[i] < 240 || rgba[i + 1] < 240 || rgba[i + 2] < 240) inked++;
      if (near(i, [0x4c, 0x78, 0xa8])) colours.blue++;
      if (near(i, [0xd6, 0x27, 0x28])) colours.red++;
      if (near(i, [0x2c, 0xa0, 0x2c])) colours.green++;
    }
    return { total: rgba.length / 4, inked, ...colours };
  }, readFileSync(png).toString('base64'));
  return { structure, pixels };
}

/** A binary classifier's logits, from the eval fixtures. */
const BINARY = ['eval', 'breast_cancer_logit.csv', '--label', 'y', '--from', 'logits'];

describe('--plot FILE.svg, rendered in Chromium', () => {
  let browser: Browser;
  let page: Page;
  const out = join(resultsDir, 'plots');

  beforeAll(async () => {
    ensureCliBuilt();
    mkdirSync(out, { recursive: true });
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  }, 120_000);
  afterAll(() => browser?.close());

  it('xent eval --plot on a binary file: reliability diagram, histogram with counts, ROC and PR curves', async () => {
    const svgPath = join(out, 'eval-binary.svg');
    const run = await xent([...BINARY, '--plot', svgPath]);
    expect(run.code, run.stderr).toBe(0);
    const { structure, pixels } = await inspect(
      page,
      readFileSync(svgPath, 'utf8'),
      join(out, 'eval-binary.png'),
    );
    expect(structure.axes).toBe(8); // x and y of the diagram, the histogram, ROC and PR
    expect(structure.axisTitles).toEqual(
      expect.arrayContaining(['Fraction correct', 'Rows', 'True positive rate', 'Precision', 'Recall']),
    );
    expect(structure.titles).toEqual(
      expect.arrayContaining([
        'Reliability diagram',
        'ROC curve (AUC = 0.9942)',
        'Precision–recall (AP = 0.9964)',
      ]),
    );
    expect(structure.diagonal).toBe(1);
    // The eval report's non-empty bins: one bar and one count per bin, the counts adding up to the rows.
    const report = JSON.parse((await xent([...BINARY, '--json'])).stdout);
    const filled = (report.reliability as { count: number }[]).filter((bin) => bin.count > 0);
    expect(structure.bars).toBe(filled.length);
    expect(structure.counts).toEqual(filled.map((bin) => String(bin.count)));
    expect(structure.reliabilityPoints).toBe(filled.length);
    expect(pixels.inked / pixels.total).toBeGreaterThan(0.03);
    expect(pixels.blue).toBeGreaterThan(500); // the reliability line and the histogram's bars
    expect(pixels.red).toBeGreaterThan(200); // the ROC curve
    expect(pixels.green).toBeGreaterThan(200); // the precision–recall curve
  });

  it('xent eval --plot on a 3-class file draws the diagram and histogram only', async () => {
    const svgPath = join(out, 'eval-iris.svg');
    const args = ['eval', 'iris_proba.csv', '--label', 'species', '--classes', 'setosa,versicolor,virginica'];
    expect((await xent([...args, '--plot', svgPath])).code).toBe(0);
    const { structure, pixels } = await inspect(
      page,
      readFileSync(svgPath, 'utf8'),
      join(out, 'eval-iris.png'),
    );
    expect(structure.axes).toBe(4);
    expect(structure.titles).not.toContain('ROC curve');
    expect(structure.counts.map(Number).reduce((a, b) => a + b, 0)).toBe(75); // the rows of iris_proba.csv
    expect(pixels.red + pixels.green).toBeLessThan(20);
    expect(pixels.blue).toBeGreaterThan(500);
  });

  it('xent calibrate --plot draws before and after in one diagram', async () => {
    const svgPath = join(out, 'calibrate.svg');
    const { file, args } = expectedCompare.platt;
    expect((await xent(['calibrate', file, ...args, '--plot', svgPath])).code).toBe(0);
    const svg = readFileSync(svgPath, 'utf8');
    const { structure, pixels } = await inspect(page, svg, join(out, 'calibrate.png'));
    expect(svg).toContain('series: before');
    expect(svg).toContain('series: after');
    expect(structure.diagonal).toBe(1);
    expect(structure.counts.map(Number).reduce((a, b) => a + b, 0)).toBe(expectedCompare.platt.rows);
    expect(pixels.blue).toBeGreaterThan(500);
  });

  it('--plot refuses a file that is not .svg before reading anything', async () => {
    const { code, stderr } = await xent(['eval', 'no-such-file.csv', '--label', 'y', '--plot', 'out.png']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--plot out.png: the plot is an SVG; name the file .svg/);
  });
});
