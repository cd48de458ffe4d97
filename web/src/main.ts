import 'katex/dist/katex.min.css';
import './styles.css';
import { mountBinary } from './sections/binary.js';
import { mountCrossEntropy } from './sections/crossEntropy.js';
import { mountEntropy } from './sections/entropy.js';
import { mountGradient } from './sections/gradient.js';
import { mountLikelihood } from './sections/likelihood.js';
import { mountLoss } from './sections/loss.js';
import { mountQuiz } from './sections/quiz.js';
import { mountSurprisal } from './sections/surprisal.js';
import { mountTraining } from './sections/training.js';
import { mountWhy } from './sections/why.js';
import { byId } from './ui/explorable.js';
import { linkTerms } from './ui/terms.js';

mountSurprisal(byId('surprisal'));
mountEntropy(byId('entropy'));
mountCrossEntropy(byId('cross-entropy'));
mountLoss(byId('loss'));
mountBinary(byId('binary'));
mountWhy(byId('why'));
mountLikelihood(byId('likelihood'));
mountGradient(byId('gradient'));
mountQuiz(byId('quiz'));
for (const section of document.querySelectorAll<HTMLElement>('main > section')) linkTerms(section);
// The digits load as their own chunk; the page is usable while they arrive.
mountTraining(byId('training')).then(
  () => document.body.setAttribute('data-ready', 'true'),
  (error: unknown) => {
    document.body.setAttribute('data-ready', 'error');
    throw error;
  },
);
