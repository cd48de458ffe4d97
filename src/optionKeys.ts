// Unknown option keys. A misspelled key (PyTorch's `label_smoothing`, Keras's `from_logits`) would
// otherwise be ignored and the default silently used, so every public function lists the keys it
// reads and refuses the rest, naming the key it most likely meant.
import { formatValue, XentError } from './errors.js';

/** Other libraries' spellings whose xent name is not just the same words in camelCase. */
const SPELLINGS: Record<string, { key: string; note?: string; elsewhere?: string }> = {
  fromlogits: {
    key: 'from',
    note: "from: 'logits' (from_logits=True) or 'probabilities' (False)",
    elsewhere: 'for logits use binaryCrossEntropyWithLogits, or crossEntropyLoss (from logits by default)',
  },
  dim: { key: 'axis' },
  depth: { key: 'numClasses' },
  epsilon: { key: 'eps' },
  classweight: { key: 'weight' },
  labels: { key: 'labelReduction' },
  t: { key: 'temperature' },
  ytrue: { key: 'labels' },
  target: { key: 'labels' },
  ypred: { key: 'probabilities' },
  yprob: { key: 'probabilities' },
  sizeaverage: { key: 'reduction', note: "reduction: 'mean' | 'sum' | 'none' (PyTorch's replacement)" },
  reduce: { key: 'reduction', note: "reduction: 'mean' | 'sum' | 'none' (PyTorch's replacement)" },
};

/** Other libraries' spellings of a choice's value. */
const CHOICE_SPELLINGS: Record<string, { value: string; note?: string }> = {
  elementwisemean: { value: 'mean' },
  sumoverbatchsize: { value: 'mean' },
  auto: { value: 'mean' },
  batchmean: { value: 'sum', note: "'sum' divided by the batch size (only klDivLoss has 'batchmean')" },
};

/** A spelling reduced to what differs in meaning: case, underscores and hyphens dropped. */
function normalizeSpelling(name: string): string {
  return name.toLowerCase().replace(/[_-]/g, '');
}

/** Optimal string alignment distance; only distances up to 2 matter, so lengths further apart give 3. */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous2: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, previous2[j - 2] + 1);
      }
      current.push(best);
    }
    previous2 = previous;
    previous = current;
  }
  return previous[b.length];
}

/** The known name closest to `name` (within 2 edits, ignoring case and underscores), if any. */
function closest(name: string, known: readonly string[]): string | undefined {
  const wanted = normalizeSpelling(name);
  let best: string | undefined;
  let bestDistance = wanted.length <= 3 ? 1 : 2;
  for (const candidate of known) {
    const distance = editDistance(wanted, normalizeSpelling(candidate));
    if (distance <= bestDistance && (best === undefined || distance < bestDistance)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** "did you mean 'mean'? " for a misspelled or foreign choice value, else nothing. */
export function choiceHint(value: string, allowed: readonly string[]): string {
  const foreign = CHOICE_SPELLINGS[normalizeSpelling(value)];
  if (foreign !== undefined && allowed.includes(foreign.value)) {
    return `did you mean ${foreign.note ?? `'${foreign.value}'`}? `;
  }
  const meant = closest(value, allowed);
  return meant === undefined ? '' : `did you mean '${meant}'? `;
}

/** What to say about an unknown key: the known key it most likely stands for, or nothing. */
function keyHint(key: string, known: readonly string[]): string {
  const spelling = SPELLINGS[normalizeSpelling(key)];
  if (spelling !== undefined && known.includes(spelling.key)) {
    return `did you mean ${spelling.note ?? spelling.key}? `;
  }
  if (spelling?.elsewhere !== undefined) return `${spelling.elsewhere} `;
  const meant = closest(key, known);
  return meant === undefined ? '' : `did you mean ${meant}? `;
}

/** "did you mean labelSmoothing? (crossEntropyLoss takes …)", or just the list without a guess. */
function unknownKeyAdvice(key: string, known: readonly string[], op: string): string {
  const takes = `${op} takes ${known.length === 0 ? 'no options' : known.join(', ')}`;
  const hint = keyHint(key, known);
  return hint === '' ? takes : `${hint}(${takes})`;
}

/**
 * Refuses an options argument that is not a plain object, or that has a key the function does
 * not read (which would otherwise be silently ignored), suggesting the key it most likely meant.
 */
export function checkOptionKeys(
  options: unknown,
  known: readonly string[],
  op: string,
  argument = 'options',
): void {
  if (options === undefined) return;
  if (
    typeof options !== 'object' ||
    options === null ||
    Array.isArray(options) ||
    ArrayBuffer.isView(options)
  ) {
    throw new XentError(
      'INVALID_OPTION',
      `${argument} is ${formatValue(options)}; pass an object such as {}`,
      {
        op,
        argument,
        value: options,
      },
    );
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    throw new XentError(
      'INVALID_OPTION',
      `unknown ${argument === 'options' ? 'option' : `${argument} key`} ${key}; ${unknownKeyAdvice(key, known, op)}`,
      { op, argument: key, expected: known },
    );
  }
}
