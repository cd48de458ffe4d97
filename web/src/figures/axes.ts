import type { ScaleLinear } from 'd3-scale';
import { formatNumber } from '../ui/format.js';
import { svgElement } from './svg.js';

/** A figure's coordinate box and the margins its axes are drawn in. */
export interface Frame {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

export interface AxesSpec {
  frame: Frame;
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  xTitle: string;
  yTitle: string;
  /** Label the x axis's ticks too (the code-length diagram's x positions are cumulative, not read off). */
  xTicks: boolean;
}

/** The least room, in figure units, between two labelled ticks on a vertical axis (12 px labels). */
const tickSpacing = 16;

/**
 * d3-scale's round ticks for a vertical axis, as many as `most` but never closer than their labels
 * are tall: a short figure (the loss's logit bars) gets −5, 0, 5 instead of seven stacked labels.
 */
export function verticalTicks(y: ScaleLinear<number, number>, most: number): number[] {
  for (let count = most; count > 1; count--) {
    const ticks = y.ticks(count);
    const gap =
      ticks.length > 1 ? Math.abs(y(ticks[1] as number) - y(ticks[0] as number)) : Number.POSITIVE_INFINITY;
    if (gap >= tickSpacing) return ticks;
  }
  return y.domain();
}

/**
 * Redraws the two axes of a figure: a y axis with gridlines and about five ticks (d3-scale's
 * round numbers), an x axis along the bottom, and their titles.
 */
export function drawAxes(layer: SVGGElement, { frame, x, y, xTitle, yTitle, xTicks }: AxesSpec): void {
  const { width, height, margin } = frame;
  const baseline = height - margin.bottom;
  const right = width - margin.right;
  layer.replaceChildren();
  svgElement(layer, 'line', { x1: margin.left, x2: right, y1: baseline, y2: baseline });
  svgElement(layer, 'line', { x1: margin.left, x2: margin.left, y1: baseline, y2: margin.top });
  if (xTicks)
    for (const tick of x.ticks(5))
      svgElement(layer, 'text', { x: x(tick), y: baseline + 16, 'text-anchor': 'middle' }).textContent =
        formatNumber(tick, 2);
  for (const tick of y.ticks(5)) {
    svgElement(layer, 'line', { class: 'grid', x1: margin.left, x2: right, y1: y(tick), y2: y(tick) });
    svgElement(layer, 'text', { x: margin.left - 6, y: y(tick), class: 'tick-y' }).textContent = formatNumber(
      tick,
      2,
    );
  }
  svgElement(layer, 'text', {
    class: 'axis-title',
    transform: `translate(13 ${(baseline + margin.top) / 2}) rotate(-90)`,
    'text-anchor': 'middle',
  }).textContent = yTitle;
  svgElement(layer, 'text', {
    class: 'axis-title',
    x: right,
    y: height - 4,
    'text-anchor': 'end',
  }).textContent = xTitle;
}
