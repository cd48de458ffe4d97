// An app that uses only entropy(): its bundle must not carry the kernels' binary.
import { entropy } from '../../../src/index.js';

console.log(entropy([0.5, 0.25, 0.25], { base: 2 }));
