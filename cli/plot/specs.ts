import type { ReliabilityBin } from '../../src/index.js';
import { formatNumber } from '../output.js';
import type { Curves } from './curves.js';

/** One line of the reliability diagram: a model's (or a calibration's) bins. */
export interface ReliabilitySeries {
  name: string;
  bins: readonly Pick<ReliabilityBin, 'lower' | 'upper' | 'count' | 'confidence' | 'accuracy'>[];
}

export interface PlotFigures {
  title: string;
  reliability: ReliabilitySeries[];
  /** The ROC and precision–recall curves, for a binary classifier. */
  curves?: Curves | undefined;
}

const SIDE = 300;
const UNIT = { type: 'quantitative', scale: { domain: [0, 1] } } as const;
const DIAGONAL = [
  { x: 0, y: 0 },
  { x: 1, y: 1 },
];

/** A dashed y = x line: perfect calibration, or a classifier that guesses. */
function diagonal(name: string) {
  return {
    name,
    data: { values: DIAGONAL },
    mark: { type: 'line', strokeDash: [4, 4], color: '#888888' },
    encoding: { x: { field: 'x', ...UNIT }, y: { field: 'y', ...UNIT } },
  };
}

/** The reliability diagram (as scikit-learn's CalibrationDisplay): accuracy against confidence per bin. */
function reliabilityChart(series: ReliabilitySeries[]) {
  const points = series.flatMap(({ name, bins }) =>
    bins
      .filter((bin) => bin.count > 0)
      .map((bin) => ({ series: name, confidence: bin.confidence, accuracy: bin.accuracy })),
  );
  return {
    title: 'Reliability diagram',
    width: SIDE,
    height: SIDE,
    layer: [
      diagonal('diagonal'),
      {
        name: 'reliability',
        data: { values: points },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'confidence', ...UNIT, title: 'Mean confidence (top-label probability)' },
          y: { field: 'accuracy', ...UNIT, title: 'Fraction correct' },
          // One line needs no legend; before and after (xent calibrate) do.
          color: {
            field: 'series',
            type: 'nominal',
            title: null,
            legend: series.length > 1 ? { orient: 'bottom-right' } : null,
          },
        },
      },
    ],
  };
}

/** The confidence histogram under the diagram: how many rows each bin holds, the count over each bar. */
function histogramChart(series: ReliabilitySeries) {
  const bars = series.bins
    .filter((bin) => bin.count > 0)
    .map((bin) => ({ lower: bin.lower, upper: bin.upper, count: bin.count }));
  const x = { field: 'lower', ...UNIT, title: `Confidence (${series.name})` };
  return {
    width: SIDE,
    height: SIDE / 2,
    data: { values: bars },
    layer: [
      {
        name: 'histogram',
        mark: { type: 'bar', stroke: 'white' },
        encoding: {
          x,
          x2: { field: 'upper' },
          y: { field: 'count', type: 'quantitative', title: 'Rows' },
          y2: { datum: 0 },
        },
      },
      {
        name: 'counts',
        transform: [
          { filter: 'datum.count > 0' },
          { calculate: '(datum.lower + datum.upper) / 2', as: 'middle' },
        ],
        mark: { type: 'text', dy: -6, fontSize: 9 },
        encoding: {
          x: { field: 'middle', ...UNIT },
          y: { field: 'count', type: 'quantitative' },
          text: { field: 'count', type: 'quantitative' },
        },
      },
    ],
  };
}

function rocChart(curves: Curves) {
  return {
    title: `ROC curve (AUC = ${formatNumber(curves.auc, 4)})`,
    width: SIDE,
    height: SIDE,
    layer: [
      diagonal('chance'),
      {
        name: 'roc',
        data: { values: curves.roc },
        mark: { type: 'line', color: '#d62728' },
        encoding: {
          x: { field: 'falsePositiveRate', ...UNIT, title: 'False positive rate' },
          y: { field: 'truePositiveRate', ...UNIT, title: 'True positive rate' },
          order: { field: 'falsePositiveRate', type: 'quantitative' },
        },
      },
    ],
  };
}

function precisionRecallChart(curves: Curves) {
  return {
    title: `Precision–recall (AP = ${formatNumber(curves.averagePrecision, 4)})`,
    width: SIDE,
    height: SIDE,
    name: 'precision-recall',
    data: { values: curves.precisionRecall.map((point, index) => ({ ...point, index })) },
    mark: { type: 'line', interpolate: 'step-before', color: '#2ca02c' },
    encoding: {
      x: { field: 'recall', ...UNIT, title: 'Recall' },
      y: { field: 'precision', ...UNIT, title: 'Precision' },
      order: { field: 'index', type: 'quantitative' },
    },
  };
}

/** The whole figure as one Vega-Lite spec: diagram over histogram, and the binary curves beside them. */
export function plotSpec(figures: PlotFigures) {
  const calibration = {
    vconcat: [
      reliabilityChart(figures.reliability),
      histogramChart(figures.reliability[figures.reliability.length - 1]),
    ],
  };
  const { curves } = figures;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: figures.title,
    background: 'white',
    ...(curves ? { hconcat: [calibration, rocChart(curves), precisionRecallChart(curves)] } : calibration),
  };
}
