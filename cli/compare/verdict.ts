import { formatNumber } from '../output.js';
import type { PairedDifference } from './pairedTests.js';

/** The level below which a p-value counts as evidence of a difference. */
const SIGNIFICANCE = 0.05;

export interface Metric {
  /** "log loss", "Brier score", "accuracy". */
  name: string;
  /** Appended to a magnitude: " nats", or "" for a proportion. */
  unit: string;
  lowerIsBetter: boolean;
}

export function formatP(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${formatNumber(p, 2)}`;
}

const n3 = (x: number) => formatNumber(x, 3);

/** An interval in words: "0.020–0.042", or "-0.01 to 0.04" where a minus would read as a dash. */
function interval(lower: number, upper: number): string {
  return lower < 0 ? `${n3(lower)} to ${n3(upper)}` : `${n3(lower)}–${n3(upper)}`;
}

/**
 * One sentence a reader can act on: "B's log loss is lower by 0.031 nats (95% CI 0.020–0.042,
 * p < 0.001): B is better." The interval is the magnitude's, in the sentence's direction.
 */
export function verdict(
  metric: Metric,
  result: PairedDifference,
): { better: 'A' | 'B' | null; sentence: string } {
  const { difference, lower, upper, pValue } = result;
  if (difference === 0)
    return { better: null, sentence: `B's ${metric.name} equals A's (${formatP(pValue)}): no difference.` };
  const higher = difference > 0;
  const magnitude = Math.abs(difference);
  const ci = higher ? interval(lower, upper) : interval(-upper, -lower);
  const bBetter = higher !== metric.lowerIsBetter;
  const better = pValue < SIGNIFICANCE ? (bBetter ? 'B' : 'A') : null;
  const conclusion =
    better === null
      ? `the difference could be chance (p ≥ ${SIGNIFICANCE}); more rows would tell`
      : `${better} is better`;
  return {
    better,
    sentence: `B's ${metric.name} is ${higher ? 'higher' : 'lower'} by ${n3(magnitude)}${metric.unit} (95% CI ${ci}, ${formatP(pValue)}): ${conclusion}.`,
  };
}
