// ROC AUC and average precision from the histogram: the stated bound holds against the exact
// figures (themselves checked against scikit-learn in sklearnMetrics.test.ts), on real
// predictions, on random data, and on adversarial data where every score shares one bin.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type ClassificationBatch, RankingMeter, type RankingResult } from '../../src/index.js';
import { scoreBin } from '../../src/metrics/ranking.js';

interface Case {
  name: string;
  probabilities: number[] | number[][];
  labels: number[];
  sampleWeight: number[] | null;
}

const fixtures: { cases: Case[] } = JSON.parse(
  readFileSync(new URL('../fixtures/metrics.json', import.meta.url), 'utf8'),
);

function batchOf(c: Case): ClassificationBatch {
  const batch: ClassificationBatch = { probabilities: c.probabilities, labels: c.labels };
  if (c.sampleWeight !== null) batch.sampleWeight = c.sampleWeight;
  return batch;
}

/** Every histogram figure is within its bound of the exact one (1e-12 for rounding). */
function expectWithinBounds(histogram: RankingResult, exact: RankingResult): void {
  expect(histogram.method).toBe('histogram');
  expect(exact.method).toBe('exact');
  const check = (value: number, wanted: number, bound: number, what: string) => {
    const difference = Math.abs(value - wanted);
    if (!(difference <= bound + 1e-12)) {
      throw new Error(
        `${what}: histogram ${value}, exact ${wanted}, difference ${difference} > bound ${bound}`,
      );
    }
  };
  for (const figure of ['rocAuc', 'averagePrecision'] as const) {
    const h = histogram[figure];
    const e = exact[figure];
    check(h.macro, e.macro, h.macroBound, `${figure}.macro`);
    check(h.weighted, e.weighted, h.weightedBound, `${figure}.weighted`);
    expect(e.macroBound).toBe(0);
  }
  histogram.perClass.forEach((c, t) => {
    check(c.rocAuc, exact.perClass[t].rocAuc, c.rocAucBound, `perClass[${t}].rocAuc`);
    check(
      c.averagePrecision,
      exact.perClass[t].averagePrecision,
      c.averagePrecisionBound,
      `perClass[${t}].ap`,
    );
  });
}

/** A seeded generator (mulberry32), so the random cases are the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function both(batch: ClassificationBatch, histogramBins?: number): [RankingResult, RankingResult] {
  const bins = histogramBins === undefined ? {} : { histogramBins };
  return [
    new RankingMeter({ exactRows: 0, ...bins }).update(batch).compute(),
    new RankingMeter(bins).update(batch).compute(),
  ];
}

describe('RankingMeter histogram bound', () => {
  for (const c of fixtures.cases) {
    it(`RankingMeter({ exactRows: 0 }) stays within its bound of the exact figures: ${c.name}`, () => {
      const [histogram, exact] = both(batchOf(c));
      expectWithinBounds(histogram, exact);
      // A model's unrounded scores spread over the bins: there the bound is small, not merely true.
      // (Truly tied scores count in it too, though the histogram is exact for them.)
      if (!c.name.includes('ties')) expect(histogram.rocAuc.macroBound).toBeLessThan(0.02);
    });
  }

  it('RankingMeter: every score in one bin, positives on top: AUC 0.5 ± 0.5 against the exact 1, AP 0.5 ± 0.5 against 1', () => {
    const scores = Array.from({ length: 200 }, (_, i) => 0.5 + i * 1e-9);
    const labels = scores.map((_, i) => (i >= 100 ? 1 : 0));
    expect(new Set(scores.map((s) => scoreBin(s, 1024))).size).toBe(1);
    const [histogram, exact] = both({ probabilities: scores, labels });
    expect(exact.rocAuc.macro).toBeCloseTo(1, 14);
    expect(exact.averagePrecision.macro).toBeCloseTo(1, 14);
    expect(histogram.rocAuc).toMatchObject({ macro: 0.5, macroBound: 0.5 });
    expect(histogram.averagePrecision).toMatchObject({ macro: 0.5, macroBound: 0.5 });
    expectWithinBounds(histogram, exact);
  });

  it('RankingMeter: every score in one bin, positives at the bottom, weighted: the bound still holds', () => {
    const scores = Array.from({ length: 300 }, (_, i) => 0.25 + i * 1e-10);
    const labels = scores.map((_, i) => (i % 3 === 0 ? 1 : 0));
    const sampleWeight = scores.map((_, i) => 1 + (i % 7));
    const [histogram, exact] = both({ probabilities: scores, labels, sampleWeight });
    expect(histogram.rocAuc.macroBound).toBe(0.5);
    expectWithinBounds(histogram, exact);
  });

  it('RankingMeter: random multi-class scores over 16 coarse bins and 1024 fine ones stay within the bound', () => {
    const next = random(7);
    for (const histogramBins of [16, 1024]) {
      const rows = 2000;
      const classes = 4;
      const probabilities = Array.from({ length: rows }, () => {
        const raw = Array.from({ length: classes }, () => next() ** 3);
        const sum = raw.reduce((a, b) => a + b, 0);
        return raw.map((x) => x / sum);
      });
      const labels = probabilities.map((p) => (next() < p[0] ? 0 : Math.floor(next() * classes)));
      const sampleWeight = labels.map(() => 0.5 + next());
      const [histogram, exact] = both({ probabilities, labels, sampleWeight }, histogramBins);
      expectWithinBounds(histogram, exact);
      if (histogramBins === 1024) expect(histogram.rocAuc.macroBound).toBeLessThan(0.01);
    }
  });

  it('RankingMeter: past exactRows the figures come from the histogram, and merged shards equal the whole', () => {
    const next = random(11);
    const scores = Array.from({ length: 500 }, () => next());
    const labels = scores.map((s) => (next() < s ? 1 : 0));
    const whole = new RankingMeter({ exactRows: 200 }).update({ probabilities: scores, labels });
    expect(whole.compute().method).toBe('histogram');
    const merged = new RankingMeter({ exactRows: 200 });
    for (const [from, to] of [
      [0, 150],
      [150, 300],
      [300, 500],
    ]) {
      const shard = new RankingMeter({ exactRows: 200 }).update({
        probabilities: scores.slice(from, to),
        labels: labels.slice(from, to),
      });
      expect(shard.compute().method).toBe('exact');
      merged.merge(RankingMeter.fromJSON(JSON.parse(JSON.stringify(shard.toJSON()))));
    }
    expect(merged.compute()).toEqual(whole.compute());
  });

  it('RankingMeter: two exact shards under exactRows merge into an exact meter with the whole file', () => {
    const scores = [0.9, 0.8, 0.3, 0.7, 0.2, 0.6];
    const labels = [1, 0, 0, 1, 0, 1];
    const merged = new RankingMeter()
      .update({ probabilities: scores.slice(0, 3), labels: labels.slice(0, 3) })
      .merge(new RankingMeter().update({ probabilities: scores.slice(3), labels: labels.slice(3) }));
    // 9 (positive, negative) pairs; 0.8 outranks the positives 0.7 and 0.6: 7 of 9 in order.
    expect(merged.compute().rocAuc.macro).toBeCloseTo(7 / 9, 15);
    expect(merged.compute()).toEqual(new RankingMeter().update({ probabilities: scores, labels }).compute());
  });
});
