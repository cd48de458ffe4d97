"""binaryCrossEntropy, binaryCrossEntropyWithLogits, multiLabelCrossEntropy, sigmoidFocalLoss.

Logits stay within ±8 in the random sweeps (plus exact ±1e4 cases): beyond that torch's float64
formula log(exp(−m) + exp(−x−m)) loses relative accuracy on the tiny loss of a confident correct
label, and the reference must be more accurate than the tolerance it is held to.
"""

import numpy as np
import torch
import torch.nn.functional as F

from .common import FLOAT_DTYPES, check, close, emit_loss, like, options_of, reduce, rounded, tensor_arg

REDUCTIONS = ("mean", "sum", "none", None)


def elementwise_shape(rng):
    n, c = int(rng.integers(1, 6)), int(rng.integers(1, 5))
    return [(n,), (n, c), (n, c, int(rng.integers(1, 4)))][rng.integers(0, 3)]


def broadcast_weight(rng, shape, low, high, n):
    """A weight of the input's shape or of one that broadcasts to it (NumPy rules, as torch)."""
    shapes = [shape, shape[-1:]]
    if len(shape) >= 2:
        shapes += [(1,) + shape[1:], shape[:-1] + (1,)]
    return rng.uniform(low, high, shapes[n % len(shapes)])


def targets(rng, shape, soft):
    return rng.random(shape) if soft else (rng.random(shape) < 0.5).astype(float)


def grad_output_for(rng, shape, reduction):
    return rng.normal(size=shape) if reduction == "none" else None


def bce_case(family, dtype, p, t, weight, reduction):
    rng = family.rng
    p_t, t_t = rounded(p, dtype), rounded(t, dtype)
    w_t = None if weight is None else rounded(weight, dtype)
    options = options_of(dtype, reduction=reduction, weight=w_t)

    def compute(x):
        return F.binary_cross_entropy(x, like(x, t_t), weight=like(x, w_t), reduction=reduction or "mean")

    emit_loss(family, "bce", "binaryCrossEntropy", dtype, p_t, [tensor_arg(t_t, dtype)], options, compute,
              reduction, grad_output_for(rng, p_t.shape, reduction))


def bce_cases(family, count):
    rng = family.rng
    for n in range(count):
        shape = elementwise_shape(rng)
        p = rng.uniform(0.01, 0.99, shape)
        if n % 2:  # probabilities of exactly 0 and 1: log clamped at −100, gradient over max(p(1−p), 1e-12)
            p = np.where(rng.random(shape) < 0.2, 0.0, np.where(rng.random(shape) < 0.2, 1.0, p))
        weight = broadcast_weight(rng, shape, 0.0, 2.0, n // 3) if n % 3 == 0 else None
        bce_case(family, FLOAT_DTYPES[n % 2], p, targets(rng, shape, n % 4 == 3), weight, REDUCTIONS[n % 4])
    edges_p = np.array([0.0, 1.0, 0.0, 1.0, 0.5, 0.0, 1.0, 1e-7, 1 - 1e-7])
    edges_t = np.array([0.0, 1.0, 1.0, 0.0, 1.0, 0.3, 0.7, 1.0, 0.0])
    for dtype in FLOAT_DTYPES:
        for reduction in ("mean", "sum", "none"):
            bce_case(family, dtype, edges_p, edges_t, None, reduction)


def bce_logits_case(family, dtype, x, t, weight, pos_weight, reduction):
    rng = family.rng
    x_t, t_t = rounded(x, dtype), rounded(t, dtype)
    w_t = None if weight is None else rounded(weight, dtype)
    pw_t = None if pos_weight is None else rounded(pos_weight, dtype)
    options = options_of(dtype, reduction=reduction, weight=w_t, posWeight=pw_t)

    def compute(z):
        return F.binary_cross_entropy_with_logits(z, like(z, t_t), weight=like(z, w_t), pos_weight=like(z, pw_t),
                                                  reduction=reduction or "mean")

    emit_loss(family, "bce-logits", "binaryCrossEntropyWithLogits", dtype, x_t, [tensor_arg(t_t, dtype)],
              options, compute, reduction, grad_output_for(rng, x_t.shape, reduction))


def bce_logits_cases(family, count):
    rng = family.rng
    for n in range(count):
        shape = elementwise_shape(rng)
        if n % 5 == 0:
            shape = (int(rng.integers(2, 5)), int(rng.integers(2, 5)))
        x = rng.uniform(-8, 8, shape)
        if n % 6 == 5:
            x = np.where(rng.random(shape) < 0.5, rng.choice([-1e4, 1e4], size=shape), x)
        weight = broadcast_weight(rng, shape, 0.0, 2.0, n // 3) if n % 3 == 0 else None
        pos_weight = rng.uniform(0.2, 4.0, shape[-1]) if n % 2 == 0 else None  # one per label: the last axis
        bce_logits_case(family, FLOAT_DTYPES[n % 2], x, targets(rng, shape, n % 4 == 3), weight, pos_weight,
                        REDUCTIONS[n % 4])


def multilabel_reference(x, y, weight, pos_weight, labels, reduction):
    """'mean' is F.multilabel_soft_margin_loss; 'sum' adds the per-label BCE-with-logits losses."""
    if labels != "sum" and pos_weight is None:
        return F.multilabel_soft_margin_loss(x, y, weight=weight, reduction=reduction)
    per_label = F.binary_cross_entropy_with_logits(
        x, y, weight=None if weight is None else weight.expand_as(x), pos_weight=pos_weight, reduction="none")
    return reduce(per_label.sum(1) if labels == "sum" else per_label.mean(1), reduction)


def multilabel_cases(family, count):
    rng = family.rng
    for n in range(count):
        dtype = FLOAT_DTYPES[n % 2]
        shape = (int(rng.integers(1, 6)), int(rng.integers(1, 6)))
        x = rounded(rng.uniform(-8, 8, shape), dtype)
        y = rounded(targets(rng, shape, n % 5 == 4), dtype)
        weight = rounded(rng.uniform(0.2, 2.0, shape[1]), dtype) if n % 3 == 1 else None
        pos_weight = rounded(rng.uniform(0.2, 4.0, shape[1]), dtype) if n % 4 == 2 else None
        labels = [None, "mean", "sum"][n % 3 if n % 7 else 0]
        reduction = REDUCTIONS[(n // 3) % 4]
        options = options_of(dtype, reduction=reduction, labelReduction=labels, weight=weight,
                             posWeight=pos_weight)

        def compute(z, y=y, weight=weight, pos_weight=pos_weight, labels=labels, reduction=reduction):
            return multilabel_reference(z, like(z, y), like(z, weight), like(z, pos_weight), labels,
                                        reduction or "mean")

        if labels != "sum" and pos_weight is None:  # the long way round agrees with torch's function
            long_way = F.binary_cross_entropy_with_logits(
                x, y, weight=None if weight is None else weight.expand_as(x), reduction="none").mean(1)
            check(close(long_way, multilabel_reference(x, y, weight, None, "mean", "none"), 1e-12), "multilabel")
        emit_loss(family, "multilabel", "multiLabelCrossEntropy", dtype, x, [tensor_arg(y, dtype)], options,
                  compute, reduction, grad_output_for(rng, shape[:1], reduction))


def focal_reference(x, t, alpha, gamma, reduction):
    """torchvision.ops.sigmoid_focal_loss, line for line."""
    p = torch.sigmoid(x)
    ce_loss = F.binary_cross_entropy_with_logits(x, t, reduction="none")
    p_t = p * t + (1 - p) * (1 - t)
    loss = ce_loss * ((1 - p_t) ** gamma)
    if alpha >= 0:
        loss = (alpha * t + (1 - alpha) * (1 - t)) * loss
    return reduce(loss, reduction)


def focal_cases(family, count):
    rng = family.rng
    for n in range(count):
        dtype = FLOAT_DTYPES[n % 2]
        shape = elementwise_shape(rng)
        huge = n % 8 == 7
        x = rng.uniform(-6, 6, shape)
        if huge:  # exact answers: loss 0 for the right label, (α or 1)·1e4 for the wrong one
            x = rng.choice([-1e4, 1e4], size=shape)
        x_t = rounded(x, dtype)
        t = rounded(targets(rng, shape, n % 5 == 4 and not huge), dtype)
        alpha = [None, 0.25, 0.5, -1.0][n % 4]
        gamma = [None, 0.0, 1.0, 2.0, 1.5][(n // 4) % 5] if not huge else [0.0, 1.0, 2.0][n % 3]
        reduction = REDUCTIONS[(n // 2) % 4]
        options = options_of(dtype, reduction=reduction, alpha=alpha, gamma=gamma)

        def compute(z, t=t, alpha=alpha, gamma=gamma, reduction=reduction):
            return focal_reference(z, like(z, t), 0.25 if alpha is None else alpha, 2.0 if gamma is None else gamma,
                                   reduction or "mean")

        emit_loss(family, "focal", "sigmoidFocalLoss", dtype, x_t, [tensor_arg(t, dtype)], options, compute,
                  reduction, grad_output_for(rng, shape, reduction))


def build(family):
    bce_cases(family, 44)
    bce_logits_cases(family, 48)
    multilabel_cases(family, 44)
    focal_cases(family, 48)
