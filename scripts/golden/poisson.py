"""poissonNllLoss: F.poisson_nll_loss (log_input, full with the Stirling term where target > 1, eps)."""

import math

import numpy as np
import torch
import torch.nn.functional as F

from .common import FLOAT_DTYPES, check, close, emit_loss, like, options_of, reduce, rounded, tensor_arg


def written_out(x, t, log_input, full, eps, reduction):
    """The formula of aten's poisson_nll_loss, written out, to check torch's function against."""
    loss = torch.exp(x) - t * x if log_input else x - t * torch.log(x + eps)
    if full:
        stirling = t * torch.log(t) - t + 0.5 * torch.log(2 * math.pi * t)
        loss = loss + torch.where(t > 1, stirling, torch.zeros((), dtype=x.dtype))
    return reduce(loss, reduction)


def random_shape(rng, n):
    count = int(rng.integers(1, 5))
    return [(count,), (count, int(rng.integers(1, 5))), (count, int(rng.integers(1, 4)), 2)][n % 3]


def counts(rng, shape):
    """Poisson counts with the edges the Stirling term cares about (0, 1, just above 1), and a few rates."""
    draws = rng.poisson(rng.choice([0.5, 3.0, 20.0]), shape).astype(float)
    edges = rng.choice([0.0, 1.0, 1.5, 2.0], shape)
    return np.where(rng.random(shape) < 0.3, edges, draws)


def poisson_cases(family, count):
    rng = family.rng
    for n in range(count):
        dtype = FLOAT_DTYPES[n % 2]
        shape = random_shape(rng, n)
        log_input = n % 4 != 3
        full = n % 3 == 1
        eps = [None, 1e-8, 1e-3, 0.5][(n // 2) % 4]
        reduction = [None, "mean", "sum", "none"][(n // 3) % 4]
        if log_input:
            x = rng.normal(0, 1.5, shape)
        else:  # rates, with exact zeros where only eps keeps the log finite
            x = np.where(rng.random(shape) < 0.2, 0.0, rng.uniform(0, 5, shape))
        x_t = rounded(x, dtype)
        t = rounded(counts(rng, shape), dtype)
        options = options_of(dtype, logInput=False if not log_input else None, full=True if full else None,
                             eps=eps, reduction=reduction)
        effective = reduction or "mean"
        eps_value = 1e-8 if eps is None else eps

        def compute(z, t=t, log_input=log_input, full=full, eps_value=eps_value, effective=effective):
            return F.poisson_nll_loss(z, like(z, t), log_input=log_input, full=full, eps=eps_value,
                                      reduction=effective)

        check(close(compute(x_t), written_out(x_t, t, log_input, full, eps_value, effective), 1e-12, 1e-15),
              "poisson_nll_loss against its written-out formula")
        grad_output = rng.normal(size=shape) if effective == "none" else None
        emit_loss(family, "poisson-nll", "poissonNllLoss", dtype, x_t, [tensor_arg(t, dtype)], options, compute,
                  effective, grad_output)


def build(family):
    poisson_cases(family, 48)
