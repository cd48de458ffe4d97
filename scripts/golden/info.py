"""The information functions, against SciPy: entr / rel_entr / xlogy, scipy.stats.entropy and
scipy.spatial.distance.jensenshannon (squared: SciPy returns the distance, xent the divergence)."""

import math

import numpy as np
from scipy.spatial.distance import jensenshannon
from scipy.special import entr, rel_entr, xlog1py, xlogy
from scipy.stats import entropy as scipy_entropy

from .common import FLOAT_DTYPES, check, close, encode, rounded, tensor_arg

BASES = (None, None, 2, None, 2, 10)


def divisor(base):
    return 1.0 if base is None else math.log(base)


def options_for(base):
    return {} if base is None else {"base": base}


def distributions(rng, shape, zeros):
    raw = rng.dirichlet(np.full(shape[-1], rng.uniform(0.3, 3.0)), size=shape[:-1])
    if zeros:
        drop = rng.random(raw.shape) < 0.3
        drop[..., 0] = False
        raw = np.where(drop, 0.0, raw)
        raw /= raw.sum(axis=-1, keepdims=True)
    return raw


def random_shape(rng):
    c = int(rng.integers(2, 7))
    return [(c,), (int(rng.integers(1, 5)), c), (int(rng.integers(1, 4)), int(rng.integers(1, 4)), c)][
        rng.integers(0, 3)]


def value(array):
    """A 1-D distribution gives a number; higher ranks a tensor with the last axis removed."""
    array = np.asarray(array, dtype=np.float64)
    if array.ndim == 0:
        return float(array)
    return {"shape": list(array.shape), "values": array.tolist()}


def add(family, prefix, fn, dtype, inputs, base, expected, **extra):
    args = [tensor_arg(rounded(a, dtype), dtype) if np.ndim(a) else float(a) for a in inputs]
    family.add(prefix, fn, dtype, encode(args), options_for(base), encode({"value": value(expected)}),
               **encode(extra))


def two_distribution_cases(family, count):
    rng = family.rng
    for n in range(count):
        dtype, base = FLOAT_DTYPES[n % 2], BASES[n % len(BASES)]
        shape = random_shape(rng)
        p = rounded(distributions(rng, shape, n % 3 == 0), dtype).numpy()
        q = rounded(distributions(rng, shape, n % 5 == 4), dtype).numpy()
        d = divisor(base)
        cross = -xlogy(p, q).sum(-1) / d
        check(close(cross, scipy_entropy(p, axis=-1, base=base) + scipy_entropy(p, q, axis=-1, base=base),
                    1e-6 if dtype == "float32" else 1e-10), "cross entropy = H + KL")
        add(family, "info-cross-entropy", "crossEntropy", dtype, (p, q), base, cross)
        kl = rel_entr(p, q).sum(-1) / d
        check(close(kl, scipy_entropy(p, q, axis=-1, base=base), 1e-5 if dtype == "float32" else 1e-10, 1e-12),
              "kl = scipy.stats.entropy(p, q)")
        add(family, "info-kl", "klDivergence", dtype, (p, q), base, kl)
        js = jensenshannon(p, q, axis=-1, base=base) ** 2
        m = (p + q) / 2
        own = (rel_entr(p, m).sum(-1) + rel_entr(q, m).sum(-1)) / (2 * d)
        check(close(js, own, 1e-5 if dtype == "float32" else 1e-10, 1e-14), "js = jensenshannon²")
        add(family, "info-js", "jsDivergence", dtype, (p, q), base, js)


def entropy_cases(family, count):
    rng = family.rng
    for n in range(count):
        dtype, base = FLOAT_DTYPES[n % 2], BASES[n % len(BASES)]
        p = rounded(distributions(rng, random_shape(rng), n % 2 == 0), dtype).numpy()
        h = entr(p).sum(-1) / divisor(base)
        check(close(h, scipy_entropy(p, axis=-1, base=base), 1e-5 if dtype == "float32" else 1e-12),
              "entropy = scipy.stats.entropy")
        add(family, "info-entropy", "entropy", dtype, (p,), base, h)


def elementwise_cases(family, count):
    rng = family.rng
    for n in range(count):
        dtype, base = FLOAT_DTYPES[n % 2], BASES[n % len(BASES)]
        shape = [(int(rng.integers(1, 7)),), (2, int(rng.integers(1, 5))), (2, 2, 3)][n % 3]
        p = rng.random(shape)
        p = rounded(np.where(rng.random(shape) < 0.15, rng.choice([0.0, 1.0, 0.5], size=shape), p), dtype).numpy()
        add(family, "surprisal", "surprisal", dtype, (p,), base, -np.log(p) / divisor(base))
        binary = (entr(p) - xlog1py(1 - p, -p)) / divisor(base)
        check(close(binary, (entr(p) + entr(1 - p)) / divisor(base), 1e-12, 1e-15), "binary entropy")
        add(family, "binary-entropy", "binaryEntropy", "float64" if n % 2 == 0 else dtype, (p,), base, binary)


def special_cases(family):
    for p, base in ((0.0, None), (1.0, None), (0.5, 2), (0.25, 2), (1e-300, None), (0.9, 10)):
        add(family, "surprisal-scalar", "surprisal", "float64", (p,), base, -math.log(p) / divisor(base)
            if p > 0 else math.inf)
        add(family, "binary-entropy-scalar", "binaryEntropy", "float64", (p,), base,
            (entr(p) - xlog1py(1 - p, -p)) / divisor(base))
    for dtype in FLOAT_DTYPES:
        uniform = np.full(8, 1 / 8)
        add(family, "info-entropy", "entropy", dtype, (uniform,), 2, 3.0)  # 8 equal outcomes: exactly 3 bits
        p, q = np.array([0.5, 0.5, 0.0]), np.array([1.0, 0.0, 0.0])
        add(family, "info-cross-entropy", "crossEntropy", dtype, (p, q), None, math.inf)
        add(family, "info-kl", "klDivergence", dtype, (p, q), 2, math.inf)
        add(family, "info-kl", "klDivergence", dtype, (q, p), 2, 1.0)
        add(family, "info-js", "jsDivergence", dtype, (np.array([1.0, 0.0]), np.array([0.0, 1.0])), 2, 1.0)


def build(family):
    np.seterr(divide="ignore")  # -log 0 = Infinity is an expected value here, not an accident
    two_distribution_cases(family, 30)
    entropy_cases(family, 24)
    elementwise_cases(family, 24)
    special_cases(family)
