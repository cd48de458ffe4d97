"""nllLoss cases: F.nll_loss on log-probabilities (log_softmax of random logits, masks included)."""

import numpy as np
import torch
import torch.nn.functional as F

from .common import FLOAT_DTYPES, emit_loss, like, options_of, rounded, tensor_arg
from .cross_entropy import class_axis, random_shape
from .cross_entropy_cases import REDUCTIONS, from_rows, grad_output_for, index_targets, masked, rows_to_targets


def nll_case(family, n):
    rng = family.rng
    dtype = FLOAT_DTYPES[n % 2]
    shape = random_shape(rng)
    ignore = [None, None, -100, 1, 255][n % 5]
    if n % 5 == 4:  # masked logits: targets on finite classes, except one (+Infinity)
        rows = masked(rng, shape)
        targets = np.array([rng.choice(np.flatnonzero(np.isfinite(r))) for r in rows])
        targets[0] = int(np.argmin(rows[0]))
        logits, target = from_rows(rows, shape), rows_to_targets(targets, shape)
    else:
        logits = rng.normal(0, 2, shape)
        target = index_targets(rng, shape, -100 if ignore is None else ignore, 0.3 if n % 3 == 0 else 0.0)
    logp = rounded(torch.log_softmax(torch.tensor(logits), class_axis(shape)).numpy(), dtype)
    weight = rounded(rng.uniform(0.2, 2.0, shape[class_axis(shape)]), dtype) if n % 4 == 1 else None
    reduction = REDUCTIONS[n % 4]
    target_t = torch.as_tensor(target, dtype=torch.long)

    def compute(lp):
        return F.nll_loss(lp, target_t, weight=like(lp, weight), ignore_index=-100 if ignore is None else ignore,
                          reduction=reduction or "mean")

    options = options_of(dtype, ignoreIndex=ignore, weight=weight, reduction=reduction)
    emit_loss(family, "nll", "nllLoss", dtype, logp, [tensor_arg(target_t, "int")], options, compute, reduction,
              grad_output_for(rng, shape, reduction))


def build(family):
    for n in range(40):
        nll_case(family, n)
