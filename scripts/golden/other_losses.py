"""klDivLoss (F.kl_div) and zLoss (the PaLM auxiliary coefficient · logsumexp² penalty)."""

import warnings

import numpy as np
import torch
import torch.nn.functional as F

from .common import FLOAT_DTYPES, check, close, emit_loss, like, options_of, reduce, rounded, tensor_arg

NOTE_KL_ZERO_TARGET = (
    "divergence: a target of 0 (logTarget: -Infinity) contributes 0 even where the input is -Infinity; "
    "torch gives NaN"
)


def class_dim(shape):
    return 0 if len(shape) == 1 else 1


def random_shape(rng):
    n, c = int(rng.integers(1, 5)), int(rng.integers(2, 6))
    return [(n, c), (n, c, int(rng.integers(1, 4))), (c,)][rng.integers(0, 3)]


def _first_class(shape):
    first = np.zeros(shape, dtype=bool)
    index = [slice(None)] * len(shape)
    index[class_dim(shape)] = 0
    first[tuple(index)] = True
    return first


def kl_reference(x, t, log_target, reduction):
    pointwise = F.kl_div(x, t, reduction="none", log_target=log_target)
    zero_target = torch.isneginf(t) if log_target else t == 0
    pointwise = torch.where(zero_target, torch.zeros((), dtype=x.dtype), pointwise)
    if reduction == "batchmean":
        return pointwise.sum() / x.shape[0]
    return reduce(pointwise, reduction)


def kl_case(family, dtype, shape, reduction, log_target, masked):
    rng = family.rng
    dim = class_dim(shape)
    logits = rng.normal(0, 2, shape)
    target = torch.softmax(torch.tensor(rng.normal(0, 2, shape)), dim).numpy()
    # a zero target under logTarget is log 0 = -Infinity, which torch turns into NaN whatever the input
    zeros = rng.random(shape) < (0.25 if masked or not log_target else 0.0)
    zeros[_first_class(shape)] = False  # no all-zero target row
    if masked:
        second = [0] * len(shape)
        second[class_dim(shape)] = 1
        zeros[tuple(second)] = True
    target = np.where(zeros, 0.0, target)
    if masked:  # the input is -Infinity exactly where the target is 0, and nowhere else
        logits = np.where(zeros, -np.inf, logits)
    x = rounded(torch.log_softmax(torch.tensor(logits), dim).numpy(), dtype)
    t = rounded(target, dtype)
    if log_target:
        t = torch.log(t)
    options = options_of(dtype, reduction=reduction, logTarget=True if log_target else None)
    effective = reduction or "batchmean"

    def compute(z):
        return kl_reference(z, like(z, t), log_target, effective)

    note = NOTE_KL_ZERO_TARGET if masked else None
    torch_value = F.kl_div(x, t, reduction=effective, log_target=log_target)
    if masked:
        check(bool(torch.isnan(torch_value).any()), "a noted kl case must be one where torch gives NaN")
    else:
        check(close(compute(x), torch_value, 1e-12), "kl_div")
    grad_output = rng.normal(size=shape) if effective == "none" else None
    emit_loss(family, "kl-loss", "klDivLoss", dtype, x, [tensor_arg(t, dtype)], options, compute,
              "none" if effective == "none" else "sum", grad_output, note)


def kl_cases(family, count):
    rng = family.rng
    warnings.filterwarnings("ignore", message="reduction: 'mean' divides")
    for n in range(count):
        reduction = [None, "batchmean", "mean", "sum", "none"][n % 5]
        # a 1-D input: torch's batchmean divides by its length C, and so does xent
        shape = random_shape(rng)
        kl_case(family, FLOAT_DTYPES[n % 2], shape, reduction, log_target=n % 3 == 2, masked=n % 7 == 6)


def z_reference(x, coefficient, reduction):
    return reduce(coefficient * torch.logsumexp(x, class_dim(x.shape)) ** 2, reduction)


def z_cases(family, count):
    rng = family.rng
    for n in range(count):
        dtype = FLOAT_DTYPES[n % 2]
        shape = random_shape(rng)
        x = rng.normal(0, 3, shape)
        if n % 6 == 4:  # masks: never a whole row
            x = np.where((rng.random(shape) < 0.4) & ~_first_class(shape), -np.inf, x)
        if n % 6 == 5:
            x = rng.choice([-1e4, 0.0, 1e4], size=shape) + rng.normal(0, 1, shape)
        x_t = rounded(x, dtype)
        coefficient = [None, 1e-4, 1e-3, 0.5][n % 4]
        reduction = [None, "mean", "sum", "none"][(n // 4) % 4]
        options = options_of(dtype, reduction=reduction, coefficient=coefficient)
        effective = reduction or "mean"

        def compute(z, coefficient=coefficient, effective=effective):
            return z_reference(z, 1e-4 if coefficient is None else coefficient, effective)

        row_shape = list(shape)
        del row_shape[class_dim(shape)]
        grad_output = rng.normal(size=row_shape) if effective == "none" else None
        emit_loss(family, "zloss", "zLoss", dtype, x_t, [], options, compute, effective, grad_output)


def build(family):
    kl_cases(family, 60)
    z_cases(family, 36)
