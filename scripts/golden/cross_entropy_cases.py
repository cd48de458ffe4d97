"""The crossEntropyLoss cases: a random sweep over every option, then the edges."""

import numpy as np
import torch
from sklearn.metrics import log_loss

from .common import FLOAT_DTYPES, check
from .cross_entropy import (
    NOTE_ZERO_PROBABILITY_GRAD, NOTE_ZERO_TARGET_MASKED, Spec, class_axis, emit, random_shape, softmax_np, target_shape,
)

REDUCTIONS = ("mean", "sum", "none", None)


def from_rows(rows, shape):
    """(N·d…, C) rows, one per sample position with classes last → (N, C, d…)."""
    if len(shape) == 1:
        return rows.reshape(shape)
    moved = (shape[0],) + tuple(shape[2:]) + (shape[1],)
    return np.moveaxis(rows.reshape(moved), -1, 1)


def rows_to_targets(values, shape):
    return np.asarray(values).reshape(target_shape(shape))


def grad_output_for(rng, shape, reduction):
    return rng.normal(size=target_shape(shape)) if reduction == "none" else None


def index_targets(rng, shape, ignore_value=None, ignored_share=0.0):
    target = rng.integers(0, shape[class_axis(shape)], size=target_shape(shape))
    if ignore_value is not None and ignored_share > 0:
        drop = rng.random(target.shape) < ignored_share
        drop.flat[0] = False  # one counted element keeps 'mean' finite; all-ignored has its own cases
        target = np.where(drop, ignore_value, target)
    return target


def probability_targets(rng, shape):
    rows = np.zeros((int(np.prod(target_shape(shape), dtype=int)), shape[class_axis(shape)]))
    kind = rng.integers(0, 3)
    if kind == 0:
        rows = softmax_np(rng.normal(0, 1.5, rows.shape), 1)
    elif kind == 1:
        rows[np.arange(rows.shape[0]), rng.integers(0, rows.shape[1], rows.shape[0])] = 1.0
    else:
        rows = rng.random(rows.shape) * (rng.random(rows.shape) < 0.6)
        rows[:, 0] += 0.1  # never an all-zero row
        rows /= rows.sum(axis=1, keepdims=True)
    return from_rows(rows, shape)


def random_case(family, dtype):
    rng = family.rng
    shape = random_shape(rng)
    classes = shape[class_axis(shape)]
    options = {"source": "probabilities" if rng.random() < 0.25 else "logits"}
    prob_target = bool(rng.random() < 0.4)
    x = rng.normal(0, 2, shape)
    if options["source"] == "probabilities":
        options["eps"] = [None, 0.0, 1e-7, 1e-3][rng.integers(0, 4)]
        # sharper logits give probabilities below eps, so the clamp is exercised
        x = softmax_np(rng.normal(0, 4 if options["eps"] else 2, shape), class_axis(shape))
    if prob_target:
        target = probability_targets(rng, shape)
    else:
        mode = rng.random()
        if mode < 0.2:
            target = index_targets(rng, shape, -100, 0.3)
        elif mode < 0.4:
            ignore = [-1, 255, int(rng.integers(0, classes))][rng.integers(0, 3)]
            options["ignore_index"] = ignore
            target = index_targets(rng, shape, ignore, 0.3)
            if (target == ignore).all():
                target.flat[0] = (ignore + 1) % classes
        else:
            target = index_targets(rng, shape)
    if rng.random() < 0.4:
        options["weight"] = rng.uniform(0.2, 2.0, classes)
    if rng.random() < 0.4:
        options["smoothing"] = [0.05, 0.1, 0.3][rng.integers(0, 3)]
    options["reduction"] = REDUCTIONS[rng.integers(0, 4)]
    if rng.random() < 0.15:
        options["base"] = 2
    if rng.random() < 0.25:
        sample = rng.uniform(0, 2, target_shape(shape))
        options["sample_weight"] = np.where(rng.random(sample.shape) < 0.1, 0.0, sample)
    options["grad_output"] = grad_output_for(rng, shape, options["reduction"])
    prefix = "ce-" + ("prob" if prob_target else "index") + ("-fromprobs" if options["source"] != "logits" else "")
    emit(family, prefix, Spec(dtype, x, target, prob_target, **options))


def masked(rng, shape, share=0.35):
    """Logits with -Infinity entries (masks); class 0 is never masked, so no row is all masked."""
    rows = rng.normal(0, 2, (int(np.prod(target_shape(shape), dtype=int)), shape[class_axis(shape)]))
    mask = rng.random(rows.shape) < share
    mask[:, 0] = False
    return np.where(mask, -np.inf, rows)


def mask_cases(family):
    rng = family.rng
    variants = [
        ({}, "finite"), ({}, "inf"), ({"smoothing": 0.1}, "finite"), ({"smoothing": 0.2}, "inf"),
        ({"weight": True, "smoothing": 0.1}, "finite"), ({"weight": True}, "inf"),
        ({"ignore_index": 3}, "ignored"), ({"smoothing": 0.1, "ignore_index": -1}, "ignored"),
    ]
    for dtype in FLOAT_DTYPES:
        for n, (extra, kind) in enumerate(variants):
            shape = [(4, 5), (3, 5, 2), (5,)][n % 3]
            rows = masked(rng, shape)
            targets = np.array([rng.choice(np.flatnonzero(np.isfinite(r))) for r in rows])
            options = dict(extra)
            if kind == "inf":  # one target on a masked class: that element's loss is +Infinity
                row = int(np.argmax(np.isinf(rows).any(axis=1)))
                rows[row, 4] = -np.inf
                targets[row] = 4
            if kind == "ignored":  # a masked target that is ignored contributes nothing
                ignore = options["ignore_index"]
                rows[0, 4] = -np.inf
                targets[0] = ignore
                if len(targets) > 1:
                    targets[1] = ignore
            if options.get("weight") is True:
                options["weight"] = rng.uniform(0.2, 2.0, shape[class_axis(shape)])
            for reduction in ("mean", "sum", "none"):
                spec = Spec(dtype, from_rows(rows, shape), rows_to_targets(targets, shape), False,
                            reduction=reduction, grad_output=grad_output_for(rng, shape, reduction), **options)
                emit(family, "ce-masked", spec)


def probability_mask_cases(family):
    rng = family.rng
    for dtype in FLOAT_DTYPES:
        for n, smoothing in enumerate([0.0, 0.0, 0.1]):
            shape = [(4, 5), (2, 5, 3), (5,)][n]
            rows = masked(rng, shape)
            target = rng.random(rows.shape) * np.isfinite(rows)
            target[:, 0] += 0.05
            target /= target.sum(axis=1, keepdims=True)
            for reduction in ("mean", "none"):
                spec = Spec(dtype, from_rows(rows, shape), from_rows(target, shape), True, smoothing=smoothing,
                            reduction=reduction, grad_output=grad_output_for(rng, shape, reduction))
                # with smoothing every class gets mass, so the masked ones give +Infinity in both
                emit(family, "ce-prob-masked", spec, note=None if smoothing else NOTE_ZERO_TARGET_MASKED)


def huge_logit_cases(family):
    rng = family.rng
    for dtype in FLOAT_DTYPES:
        for n in range(6):
            shape = [(4, 3), (3, 4, 2), (4,)][n % 3]
            x = rng.choice([-1e4, 0.0, 1e4], size=shape) + rng.normal(0, 1, shape)
            prob_target = n >= 3
            target = probability_targets(rng, shape) if prob_target else index_targets(rng, shape)
            options = {"smoothing": 0.1} if n % 2 else {}
            reduction = REDUCTIONS[n % 4]
            spec = Spec(dtype, x, target, prob_target, reduction=reduction,
                        grad_output=grad_output_for(rng, shape, reduction), **options)
            emit(family, "ce-huge", spec)


def all_ignored_cases(family):
    rng = family.rng
    variants = [{}, {"smoothing": 0.1}, {"weight": True}, {"weight": True, "smoothing": 0.2}]
    for dtype in FLOAT_DTYPES:
        for n, extra in enumerate(variants):
            shape = [(3, 4), (2, 4, 2), (4,), (2, 4, 2, 2)][n]
            options = dict(extra)
            if options.get("weight") is True:
                options["weight"] = rng.uniform(0.2, 2.0, 4)
            target = np.full(target_shape(shape), -100)
            for reduction in ("mean", "sum", "none"):
                spec = Spec(dtype, rng.normal(0, 2, shape), target, False, reduction=reduction,
                            grad_output=grad_output_for(rng, shape, reduction), **options)
                emit(family, "ce-all-ignored", spec)


def clamp_cases(family):
    """from: 'probabilities' with q beyond both ends of [eps, 1 − eps]."""
    for dtype in FLOAT_DTYPES:
        q = softmax_np(np.array([[30.0, 0.0, 0.0], [0.0, 40.0, 1.0], [0.2, 0.3, 0.1]]), 1)
        for target, eps in (([0, 1, 2], 1e-7), ([1, 0, 2], 1e-7), ([0, 2, 1], 1e-3)):
            emit(family, "ce-fromprobs-clamp", Spec(dtype, q, np.array(target), False, source="probabilities",
                                                   eps=eps, reduction="sum"))


def zero_probability_cases(family):
    """from: 'probabilities' with q exactly 0 on some classes (eps = 0: nothing is clamped)."""
    rng = family.rng
    for dtype in FLOAT_DTYPES:
        for shape in ((4, 5), (2, 5, 2)):
            rows = softmax_np(masked(rng, shape), 1)  # masked logits give probabilities of exactly 0
            finite = [np.flatnonzero(r > 0) for r in rows]
            labels = rows_to_targets([rng.choice(f) for f in finite], shape)
            q = from_rows(rows, shape)
            soft = rng.random(rows.shape) * (rows > 0)
            soft = from_rows(soft / soft.sum(axis=1, keepdims=True), shape)
            for reduction in ("mean", "none"):
                grad_output = grad_output_for(rng, shape, reduction)
                emit(family, "ce-fromprobs-zero", Spec(dtype, q, labels, False, source="probabilities",
                                                       reduction=reduction, grad_output=grad_output),
                     note=NOTE_ZERO_PROBABILITY_GRAD)
                emit(family, "ce-fromprobs-zero", Spec(dtype, q, soft, True, source="probabilities",
                                                       reduction=reduction, grad_output=grad_output),
                     note=NOTE_ZERO_TARGET_MASKED)
            # label smoothing puts mass on the zero classes: loss +Infinity, gradient -Infinity there
            emit(family, "ce-fromprobs-zero", Spec(dtype, q, labels, False, source="probabilities",
                                                   smoothing=0.1, reduction="sum"))


def extreme_smoothing_cases(family):
    """labelSmoothing = 1: all of the target mass spread evenly, with and without class weights."""
    rng = family.rng
    for dtype in FLOAT_DTYPES:
        for prob_target in (False, True):
            shape = (4, 3)
            target = probability_targets(rng, shape) if prob_target else index_targets(rng, shape)
            emit(family, "ce-smoothing-one", Spec(dtype, rng.normal(0, 2, shape), target, prob_target, smoothing=1.0,
                                                  weight=rng.uniform(0.2, 2.0, 3)))


def zero_sample_weight_cases(family):
    """Every sample weight 0: 'mean' is 0/0 = NaN (as torch's all-ignored mean), its gradient too."""
    rng = family.rng
    for dtype in FLOAT_DTYPES:
        shape = (3, 4)
        emit(family, "ce-sample-weight-zero", Spec(dtype, rng.normal(0, 2, shape), index_targets(rng, shape), False,
                                                   sample_weight=np.zeros(3)))
        emit(family, "ce-sample-weight-zero", Spec(dtype, rng.normal(0, 2, shape), index_targets(rng, shape), False,
                                                   sample_weight=np.zeros(3), reduction="sum"))


def default_cases(family):
    rng = family.rng
    for dtype in FLOAT_DTYPES:
        for shape in ((5, 4), (4,)):
            emit(family, "ce-defaults", Spec(dtype, rng.normal(0, 2, shape), index_targets(rng, shape), False))


def sklearn_cases(family):
    """Sample weights: Σ s·l / Σ s, which is sklearn.metrics.log_loss(y, q, sample_weight=s)."""
    rng = family.rng
    for n in range(8):
        dtype = FLOAT_DTYPES[n % 2]
        shape = (int(rng.integers(3, 9)), int(rng.integers(2, 6)))
        q = softmax_np(rng.normal(0, 1.5, shape), 1)
        labels = rng.integers(0, shape[1], shape[0])
        labels[: shape[1]] = np.arange(min(shape[0], shape[1]))  # sklearn wants every class seen or listed
        s = rng.uniform(0.1, 3.0, shape[0])
        prob_target = n >= 6
        target = np.eye(shape[1])[labels] if prob_target else labels
        spec = Spec(dtype, q, target, prob_target, source="probabilities", sample_weight=s)
        with torch.no_grad():
            ours = float(spec.compute(spec.x))
        theirs = log_loss(labels, spec.x.numpy(), sample_weight=spec.sample_weight.numpy(),
                          labels=list(range(shape[1])))
        check(abs(ours - theirs) <= (1e-12 if dtype == "float64" else 1e-6) * abs(theirs), "sklearn log_loss")
        case = emit(family, "ce-sklearn", spec)
        case["crossCheck"] = "sklearn.metrics.log_loss"


def build(family):
    for n in range(170):
        random_case(family, FLOAT_DTYPES[n % 2])
    mask_cases(family)
    probability_mask_cases(family)
    huge_logit_cases(family)
    all_ignored_cases(family)
    clamp_cases(family)
    default_cases(family)
    sklearn_cases(family)
    zero_probability_cases(family)
    extreme_smoothing_cases(family)
    zero_sample_weight_cases(family)
