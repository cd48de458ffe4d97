"""Shared pieces of the fixture generators: JSON encoding, input rounding, autograd, case records.

Every expected value is computed in float64. A float32 case rounds its inputs to float32 first and
computes the reference in float64 from those rounded values, so the library's float32 result is
compared with the exact answer for the inputs it actually received.
"""

import math

import numpy as np
import torch

FLOAT_DTYPES = ("float64", "float32")


def encode(value):
    """JSON cannot hold NaN or ±Infinity; they travel as the strings the TypeScript side decodes."""
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return value
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    return value


def rounded(values, dtype):
    """The float64 tensor holding exactly the values a `dtype` array would hold."""
    array = np.asarray(values, dtype=np.float64)
    if dtype == "float32":
        array = array.astype(np.float32).astype(np.float64)
    return torch.tensor(array, dtype=torch.float64)


def tensor_arg(t, dtype):
    """A tensor argument: its dtype ('float32', 'float64' or 'int'), shape and nested values."""
    t = torch.as_tensor(t)
    values = t.tolist()
    if dtype != "int":
        values = _floats(values)
    return {"dtype": dtype, "shape": list(t.shape), "values": values}


def _floats(values):
    if isinstance(values, list):
        return [_floats(v) for v in values]
    return float(values)


def result(t):
    """An expected output: a JSON number for a reduction, `{shape, values}` for a tensor."""
    if isinstance(t, (float, int)):
        return float(t)
    t = t.detach()
    return {"shape": list(t.shape), "values": _floats(t.tolist())}


def reduction_result(t, reduction):
    return result(t) if reduction == "none" else float(t)


def loss_and_grad(compute, x, grad_output=None):
    """Runs `compute(x)` under autograd; the gradient is torch's, never re-derived by hand."""
    x = x.detach().clone().requires_grad_(True)
    loss = compute(x)
    if grad_output is None:
        grad_output = torch.ones_like(loss)
    (grad,) = torch.autograd.grad(loss, x, grad_outputs=grad_output)
    return loss.detach(), grad


def reduce(per_element, reduction, denominator=None):
    if reduction == "none":
        return per_element
    total = per_element.sum()
    if reduction == "sum":
        return total
    return total / (per_element.numel() if denominator is None else denominator)


def close(a, b, rel, abs_=0.0):
    """Self-check of two references: same special values, finite values within tolerance."""
    a = torch.as_tensor(a, dtype=torch.float64).reshape(-1)
    b = torch.as_tensor(b, dtype=torch.float64).reshape(-1)
    if a.shape != b.shape:
        return False
    same_special = torch.equal(torch.isnan(a), torch.isnan(b)) and torch.equal(
        a[torch.isinf(a)], b[torch.isinf(b)]
    )
    finite = torch.isfinite(a) & torch.isfinite(b)
    if not same_special or not torch.equal(finite, torch.isfinite(a)):
        return False
    diff = (a[finite] - b[finite]).abs()
    return bool((diff <= rel * b[finite].abs() + abs_).all())


def check(condition, message):
    """The generator refuses to write fixtures whose independent references disagree."""
    if not condition:
        raise AssertionError(message)


class Family:
    """Collects the cases of one fixture file, numbering ids per prefix."""

    def __init__(self, name, seed):
        self.name = name
        self.rng = np.random.default_rng(seed)
        self.cases = []
        self._counters = {}

    def add(self, prefix, fn, dtype, args, options, expected, **extra):
        number = self._counters.get(prefix, 0)
        self._counters[prefix] = number + 1
        case = {"id": f"{prefix}-{number:03d}", "fn": fn, "dtype": dtype, "args": args}
        case["options"] = options
        case.update({k: v for k, v in extra.items() if v is not None})
        case["expected"] = expected
        case = encode(case)
        self.cases.append(case)
        return case


def like(x, t):
    """`t` in x's dtype, so one reference function serves the float64 and the torch-float32 run."""
    return None if t is None else t.to(x.dtype)


def emit_loss(family, prefix, fn, dtype, x, args, options, compute, reduction, grad_output=None, note=None):
    """Adds a loss case: the value and autograd gradient of `compute` at x, plus torch's own float32 value.

    `args` are the already-encoded arguments after the input; `compute(x)` must cast what it closes
    over with `like(x, …)`, so that running it on x.float() gives torch's float32 answer.
    """
    reduction = reduction or "mean"
    grad_output = None if grad_output is None else rounded(grad_output, dtype)
    loss, grad = loss_and_grad(compute, x, grad_output)
    extra = {"note": note}
    if dtype == "float32":
        with torch.no_grad():
            own = compute(x.float()).double()
        if note is None:
            check(close(own, loss, 1e-4, 1e-5), f"{prefix}: torch float32 {own} far from {loss}")
        extra["torchFloat32"] = reduction_result(own, reduction)
    if grad_output is not None:
        extra["gradOptions"] = {"gradOutput": tensor_arg(grad_output, dtype)}
    expected = {"loss": reduction_result(loss, reduction), "grad": result(grad)}
    return family.add(prefix, fn, dtype, [tensor_arg(x, dtype), *args], options, encode(expected),
                      **encode(extra))


def options_of(case_dtype, /, **values):
    """The options object of a case: unset (None) options left out, tensors encoded in the case's dtype."""
    return {
        key: tensor_arg(value, case_dtype) if isinstance(value, torch.Tensor) else value
        for key, value in values.items()
        if value is not None
    }
