import { readFileSync } from 'node:fs';
import { FIXTURES } from '../metrics/fixtures.js';

interface Figures {
  logLoss: number;
  brier: number;
  ece: number;
}

/** What scripts/generate_compare_fixtures.py wrote: SciPy's and scikit-learn's answers. */
export interface CompareFixtures {
  temperature: {
    file: string;
    args: string[];
    temperature: number;
    before: Figures;
    after: Figures;
    rows: number;
  };
  platt: {
    file: string;
    args: string[];
    a: number;
    b: number;
    sklearnSigmoidCalibration: { a: number; b: number };
    before: Figures;
    after: Figures;
    rows: number;
  };
  statistics: unknown;
  compare: unknown;
  logprob: unknown;
  curves: unknown;
}

export const expectedCompare: CompareFixtures = JSON.parse(
  readFileSync(`${FIXTURES}expected_compare.json`, 'utf8'),
);
