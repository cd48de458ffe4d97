import * as xent from '../../src/index.js';
import { runGoldenSuite } from './compare.js';

runGoldenSuite('reference', xent, { families: ['poisson'] });
