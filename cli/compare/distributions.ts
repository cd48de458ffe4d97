// The two distributions the paired tests need, Student's t and the chi-square with one degree of
// freedom, through the regularized incomplete beta and gamma functions (Numerical Recipes, 3rd ed.,
// §6.1–6.4: Lanczos's log-gamma, Lentz's continued fractions). Checked point by point against
// scipy.stats in test/cli/compareStatistics.test.ts.

const LANCZOS = [
  57.15623566586292, -59.59796035547549, 14.136097974741746, -0.4919138160976202, 3.399464998481189e-5,
  4.652362892704858e-5, -9.837447530487956e-5, 1.580887032249125e-4, -2.1026444172410488e-4,
  2.1743961811521265e-4, -1.643181065367639e-4, 8.441822398385275e-5, -2.6190838401581408e-5,
  3.6899182659531625e-6,
];

/** log Γ(x) for x > 0 (Lanczos, g = 607/128, 14 terms: about 15 correct digits). */
function logGamma(x: number): number {
  let denominator = x;
  let series = 0.9999999999999971;
  for (const c of LANCZOS) series += c / ++denominator;
  const t = x + 5.2421875;
  return (x + 0.5) * Math.log(t) - t + Math.log((2.5066282746310007 * series) / x);
}

/** Smallest magnitude a continued fraction's terms are floored at, so a zero never divides. */
const TINY = 1e-300;
const MAX_TERMS = 10_000;

/** The continued fraction of I_x(a, b) (Lentz's method), fast for x < (a + 1)/(a + b + 2). */
function betaFraction(a: number, b: number, x: number): number {
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < TINY ? TINY : d);
  let h = d;
  for (let m = 1; m < MAX_TERMS; m++) {
    for (const numerator of [
      (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)),
      (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1)),
    ]) {
      d = 1 + numerator * d;
      d = 1 / (Math.abs(d) < TINY ? TINY : d);
      c = 1 + numerator / c;
      if (Math.abs(c) < TINY) c = TINY;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-16) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  // The fraction converges fast on one side of the mean; the symmetry I_x(a,b) = 1 − I_(1−x)(b,a) covers the other.
  return x < (a + 1) / (a + b + 2)
    ? (front * betaFraction(a, b, x)) / a
    : 1 - (front * betaFraction(b, a, 1 - x)) / b;
}

/** P(|T| ≥ |t|) for Student's t with `df` degrees of freedom: I_(df/(df+t²))(df/2, 1/2). */
export function studentTwoSided(t: number, df: number): number {
  return incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** The t with P(T ≤ t) = p, for p in (0.5, 1): bisection on the two-sided tail, to the last bit. */
export function studentQuantile(p: number, df: number): number {
  const tail = 2 * (1 - p);
  let low = 0;
  let high = 1;
  while (studentTwoSided(high, df) > tail) high *= 2;
  for (let step = 0; step < 200 && high - low > 1e-15 * high; step++) {
    const middle = (low + high) / 2;
    if (studentTwoSided(middle, df) > tail) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

/** Q(a, x) = Γ(a, x)/Γ(a), the upper regularized incomplete gamma (series below a + 1, fraction above). */
function upperIncompleteGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  const front = Math.exp(-x + a * Math.log(x) - logGamma(a));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < MAX_TERMS && Math.abs(term) > Math.abs(sum) * 1e-17; n++) {
      term *= x / (a + n);
      sum += term;
    }
    return 1 - front * sum;
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_TERMS; i++) {
    const numerator = -i * (i - a);
    b += 2;
    d = numerator * d + b;
    d = 1 / (Math.abs(d) < TINY ? TINY : d);
    c = b + numerator / c;
    if (Math.abs(c) < TINY) c = TINY;
    h *= d * c;
    if (Math.abs(d * c - 1) < 1e-16) break;
  }
  return front * h;
}

/** P(X ≥ x) for the chi-square with one degree of freedom: Q(1/2, x/2). */
export function chiSquareOneSurvival(x: number): number {
  return upperIncompleteGamma(0.5, x / 2);
}
