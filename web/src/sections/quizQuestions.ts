import { crossEntropy, crossEntropyLossWithGrad, entropy, klDivergence } from '../../../src/index.js';

/**
 * The question bank. Every choice explains itself, right or wrong; a hint helps a second try
 * without giving the answer away. Choices are written to similar lengths, so the right one cannot
 * be spotted by its size (test/browser/web-quiz.test.ts holds the bank to that). Numeric answers
 * come from the library, never from a number typed here.
 */
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
  hint: string;
}

export interface NumericQuestion {
  kind: 'numeric';
  id: string;
  /** Plain text; `backticks` mark code. */
  prompt: string;
  /** 'nats' answers may be typed in bits (then converted); 'none' answers carry no unit. */
  unit: 'nats' | 'none';
  /** The reference answer (nats where there is a unit), from the library. */
  answer: () => number;
  hint: string;
  explanation: string;
}

export type Question = ChoiceQuestion | NumericQuestion;

const choice = (text: string, why: string, correct = false): Choice => ({ text, correct, why });

export const bank: Question[] = [
  {
    kind: 'choice',
    id: 'relation',
    prompt: 'Entropy and cross-entropy: what are they, and how are they related?',
    hint: 'Think about which distribution the outcomes follow, and which one scores them.',
    choices: [
      choice(
        'The same quantity, once measured in bits and once in nats, so they are equal.',
        'The unit comes from the base of the logarithm and applies to both; cross-entropy brings in a second distribution.',
      ),
      choice(
        'H(p): mean surprise under the truth; H(p, q): the same outcomes scored by q, H(p) + D_KL(p‖q).',
        'Right. The gap is the KL divergence: never negative, zero only when the guess equals the truth.',
        true,
      ),
      choice(
        'Cross-entropy is at most the entropy, because a guess adds information about the outcome.',
        'It runs the other way: scoring outcomes with a wrong guess can only add surprise on average.',
      ),
      choice(
        'H(p, q) = H(q) + D_KL(p‖q): the entropy of the guess, plus the divergence between the two.',
        'The baseline is the truth’s entropy H(p): outcomes happen as p says, whatever q believes.',
      ),
    ],
  },
  {
    kind: 'choice',
    id: 'where',
    prompt: 'Where is cross-entropy the usual training loss, and why there?',
    hint: 'What kind of output does the loss compare with the label?',
    choices: [
      choice(
        'Regression, such as house prices, because it punishes large errors harder.',
        'A price is a real number, not a probability vector; regression usually takes squared or absolute error.',
      ),
      choice(
        'Only binary classification; problems with more classes need a different loss.',
        'Binary cross-entropy is the two-class case of the same loss; image classifiers with a thousand classes use it too.',
      ),
      choice(
        'Classification of every kind: the model outputs probabilities to score.',
        'Right. Softmax (multi-class) or sigmoids (binary, multi-label) give probabilities, and the loss is the surprise at the true label.',
        true,
      ),
      choice(
        'Clustering, where it measures the distance between the cluster centres found.',
        'Clustering has no labels, and cross-entropy needs a target distribution to compare with.',
      ),
    ],
  },
  {
    kind: 'choice',
    id: 'character',
    prompt: 'What is the mathematical character of the loss, and how does it help training?',
    hint: 'Follow −log q as q, the true class’s probability, goes to 0.',
    choices: [
      choice(
        'It is bounded between 0 and 1, which keeps gradients small and training stable.',
        'That describes 1 − q and (1 − q)², and it is their weakness: a confident mistake costs hardly more than a mild one.',
      ),
      choice(
        'It only looks at the probabilities the model gives to the wrong classes.',
        'With a one-hot target only the true class’s probability appears: the loss is −log q of that class.',
      ),
      choice(
        'It is not differentiable where the prediction meets the target, which stops training.',
        'It is smooth in the logits everywhere; its gradient q − p simply reaches 0 at a perfect prediction.',
      ),
      choice(
        'It grows without bound as q → 0, and its gradient q − p stays large when wrong.',
        'Right. The penalty for confident mistakes is unbounded, and the push on the logits does not fade when softmax saturates.',
        true,
      ),
    ],
  },
  {
    kind: 'choice',
    id: 'multi-label',
    prompt: 'How is multi-label cross-entropy computed, and how does it differ from multi-class?',
    hint: 'Can an image be both “dog” and “beach”? What would a softmax do with that?',
    choices: [
      choice(
        'A sigmoid and a binary cross-entropy per label, summed or averaged.',
        'Right. Each label is its own yes/no question; in multi-class one softmax shares one unit of probability among exclusive classes.',
        true,
      ),
      choice(
        'One softmax over all labels, then cross-entropy against the multi-hot target.',
        'Softmax makes labels share one unit of probability: two labels that are both present cannot both be near 1.',
      ),
      choice(
        'Keep only the highest-scoring label and apply the ordinary multi-class loss.',
        'That throws away the other labels: a picture of a dog on a beach should be rewarded for seeing both.',
      ),
      choice(
        'Multiply the binary losses of the labels together into one number.',
        'Independent probabilities multiply, so their log losses add; a product of losses has no such meaning.',
      ),
    ],
  },
  {
    kind: 'choice',
    id: 'likelihood',
    prompt: 'Minimising the mean cross-entropy over one-hot labels is the same as…',
    hint: 'Write the loss of one example as −log of something, then sum over the data set.',
    choices: [
      choice(
        '…minimising the squared distance between the predicted and the true probabilities.',
        'That is the Brier score, a different loss; it agrees on the best prediction but not on the path there.',
      ),
      choice(
        '…maximising the likelihood the model assigns to the observed labels.',
        'Right. The loss is −log q of each true label; summing logs multiplies probabilities, so less loss means more likelihood.',
        true,
      ),
      choice(
        '…maximising the entropy of the model’s predictions, to keep them cautious.',
        'It pushes the other way: for one-hot labels the best predictions are confident, with entropy near 0.',
      ),
      choice(
        '…maximising the accuracy of the model’s top-1 predictions on the data.',
        'Accuracy is not differentiable; cross-entropy is a smooth stand-in that also rewards calibrated probabilities.',
      ),
    ],
  },
  {
    kind: 'choice',
    id: 'proper',
    prompt: 'Why does log loss reward a forecaster for stating the probabilities they believe?',
    hint: 'If outcomes follow p, which reported q makes the expected loss H(p, q) smallest?',
    choices: [
      choice(
        'It does not: exaggerating towards 0 or 1 always scores better on average.',
        'Exaggeration pays only when it happens to be right; averaged over outcomes it costs the KL divergence.',
      ),
      choice(
        'A strictly proper scoring rule: the expected loss is least only at q = p.',
        'Right. The expected loss is H(p) + D_KL(p‖q), and the KL term vanishes only for the honest report.',
        true,
      ),
      choice(
        'Because the loss is bounded, so extreme reports cannot gain much from luck.',
        'It is unbounded: a probability of 0 on what happens costs infinity, which is what deters overconfidence.',
      ),
      choice(
        'Because it only scores the most likely outcome, ignoring the others entirely.',
        'It scores the outcome that happened, whatever its rank, by −log of the probability it was given.',
      ),
    ],
  },
  {
    kind: 'choice',
    id: 'smoothing',
    prompt: 'What does label smoothing with ε do to a one-hot target over C classes?',
    hint: 'The new target is still a probability distribution. What does it mix?',
    choices: [
      choice(
        'It adds Gaussian noise to the logits during training, for robustness.',
        'Noise on the logits is a different regulariser; label smoothing changes the target, not the input.',
      ),
      choice(
        'It drops the examples whose labels look wrong, cleaning the data.',
        'Nothing is dropped: every example keeps its label, only the target vector is softened.',
      ),
      choice(
        'It mixes the one-hot target with the uniform: (1 − ε) one-hot + ε/C.',
        'Right. No class is left at probability 0, so the logits need not run off to infinity to drive the loss down.',
        true,
      ),
      choice(
        'It multiplies the loss by (1 − ε), which acts as a smaller learning rate.',
        'Scaling the loss would only rescale the gradient; smoothing changes which prediction is best.',
      ),
    ],
  },
  {
    kind: 'choice',
    id: 'gradient',
    prompt: 'With q = softmax(z) and target p, what is the gradient of the cross-entropy on the logits z?',
    hint: 'Differentiate −Σ p_i log q_i through the softmax; the log and the exp cancel.',
    choices: [
      choice(
        'q − p: the predicted minus the target probability, class by class.',
        'Right. The push on each logit is the prediction’s error on that class, at most 1 in size.',
        true,
      ),
      choice(
        '−p / q: the target divided by the prediction, with a minus sign.',
        'That is the gradient with respect to q; the softmax’s slope turns it into something simpler on z.',
      ),
      choice(
        'q (1 − q) (q − p): the error scaled by the softmax’s own slope.',
        'That extra slope factor is what squared error brings in, and why its gradient fades when q saturates.',
      ),
      choice(
        'log q − log p: the difference of the two distributions’ logarithms.',
        'That expression appears inside the KL divergence, not in the derivative of the loss on the logits.',
      ),
    ],
  },
  {
    kind: 'choice',
    id: 'units',
    prompt: 'A loss of 1 nat: how many bits is that, and does the unit matter for training?',
    hint: '1 bit = ln 2 ≈ 0.693 nats.',
    choices: [
      choice(
        'Exactly 1 bit; nats and bits are two names for the same unit.',
        'A nat is the log-e unit and a bit the log-2 unit; they differ by a constant factor.',
      ),
      choice(
        'About 0.693 bits, and the best weights change with the unit chosen.',
        '0.693 = ln 2 goes the other way (1 bit = 0.693 nats); and a constant factor moves no minimum.',
      ),
      choice(
        'About 2.718 bits, since a nat is defined by Euler’s number e.',
        'e is the base of the logarithm, not the conversion factor; the factor is 1 / ln 2.',
      ),
      choice(
        'About 1.443 bits (1 / ln 2); a constant factor moves no minimum.',
        'Right. Changing the base multiplies the loss by a constant, which scales the gradient but not its direction.',
        true,
      ),
    ],
  },
  {
    kind: 'choice',
    id: 'gibbs',
    prompt: 'Why is the KL divergence D_KL(p‖q) never negative?',
    hint: 'The logarithm is concave: the log of an average is at least the average of the logs.',
    choices: [
      choice(
        'Because it is defined with an absolute value around each term.',
        'There is no absolute value: single terms p_i log(p_i / q_i) can be negative, only their sum cannot.',
      ),
      choice(
        'Gibbs’ inequality (Jensen on the concave log); 0 only when q = p.',
        'Right. Equivalently H(p, q) ≥ H(p): no code built for q beats the code built for the truth.',
        true,
      ),
      choice(
        'Because probabilities are at most 1, so every logarithm is negative.',
        'log(p_i / q_i) is positive wherever p_i > q_i; the argument needs more than signs.',
      ),
      choice(
        'It can be negative whenever q is more confident than p is.',
        'Confidence in q does not help: the sum is never below 0, whatever q is.',
      ),
    ],
  },
  {
    kind: 'numeric',
    id: 'article',
    prompt:
      'A model predicts `q = [0.7, 0.2, 0.1]` for the target `p = [1, 0, 0]`. What is the cross-entropy loss, in nats?',
    unit: 'nats',
    answer: () => crossEntropy([1, 0, 0], [0.7, 0.2, 0.1]),
    hint: 'With a one-hot target only the true class counts.',
    explanation: 'Only the true class counts with a one-hot target: −ln 0.7.',
  },
  {
    kind: 'numeric',
    id: 'coin',
    prompt: 'What is the entropy of a fair coin, in nats?',
    unit: 'nats',
    answer: () => entropy([0.5, 0.5]),
    hint: 'In bits it is exactly 1; convert.',
    explanation: 'Two equally likely outcomes: −(½ ln ½ + ½ ln ½) = ln 2, which is 1 bit.',
  },
  {
    kind: 'numeric',
    id: 'kl',
    prompt:
      'The truth is a fair coin, `p = [0.5, 0.5]`; the model says `q = [0.9, 0.1]`. What is D_KL(p‖q), in nats?',
    unit: 'nats',
    answer: () => klDivergence([0.5, 0.5], [0.9, 0.1]),
    hint: 'Σ p_i log(p_i / q_i), in nats: two terms, one negative.',
    explanation: '½ ln(0.5/0.9) + ½ ln(0.5/0.1): the second term, the surprise at tails, dominates.',
  },
  {
    kind: 'numeric',
    id: 'logit-gradient',
    prompt:
      'Softmax gives `q = [0.7, 0.2, 0.1]` and the true class is the first, class 0. What is ∂L/∂z₀, the gradient on its logit?',
    unit: 'none',
    answer: () => crossEntropyLossWithGrad(new Float64Array([0.7, 0.2, 0.1].map(Math.log)), 0).grad.data[0],
    hint: 'The gradient on the logits is q − p.',
    explanation: 'q₀ − p₀ = 0.7 − 1: negative, so gradient descent raises the true class’s logit.',
  },
];
