/** The interview questions. Every choice carries its own explanation, right or wrong. */
export interface Choice {
  text: string;
  correct: boolean;
  why: string;
}

export interface ChoiceQuestion {
  kind: 'choice';
  id: string;
  prompt: string;
  choices: Choice[];
}

export interface NumericQuestion {
  kind: 'numeric';
  id: string;
  prompt: string;
  /** The reference answer, computed by the library when the quiz is graded. */
  answer: () => { nats: number; bits: number };
  tolerance: number;
  explanation: string;
}

export type Question = ChoiceQuestion | NumericQuestion;

export const conceptual: ChoiceQuestion[] = [
  {
    kind: 'choice',
    id: 'q1',
    prompt: 'What are entropy and cross-entropy, and how are they related?',
    choices: [
      {
        text: 'Entropy is the expected surprisal under the true distribution; cross-entropy is the expected surprisal when outcomes follow p but are scored by a guess q. H(p, q) = H(p) + KL(p‖q), so H(p, q) ≥ H(p), with equality only when q = p.',
        correct: true,
        why: 'Right. The KL divergence is the extra surprise a wrong guess costs; it is never negative and vanishes only for a perfect guess.',
      },
      {
        text: 'They are the same quantity measured in different units (bits and nats).',
        correct: false,
        why: 'The unit comes from the logarithm’s base and applies to both. Cross-entropy involves a second distribution, the guess, which entropy does not.',
      },
      {
        text: 'Cross-entropy is at most the entropy, because the guess adds information.',
        correct: false,
        why: 'The inequality runs the other way: a guess can only add surprise on average (section 3 never lets the stacked bar shrink below H(p)).',
      },
      {
        text: 'H(p, q) = H(q) + KL(p‖q): the entropy of the guess plus the divergence.',
        correct: false,
        why: 'The baseline is the entropy of the truth, H(p): outcomes happen as p says, whatever q believes.',
      },
    ],
  },
  {
    kind: 'choice',
    id: 'q2',
    prompt: 'Where is cross-entropy loss the usual choice, and why there?',
    choices: [
      {
        text: 'Predicting house prices, because it penalizes large errors.',
        correct: false,
        why: 'A price is a real number, not a probability vector; regression usually uses squared or absolute error.',
      },
      {
        text: 'Classification — multi-class with softmax, binary and multi-label with sigmoids — because the model outputs probabilities and the loss scores them by the surprise at the true label.',
        correct: true,
        why: 'Right. Cross-entropy compares two probability distributions, which is exactly what a classifier’s output and its label are.',
      },
      {
        text: 'Only binary classification; multi-class problems need a different loss.',
        correct: false,
        why: 'Binary cross-entropy is the two-class special case. Image classifiers with hundreds of classes train on softmax + cross-entropy.',
      },
      {
        text: 'Clustering, to measure the distance between cluster centres.',
        correct: false,
        why: 'Clustering has no labels to compare with; cross-entropy needs a target distribution.',
      },
    ],
  },
  {
    kind: 'choice',
    id: 'q3',
    prompt: 'What is the mathematical character of the loss, and how does it help training?',
    choices: [
      {
        text: 'It is bounded between 0 and 1, which keeps the gradients small and training stable.',
        correct: false,
        why: 'That describes the linear and squared penalties of section 6, and their boundedness is the problem: a confidently wrong prediction costs almost no more than a mediocre one.',
      },
      {
        text: 'It only looks at the wrong classes’ probabilities.',
        correct: false,
        why: 'With a one-hot target it looks only at the true class’s probability: the loss is −log q_true.',
      },
      {
        text: 'It is −log of the true class’s probability: near 0 when confident and right, unbounded as that probability goes to 0. With softmax its gradient on the logits is softmax(a) − y, proportional to the error, so it does not vanish when the model is confidently wrong.',
        correct: true,
        why: 'Right. Sections 6 and 7 show both: the log penalty’s unbounded growth, and a gradient that stays near −1 where squared error’s fades to 0.',
      },
      {
        text: 'It is not differentiable where the prediction equals the target, which stops training at the right moment.',
        correct: false,
        why: 'It is smooth in the logits everywhere; its gradient softmax(a) − y simply reaches 0 when the prediction matches the target.',
      },
    ],
  },
  {
    kind: 'choice',
    id: 'q5',
    prompt:
      'How is multi-label cross-entropy computed, and how does it differ from single-label multi-class?',
    choices: [
      {
        text: 'One softmax over all labels, then cross-entropy against the multi-hot target.',
        correct: false,
        why: 'Softmax makes labels compete for one unit of probability, so two present labels could each get at most one half; the labels are separate yes/no questions.',
      },
      {
        text: 'Keep only the highest-scoring label and apply the ordinary multi-class loss.',
        correct: false,
        why: 'That throws the other labels away: an image with a dog and a beach must be rewarded for seeing both.',
      },
      {
        text: 'A sigmoid per label and a binary cross-entropy per label, added up (or averaged). In multi-class, one softmax spreads one unit of probability over classes that exclude each other.',
        correct: true,
        why: 'Right. Section 5 shows it: each label has its own probability, they need not sum to 1, and the loss is the sum of the binary losses.',
      },
      {
        text: 'Multiply the binary losses of the labels together.',
        correct: false,
        why: 'Probabilities of independent labels multiply, so their log losses add; multiplying the losses has no such meaning.',
      },
    ],
  },
];
