import 'katex/dist/katex.min.css';
import './styles.css';
import { mountBinary } from './sections/binary.js';
import { mountCrossEntropy } from './sections/crossEntropy.js';
import { mountEntropy } from './sections/entropy.js';
import { mountGradient } from './sections/gradient.js';
import { mountLikelihood } from './sections/likelihood.js';
import { mountLoss } from './sections/loss.js';
import { mountMixup } from './sections/mixup.js';
import { mountQuiz } from './sections/quiz.js';
import { mountSmoothing } from './sections/smoothing.js';
import { mountSoftmax } from './sections/softmax.js';
import { mountSurprisal } from './sections/surprisal.js';
import { mountTraining } from './sections/training.js';
import { mountWhy } from './sections/why.js';
import { byId } from './ui/explorable.js';
import { mountLegend } from './ui/legend.js';
import { keepScrollRegionsFocusable } from './ui/scrollRegions.js';
import { linkTerms } from './ui/terms.js';

/** Each section's id and what brings it to life, in page order. A mount may finish later (data). */
const sections: [id: string, mount: (root: HTMLElement) => unknown][] = [
  ['surprisal', mountSurprisal],
  ['entropy', mountEntropy],
  ['cross-entropy', mountCrossEntropy],
  ['softmax', mountSoftmax],
  ['loss', mountLoss],
  ['smoothing', mountSmoothing],
  ['mixup', mountMixup],
  ['binary', mountBinary],
  ['why', mountWhy],
  ['likelihood', mountLikelihood],
  ['gradient', mountGradient],
  ['training', mountTraining],
  ['quiz', mountQuiz],
];

/** Yields to the browser, so it can paint and answer input between two sections' mounts. */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Brings the page up section by section, the first one first: the reader can use the opening
 * figure while the rest mount. `data-interactive` (ms after navigation) marks the moment the
 * first section answers input, `data-ready` the moment everything has, data included.
 */
async function boot(): Promise<void> {
  // The scripts run, so the "serve this page over http" banner of index.html is not needed.
  document.getElementById('boot-banner')?.remove();
  const hero = document.querySelector<HTMLElement>('header.hero');
  const pitch = hero?.querySelector<HTMLElement>('.pitch');
  const legend = hero?.querySelector<HTMLElement>('.legend');
  if (pitch) linkTerms(pitch);
  if (hero && legend) mountLegend(legend, hero);
  keepScrollRegionsFocusable(document.body);
  const loading: unknown[] = [];
  for (const [index, [id, mount]] of sections.entries()) {
    const root = byId(id);
    loading.push(mount(root));
    linkTerms(root);
    if (index === 0) document.body.setAttribute('data-interactive', String(performance.now()));
    await nextTask();
  }
  await Promise.all(loading);
}

boot().then(
  () => document.body.setAttribute('data-ready', 'true'),
  (error: unknown) => {
    document.body.setAttribute('data-ready', 'error');
    throw error;
  },
);
