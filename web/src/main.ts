import 'katex/dist/katex.min.css';
import './styles.css';
import { mountBinary } from './sections/binary.js';
import { mountCrossEntropy } from './sections/crossEntropy.js';
import { mountEntropy } from './sections/entropy.js';
import { mountGradient } from './sections/gradient.js';
import { mountLoss } from './sections/loss.js';
import { mountQuiz } from './sections/quiz.js';
import { mountSurprisal } from './sections/surprisal.js';
import { mountTraining } from './sections/training.js';
import { mountWhy } from './sections/why.js';
import { byId } from './ui/explorable.js';
import { mountLegend } from './ui/legend.js';
import { keepScrollRegionsFocusable } from './ui/scrollRegions.js';
import { linkTerms } from './ui/terms.js';

// The scripts run, so the "serve this page over http" banner of index.html is not needed.
document.getElementById('boot-banner')?.remove();

mountSurprisal(byId('surprisal'));
mountEntropy(byId('entropy'));
mountCrossEntropy(byId('cross-entropy'));
mountLoss(byId('loss'));
mountBinary(byId('binary'));
mountWhy(byId('why'));
mountGradient(byId('gradient'));
mountQuiz(byId('quiz'));
for (const section of document.querySelectorAll<HTMLElement>('main > section')) linkTerms(section);
const hero = document.querySelector<HTMLElement>('header.hero');
const pitch = hero?.querySelector<HTMLElement>('.pitch');
const legend = hero?.querySelector<HTMLElement>('.legend');
if (pitch) linkTerms(pitch);
if (hero && legend) mountLegend(legend, hero);
keepScrollRegionsFocusable(document.body);
// Every section's controls answer from here on; the delivery test reads this mark (ms after navigation).
document.body.setAttribute('data-interactive', String(performance.now()));
// The digits load as their own chunk; the page is usable while they arrive.
mountTraining(byId('training')).then(
  () => document.body.setAttribute('data-ready', 'true'),
  (error: unknown) => {
    document.body.setAttribute('data-ready', 'error');
    throw error;
  },
);
