"""crossEntropyLoss and nllLoss: F.cross_entropy / F.nll_loss and xent's extensions of them.

The reference for every option xent adds (sampleWeight, from: 'probabilities', base) is torch's
own label-smoothing formula with one piece swapped, written out below as `ce_from_log_probs`; the
generator checks that formula against F.cross_entropy wherever torch has the same case, and
against sklearn.metrics.log_loss for sample weights.
"""

import math

import numpy as np
import torch
import torch.nn.functional as F

from .common import check, close, encode, loss_and_grad, options_of, reduction_result, result, rounded, tensor_arg

NOTE_ZERO_TARGET_MASKED = (
    "divergence: a probability target of 0 where the predicted probability is 0 (a -Infinity logit, or q = 0 "
    "from 'probabilities') contributes 0 (0·log 0 = 0); torch gives NaN"
)
NOTE_ZERO_PROBABILITY_GRAD = (
    "divergence: from 'probabilities', the gradient at q = 0 of a class that carries no loss weight is 0; "
    "torch autograd gives 0·∞ = NaN"
)


def ce_from_log_probs(logp, target, *, prob_target, weight=None, ignore_index=-100, smoothing=0.0,
                      reduction="mean", sample_weight=None):
    """torch's cross_entropy (LossNLL.cpp, label smoothing included) from log-probabilities."""
    single = logp.dim() == 1
    if single:
        logp, target = logp.unsqueeze(0), target.unsqueeze(0)
        sample_weight = None if sample_weight is None else sample_weight.unsqueeze(0)
    classes = logp.shape[1]
    broadcast = [1] * logp.dim()
    broadcast[1] = classes
    w = torch.ones(broadcast, dtype=logp.dtype) if weight is None else weight.view(broadcast)
    zero = torch.zeros((), dtype=logp.dtype)
    if prob_target:
        t = target * (1 - smoothing) + smoothing / classes if smoothing > 0 else target
        per = torch.where(t == 0, zero, -logp * t * w).sum(1)
        counted = torch.ones_like(per)
    else:
        valid = target != ignore_index
        safe = torch.where(valid, target, torch.zeros_like(target))
        picked = logp.gather(1, safe.unsqueeze(1)).squeeze(1)
        wy = torch.ones_like(picked) if weight is None else weight[safe]
        per = -picked * wy
        if smoothing > 0:
            per = (1 - smoothing) * per + (smoothing / classes) * (-(logp * w).sum(1))
        per = torch.where(valid, per, zero)
        counted = torch.where(valid, wy, zero)
    if sample_weight is not None:
        per, counted = per * sample_weight, counted * sample_weight
    if single:
        per, counted = per.squeeze(0), counted.squeeze(0)
    if reduction == "none":
        return per
    if reduction == "sum":
        return per.sum()
    return per.sum() / counted.sum()


def random_shape(rng, rank=None):
    rank = int(rng.integers(1, 5)) if rank is None else rank
    classes = int(rng.integers(2, 7))
    if rank == 1:
        return (classes,)
    return (int(rng.integers(1, 5)), classes) + tuple(int(rng.integers(1, 4)) for _ in range(rank - 2))


def target_shape(shape):
    return shape[1:] if len(shape) == 1 else (shape[0],) + shape[2:]


def softmax_np(logits, axis):
    shifted = logits - logits.max(axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)


def class_axis(shape):
    return 0 if len(shape) == 1 else 1


class Spec:
    """One crossEntropyLoss case before it is computed: inputs in float64 and the options."""

    def __init__(self, dtype, x, target, prob_target, **options):
        self.dtype = dtype
        self.x = rounded(x, dtype)
        self.prob_target = prob_target
        self.target = rounded(target, dtype) if prob_target else torch.as_tensor(target, dtype=torch.long)
        self.source = options.pop("source", "logits")
        self.weight = options.pop("weight", None)
        self.ignore_index = options.pop("ignore_index", None)
        self.smoothing = options.pop("smoothing", 0.0)
        self.reduction = options.pop("reduction", None)
        self.base = options.pop("base", None)
        self.sample_weight = options.pop("sample_weight", None)
        self.eps = options.pop("eps", None)
        self.grad_output = options.pop("grad_output", None)
        check(not options, f"unknown options {options}")
        for name in ("weight", "sample_weight", "grad_output"):
            value = getattr(self, name)
            if value is not None:
                setattr(self, name, rounded(value, dtype))

    @property
    def effective_reduction(self):
        return self.reduction or "mean"

    def log_probs(self, x):
        if self.source == "logits":
            return torch.log_softmax(x, class_axis(x.shape))
        if self.eps:
            return torch.log(torch.clamp(x, self.eps, 1 - self.eps))
        return torch.log(x)

    def compute(self, x):
        loss = ce_from_log_probs(
            self.log_probs(x), self.target, prob_target=self.prob_target, weight=self.weight,
            ignore_index=-100 if self.ignore_index is None else self.ignore_index, smoothing=self.smoothing,
            reduction=self.effective_reduction, sample_weight=self.sample_weight,
        )
        return loss / math.log(self.base) if self.base else loss

    def torch_reference(self, x, dtype=torch.float64):
        """F.cross_entropy itself, where torch has this case (no sampleWeight)."""
        inputs = x if self.source == "logits" else torch.log(x)
        loss = F.cross_entropy(
            inputs.to(dtype), self.target.to(dtype) if self.prob_target else self.target,
            weight=None if self.weight is None else self.weight.to(dtype),
            ignore_index=-100 if self.ignore_index is None else self.ignore_index,
            reduction=self.effective_reduction, label_smoothing=self.smoothing,
        )
        return loss / math.log(self.base) if self.base else loss

    def options(self):
        return options_of(
            self.dtype, **{"from": None if self.source == "logits" else "probabilities"}, weight=self.weight,
            ignoreIndex=self.ignore_index, labelSmoothing=self.smoothing or None, reduction=self.reduction,
            base=self.base, sampleWeight=self.sample_weight, eps=self.eps,
        )


def emit(family, prefix, spec, note=None):
    """Adds the case; with a `note`, the generator insists that torch really does differ there."""
    loss, grad = loss_and_grad(spec.compute, spec.x, spec.grad_output)
    if note is not None and spec.source != "logits":
        # d/dq of t·log q at q = 0 is 0 when the class carries no weight: the NaN is autograd's 0·(1/0)
        check(bool(torch.isnan(grad).any()), f"{prefix}: noted case has no NaN gradient")
        grad = torch.where(torch.isnan(grad) & (spec.x == 0), torch.zeros((), dtype=grad.dtype), grad)
    torch_applies = spec.sample_weight is None and (spec.source == "logits" or not spec.eps)
    expected_loss = loss
    if torch_applies:
        with torch.no_grad():
            reference = spec.torch_reference(spec.x)
        if note != NOTE_ZERO_TARGET_MASKED:
            # F.cross_entropy(log q) renormalises q, which float32 rounding left off 1 by ~1e-7
            tolerance = 1e-6 if spec.source != "logits" and spec.dtype == "float32" else 1e-12
            check(close(loss, reference, tolerance, 1e-300), f"{prefix}: formula {loss} != torch {reference}")
            if spec.source == "logits":
                expected_loss = reference
                _, torch_grad = loss_and_grad(spec.torch_reference, spec.x, spec.grad_output)
                check(close(grad, torch_grad, 1e-10, 1e-15), f"{prefix}: formula grad != torch grad")
        else:
            check(not close(loss, reference, 1e-12, 1e-300), f"{prefix}: noted case agrees with torch")
    extra = {"note": note}
    if spec.dtype == "float32" and spec.source == "logits" and spec.sample_weight is None and note is None:
        with torch.no_grad():
            own = spec.torch_reference(spec.x, torch.float32).double()
        check(close(own, expected_loss, 1e-4, 1e-5), f"{prefix}: torch float32 {own} far from {expected_loss}")
        extra["torchFloat32"] = encode(reduction_result(own, spec.effective_reduction))
    if spec.grad_output is not None:
        extra["gradOptions"] = {"gradOutput": tensor_arg(spec.grad_output, spec.dtype)}
    args = [tensor_arg(spec.x, spec.dtype), tensor_arg(spec.target, spec.dtype if spec.prob_target else "int")]
    expected = {"loss": reduction_result(expected_loss, spec.effective_reduction), "grad": result(grad)}
    return family.add(prefix, "crossEntropyLoss", spec.dtype, args, spec.options(), encode(expected),
                      **encode(extra))
