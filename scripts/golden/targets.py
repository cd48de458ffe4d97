"""oneHot (F.one_hot), smoothLabels ((1 − ε)·t + ε/C, the target F.cross_entropy builds for label
smoothing) and mixup (λ·a + (1 − λ)·b), computed with torch."""

import numpy as np
import torch
import torch.nn.functional as F

from .common import FLOAT_DTYPES, encode, options_of, rounded, tensor_arg

EPSILONS = (0.0, 0.1, 0.25, 1.0)


def value(t):
    return {"shape": list(t.shape), "values": t.tolist()}


def label_shape(rng, n):
    return [(int(rng.integers(1, 6)),), (int(rng.integers(1, 4)), int(rng.integers(1, 4))), ()][n % 3]


def one_hot_cases(family, count):
    rng = family.rng
    for n in range(count):
        classes = int(rng.integers(1, 6))
        labels = torch.as_tensor(rng.integers(0, classes, label_shape(rng, n)), dtype=torch.long)
        dtype = FLOAT_DTYPES[n % 2]
        expected = F.one_hot(labels, classes).double()
        options = options_of(dtype, numClasses=classes, dtype="float32" if dtype == "float32" else None)
        family.add("one-hot", "oneHot", dtype, [tensor_arg(labels, "int")], options,
                   encode({"value": value(expected)}))


def smooth_cases(family, count):
    rng = family.rng
    for n in range(count):
        dtype = FLOAT_DTYPES[n % 2]
        epsilon = EPSILONS[n % len(EPSILONS)]
        classes = int(rng.integers(2, 6))
        if n % 3 == 2:  # class indices with numClasses
            labels = torch.as_tensor(rng.integers(0, classes, label_shape(rng, n)), dtype=torch.long)
            expected = F.one_hot(labels, classes).double() * (1 - epsilon) + epsilon / classes
            options = options_of(dtype, numClasses=classes, dtype="float32" if dtype == "float32" else None)
            args = [tensor_arg(labels, "int"), epsilon]
        else:
            shape = (int(rng.integers(1, 5)), classes) if n % 3 else (classes,)
            target = rounded(torch.softmax(torch.tensor(rng.normal(0, 2, shape)), -1).numpy(), dtype)
            expected = target * (1 - epsilon) + epsilon / classes
            options = {}
            args = [tensor_arg(target, dtype), epsilon]
        family.add("smooth-labels", "smoothLabels", dtype, args, options, encode({"value": value(expected)}))


def mixup_cases(family, count):
    rng = family.rng
    for n in range(count):
        dtype = FLOAT_DTYPES[n % 2]
        shape = [(int(rng.integers(1, 6)),), (int(rng.integers(1, 4)), int(rng.integers(1, 5)))][n % 2]
        a, b = rounded(rng.normal(0, 2, shape), dtype), rounded(rng.random(shape), dtype)
        lam = [0.0, 1.0, float(np.round(rng.random(), 6)), 0.5][n % 4]
        family.add("mixup", "mixup", dtype, [tensor_arg(a, dtype), tensor_arg(b, dtype), lam], {},
                   encode({"value": value(lam * a + (1 - lam) * b)}))


def build(family):
    one_hot_cases(family, 16)
    smooth_cases(family, 24)
    mixup_cases(family, 16)
