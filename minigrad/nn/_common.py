"""The argument checks :mod:`minigrad.nn.functional` and its losses share.

Each names the function and the argument, so that a bad call raises before any work with a
message saying what to fix (``F.dropout(x, "0.5")`` names ``dropout`` and ``p``).
"""

# ruff: noqa: A002 - `input` is PyTorch's argument name

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from ..tensor import Tensor

REDUCTIONS = ("none", "mean", "sum")


def tensor_arg(op: str, arg: str, x: Any) -> Tensor:
    if not isinstance(x, Tensor):
        raise TypeError(f"{op}: {arg} must be a Tensor, got {type(x).__name__}")
    return x


def float_tensor(op: str, arg: str, x: Any) -> Tensor:
    x = tensor_arg(op, arg, x)
    if x.dtype.kind != "f":
        raise TypeError(f"{op}: {arg} must be floating point, got dtype {x.dtype}")
    return x


def as_operand(op: str, arg: str, x: Any, like: Tensor) -> Tensor:
    """``x`` as a Tensor of ``like``'s float dtype (arrays and numbers become constants)."""
    if isinstance(x, Tensor):
        return x
    try:
        a = np.asarray(x)
    except (TypeError, ValueError) as e:
        raise TypeError(f"{op}: {arg} must be a Tensor, got {type(x).__name__} ({e})") from None
    if a.dtype.kind not in "biuf":
        raise TypeError(f"{op}: {arg} must be a Tensor of numbers, got {type(x).__name__}")
    return Tensor.constant(a.astype(like.dtype))


def array_of(x: Any) -> np.ndarray:
    return x.array if isinstance(x, Tensor) else np.asarray(x)


def real_arg(op: str, arg: str, value: Any) -> float:
    """``value`` as a float, or a ``TypeError`` naming ``op`` and ``arg``."""
    if isinstance(value, Tensor) and value.ndim == 0:
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{op}: {arg} must be a real number, got {value!r}")
    return float(value)


def check_reduction(op: str, reduction: Any) -> None:
    if reduction not in REDUCTIONS:
        raise ValueError(f"{op}: reduction must be one of 'none', 'mean', 'sum', got {reduction!r}")


def reduce(loss: Tensor, reduction: str) -> Tensor:
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


def pair_shapes(op: str, input: Tensor, target: Tensor) -> None:
    """Warn, as PyTorch does, when ``target`` would be broadcast against ``input``; raise
    naming the loss and both shapes when they do not broadcast at all."""
    if target.shape == input.shape:
        return
    try:
        np.broadcast_shapes(input.shape, target.shape)
    except ValueError:
        raise ValueError(
            f"{op}: input of shape {input.shape} and target of shape {target.shape} do not "
            "match and cannot be broadcast together"
        ) from None
    warnings.warn(
        f"{op}: using a target size {target.shape} that is different to the input size "
        f"{input.shape}. This will likely lead to incorrect results due to broadcasting. "
        "Please ensure they have the same size.",
        UserWarning,
        stacklevel=4,
    )


def legacy_reduction(size_average: Any, reduce: Any, reduction: str) -> str:
    """PyTorch's deprecated ``size_average``/``reduce`` flags, turned into ``reduction``."""
    if size_average is None and reduce is None:
        return reduction
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    return ("mean" if size_average else "sum") if reduce else "none"
