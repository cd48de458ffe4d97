// An app that trains with crossEntropyLossWithGrad and starts the kernels for it.
import { crossEntropyLossWithGrad, initKernels } from '../../../src/index.js';

await initKernels();
console.log(crossEntropyLossWithGrad([[2, 0.5, -1]], [0]).loss);
