"""``repr(tensor)`` as PyTorch prints it: ``tensor([1., 2.], requires_grad=True)``.

Floats get PyTorch's format: integral values as ``1.``, others with four decimals, and
scientific notation when the magnitudes span more than 1000x or leave ``[1e-4, 1e8]``. The
dtype is shown unless it is what ``minigrad.tensor`` would infer (the default float dtype,
int64, bool); then ``grad_fn=<OpBackward>`` or ``requires_grad=True``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from . import dtypes as _dt

_PREFIX = "tensor("

# What ``minigrad.set_printoptions`` sets (PyTorch's defaults; None: automatic
# ``sci_mode``, NumPy's own line width).
PRINT_OPTIONS: dict[str, Any] = {
    "precision": 4, "threshold": 1000, "edgeitems": 3, "linewidth": None, "sci_mode": None
}  # fmt: skip


def _float_formatter(a: np.ndarray) -> Callable[[Any], str]:
    finite = np.abs(a[np.isfinite(a)]).astype(np.float64)
    nonzero = finite[finite != 0]
    digits, sci = PRINT_OPTIONS["precision"], PRINT_OPTIONS["sci_mode"]
    if sci is None and finite.size and np.all(finite == np.round(finite)) and finite.max() < 1e8:
        fmt = "{:.0f}."
    elif sci or (
        sci is None
        and nonzero.size
        and (nonzero.max() / nonzero.min() > 1000 or nonzero.max() >= 1e8 or nonzero.min() < 1e-4)
    ):
        fmt = f"{{:.{digits}e}}"
    else:
        fmt = f"{{:.{digits}f}}"

    def one(v: Any) -> str:
        return (
            ("nan" if np.isnan(v) else "inf" if v > 0 else "-inf")
            if not np.isfinite(v)
            else (fmt.format(v))
        )

    width = max((len(one(v)) for v in a.reshape(-1)), default=0)
    return lambda v: one(v).rjust(width)


def _body(a: np.ndarray) -> str:
    if a.size == 0:
        return "[]"
    return np.array2string(
        a,
        separator=", ",
        prefix=_PREFIX,
        # In the call, so that the type checker reads the dict as NumPy's formatter TypedDict.
        formatter={"float_kind": _float_formatter(a)} if a.dtype.kind == "f" else None,
        threshold=PRINT_OPTIONS["threshold"],
        edgeitems=PRINT_OPTIONS["edgeitems"],
        max_line_width=PRINT_OPTIONS["linewidth"],
    )


def tensor_repr(t: Any) -> str:
    """PyTorch's ``repr`` of the Tensor ``t`` (see the module docstring)."""
    a = t.array
    extras = []
    if a.size == 0 and a.shape != (0,):
        extras.append(f"size={a.shape}")
    if a.dtype not in (_dt.get_default_dtype(), _dt.int64, _dt.bool_):
        extras.append(f"dtype={a.dtype}")
    if t._ctx is not None:
        extras.append(f"grad_fn=<{t._ctx.name}Backward>")
    elif t._requires_grad:
        extras.append("requires_grad=True")
    if t.name:
        extras.append(f"name={t.name!r}")
    return _PREFIX + ", ".join([_body(a), *extras]) + ")"
