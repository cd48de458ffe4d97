"""softmax, logSoftmax, logSumExp (axis, temperature), sigmoid, logSigmoid, against torch."""

import numpy as np
import torch
import torch.nn.functional as F

from .common import FLOAT_DTYPES, encode, options_of, rounded, tensor_arg

TEMPERATURES = (None, None, 0.5, 2.0, 10.0)


def value(t):
    t = t.detach()
    if t.dim() == 0:
        return float(t)
    return {"shape": list(t.shape), "values": t.tolist()}


def random_input(rng, n):
    rank = int(rng.integers(1, 4))
    shape = tuple(int(rng.integers(1, 5)) for _ in range(rank - 1)) + (int(rng.integers(2, 6)),)
    x = rng.normal(0, 3, shape)
    if n % 5 == 3:  # masks; the last position along every axis stays finite, so no slice is all masked
        finite = np.zeros(shape, dtype=bool)
        for axis in range(len(shape)):
            index = [slice(None)] * len(shape)
            index[axis] = -1
            finite[tuple(index)] = True
        x = np.where((rng.random(shape) < 0.3) & ~finite, -np.inf, x)
    if n % 5 == 4:
        x = rng.choice([-1e4, 0.0, 1e4], size=shape) + rng.normal(0, 1, shape)
    return x


def axis_cases(family, count):
    rng = family.rng
    for n in range(count):
        dtype = FLOAT_DTYPES[n % 2]
        x = rounded(random_input(rng, n), dtype)
        axis = None if n % 3 == 0 else int(rng.integers(-x.dim(), x.dim()))
        temperature = TEMPERATURES[n % len(TEMPERATURES)]
        options = options_of(dtype, axis=axis, temperature=temperature)
        dim, t = -1 if axis is None else axis, 1.0 if temperature is None else temperature
        results = (
            ("softmax", "softmax", torch.softmax(x / t, dim)),
            ("log-softmax", "logSoftmax", torch.log_softmax(x / t, dim)),
            ("logsumexp", "logSumExp", t * torch.logsumexp(x / t, dim)),
        )
        for prefix, fn, expected in results:
            family.add(prefix, fn, dtype, [tensor_arg(x, dtype)], options, encode({"value": value(expected)}))


def elementwise_cases(family, count):
    rng = family.rng
    for n in range(count):
        dtype = FLOAT_DTYPES[n % 2]
        shape = tuple(int(rng.integers(1, 5)) for _ in range(int(rng.integers(1, 4))))
        x = rng.normal(0, 4, shape)
        if n % 4 == 3:
            x = np.where(rng.random(shape) < 0.4, rng.choice([-1e4, 1e4, -40.0, 40.0, 0.0], size=shape), x)
        x = rounded(x, dtype)
        family.add("sigmoid", "sigmoid", dtype, [tensor_arg(x, dtype)], {}, encode({"value": value(torch.sigmoid(x))}))
        family.add("log-sigmoid", "logSigmoid", dtype, [tensor_arg(x, dtype)], {},
                   encode({"value": value(F.logsigmoid(x))}))


def special_cases(family):
    for x in (0.0, 1.0, -1.0, 40.0, -40.0, 1e4, -1e4, float("inf"), float("-inf"), float("nan")):
        scalar = torch.tensor(x, dtype=torch.float64)
        family.add("sigmoid-scalar", "sigmoid", "float64", encode([x]), {},
                   encode({"value": value(torch.sigmoid(scalar))}))
        family.add("log-sigmoid-scalar", "logSigmoid", "float64", encode([x]), {},
                   encode({"value": value(F.logsigmoid(scalar))}))


def build(family):
    axis_cases(family, 40)
    elementwise_cases(family, 24)
    special_cases(family)
