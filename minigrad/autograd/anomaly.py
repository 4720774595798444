"""Anomaly mode: find the op that first produced a NaN or an Inf.

While on, every op records the stack where it was created and checks its output; the engine
checks every gradient a VJP returns; saved tensors carry a checksum. Off (the default) it
costs one module-attribute check per op: nothing here runs.
"""

from __future__ import annotations

import contextlib
import math
import os
import traceback
import zlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..tensor import Tensor

if TYPE_CHECKING:
    from .function import Function

enabled = False


class AnomalyError(RuntimeError):
    """A NaN or Inf appeared in a forward op or a VJP while anomaly mode was on."""


def is_anomaly_enabled() -> bool:
    """Whether anomaly mode is on."""
    return enabled


class set_detect_anomaly(contextlib.ContextDecorator):  # noqa: N801
    """Turn anomaly mode on or off (context manager / decorator).

    While on, every op records the stack where it was created and checks its output for NaN and
    Inf; the engine checks every input gradient a VJP returns. The first non-finite value
    raises :class:`AnomalyError` naming the op, the input shapes and the creating line.
    Off (the default) it costs one global check per op.
    """

    def __init__(self, mode: bool = True) -> None:
        self.mode = bool(mode)
        self._prev: list[bool] = []

    def __enter__(self) -> None:
        global enabled
        self._prev.append(enabled)
        enabled = self.mode

    def __exit__(self, *exc: object) -> None:
        global enabled
        enabled = self._prev.pop()


class detect_anomaly(set_detect_anomaly):  # noqa: N801
    """Context manager / decorator: anomaly mode on (see :class:`set_detect_anomaly`)."""

    def __init__(self) -> None:
        super().__init__(True)


def creation_stack() -> list[traceback.FrameSummary]:
    """The stack of the op being created, without this frame and ``Function.apply``'s."""
    return traceback.extract_stack()[:-2]


def digest(a: np.ndarray) -> int:
    """A checksum of ``a``'s bytes: sees writes through ``x.array[...]`` to a saved tensor."""
    # NumPy's stubs declare the buffer protocol (``__buffer__``) for Python 3.12+ only.
    return zlib.crc32(np.ascontiguousarray(a).reshape(-1).view(np.uint8))  # type: ignore[arg-type]


def _user_frame(stack: list[traceback.FrameSummary]) -> str:
    """The innermost frame of the creation stack that is not inside minigrad itself."""
    pkg = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for frame in reversed(stack):
        if not os.path.abspath(frame.filename).startswith(pkg):
            return (
                f'File "{frame.filename}", line {frame.lineno}, in {frame.name}\n    {frame.line}'
            )
    return "(created inside minigrad)"


def _error(ctx: Function, kind: str, where: str) -> AnomalyError:
    shapes = ", ".join(str(getattr(i, "shape", type(i).__name__)) for i in ctx.inputs or ())
    created = _user_frame(ctx.stack) if ctx.stack else "(not recorded)"
    # An op that only passes on a NaN it was given (e.g. from a parameter) is not the culprit.
    given = [str(i) for i, a in enumerate(ctx.inputs or ()) if not _all_finite(a)]
    note = f"; input {', '.join(given)} already held NaN/Inf" if given else ""
    return AnomalyError(
        f"{ctx.name} produced {kind} in its {where} (input shapes: {shapes}{note}).\n"
        f"The op was created at:\n  {created}"
    )


def _all_finite(a: Any) -> bool:
    a = a.array if isinstance(a, Tensor) else a
    if isinstance(a, float):
        return math.isfinite(a)
    return not (isinstance(a, np.ndarray) and a.dtype.kind in "fc") or bool(np.isfinite(a).all())


def check_finite(ctx: Function, arrays: Sequence[Any], where: str) -> None:
    """Raise :class:`AnomalyError` blaming ``ctx`` if one of ``arrays`` holds NaN or Inf."""
    for a in arrays:
        if not _all_finite(a):
            a = a.array if isinstance(a, Tensor) else a
            raise _error(ctx, "NaN" if np.isnan(a).any() else "Inf", where)


def checked_vjp(ctx: Function, grad: Tensor) -> Any:
    """Run ``ctx``'s VJP; a non-finite value inside it or in its result is blamed on ``ctx``."""
    try:
        input_grads = type(ctx).backward(ctx, grad)
    except AnomalyError as inner:
        kind = "NaN" if "produced NaN" in str(inner) else "Inf"
        raise _error(ctx, kind, "backward (VJP)") from inner
    check_finite(
        ctx, input_grads if type(input_grads) is tuple else (input_grads,), "backward (VJP)"
    )
    return input_grads
