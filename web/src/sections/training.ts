import { initKernels } from '../../../src/index.js';
import { loadDigits } from '../training/digits.js';
import { el } from '../ui/explorable.js';

/**
 * Mounts the training section. Its figures and the training code arrive as one deferred chunk
 * with the digits, while the WASM kernels compile; the rest of the page does not wait for any
 * of it.
 */
export async function mountTraining(root: HTMLElement): Promise<void> {
  const status = el('p', 'status', 'Loading the digits…');
  status.setAttribute('role', 'status');
  root.querySelector('[data-scene="watch"] .stage')?.append(status);
  try {
    const [scenes, data, kernels] = await Promise.all([
      import('../training/scenes.js'),
      loadDigits(),
      initKernels(),
    ]);
    status.remove();
    scenes.mountTrainingScenes(root, data, kernels);
  } catch (error) {
    status.textContent = `The training section could not be loaded: ${String(error)}`;
    throw error;
  }
}
