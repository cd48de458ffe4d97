/**
 * One colour per quantity, for the whole page: the prose (`data-term` spans), the formulas
 * (`\htmlData{term=…}`), SVG and canvas figures all take a quantity's colour from here, so a
 * colour means the same thing in every section. styles.css mirrors these as `--term-<name>`.
 * Each is dark enough to be text (contrast ≥ 4.5:1 on white and on the stages' panel, WCAG AA).
 */
export const termColors = {
  /** p, the truth: a true distribution, a target, a label. */
  truth: '#2b6cb0',
  /** q, the model's guess: a predicted probability. */
  guess: '#b7531c',
  /** −log q: the surprisal of an outcome, a code length. */
  surprisal: '#6b46c1',
  /** p·(−log q): one outcome's share of an expectation, an area in the code-length diagram. */
  term: '#805ad5',
  /** H(p): the entropy, the least average surprise possible. */
  entropy: '#276749',
  /** H(p, q): cross-entropy, the loss. */
  crossEntropy: '#1a202c',
  /** D_KL(p‖q): the extra cost of the wrong guess. */
  kl: '#c53030',
  /** z: the logits, raw scores before softmax. */
  logit: '#4a5568',
  /** ∂L/∂z = q − p: the gradient of the loss with respect to the logits. */
  gradient: '#087990',
} as const;

export type Term = keyof typeof termColors;

export const terms = Object.keys(termColors) as Term[];

/** The comparison losses and neutral marks, which are not quantities of the chain. */
export const otherColors = {
  neutral: '#718096',
  squared: '#b83280',
  linear: '#b7791f',
} as const;
