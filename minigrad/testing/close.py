"""``assert_close``: PyTorch's ``torch.testing.assert_close`` for minigrad tensors, with its
default tolerances by dtype, its checks (shape, then dtype) and its error messages.

Inputs may be tensors, NumPy arrays, Python numbers, or sequences and mappings of these
(compared item by item; the failing item is named, as PyTorch names it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from numbers import Number
from typing import Any

import numpy as np

from ..tensor import Tensor

__all__ = ["assert_close"]

# PyTorch's defaults (rtol, atol) by dtype; integers and bools compare exactly.
_TOLERANCES = {
    np.dtype(np.float16): (1e-3, 1e-5),
    np.dtype(np.float32): (1.3e-6, 1e-5),
    np.dtype(np.float64): (1e-7, 1e-7),
    np.dtype(np.complex64): (1.3e-6, 1e-5),
    np.dtype(np.complex128): (1e-7, 1e-7),
}


def _check_given(rtol: Any, atol: Any) -> None:
    if (rtol is None) != (atol is None):
        missing = "atol" if atol is None else "rtol"
        raise ValueError(
            f"Both 'rtol' and 'atol' must be either specified or omitted, but got no {missing}."
        )


def _tolerances(dtypes: list[np.dtype], rtol: Any, atol: Any) -> tuple[float, float]:
    if rtol is not None:
        return float(rtol), float(atol)
    pairs = [_TOLERANCES.get(d, (0.0, 0.0)) for d in dtypes]
    return max(p[0] for p in pairs), max(p[1] for p in pairs)


def _fmt(v: Any) -> str:
    return str(int(v)) if isinstance(v, (np.integer, int)) else str(float(v))


def _compare_arrays(
    a: np.ndarray, e: np.ndarray, rtol: float, atol: float, equal_nan: bool
) -> str | None:
    """The mismatch report for two arrays of one shape, or None when they are close."""
    close = np.isclose(a, e, rtol=rtol, atol=atol, equal_nan=equal_nan)
    if close.all():
        return None
    exact = rtol == 0 and atol == 0
    kind = "equal" if exact else "close"
    wide = np.result_type(a.dtype, e.dtype)
    if wide.kind == "b":
        wide = np.dtype(np.int64)
    diff = np.abs(a.astype(wide) - e.astype(wide))
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = diff / np.abs(e.astype(wide))
    bad = int((~close).sum())
    lines = [
        f"Tensor-likes are not {kind}!",
        "",
        f"Mismatched elements: {bad} / {close.size} ({100 * bad / close.size:.1f}%)",
    ]
    for name, d, tol in (("absolute", diff, atol), ("relative", rel, rtol)):
        flat = d.reshape(-1)
        nan = np.flatnonzero(np.isnan(flat)) if flat.dtype.kind in "fc" else np.array([], int)
        j = int(nan[0]) if len(nan) else int(np.argmax(flat))
        where = tuple(int(i) for i in np.unravel_index(j, d.shape))
        allowed = "" if exact else f" (up to {tol} allowed)"
        lines.append(f"Greatest {name} difference: {_fmt(flat[j])} at index {where}{allowed}")
    return "\n".join(lines)


def _compare_scalars(a: Any, e: Any, rtol: float, atol: float, equal_nan: bool) -> str | None:
    if np.isclose(a, e, rtol=rtol, atol=atol, equal_nan=equal_nan):
        return None
    diff = abs(a - e)
    rel = diff / abs(e) if e != 0 else float("inf")
    kind = "equal" if rtol == 0 and atol == 0 else "close"
    return (
        f"Scalars are not {kind}!\n\nExpected {e} but got {a}.\n"
        f"Absolute difference: {diff} (up to {atol} allowed)\n"
        f"Relative difference: {rel} (up to {rtol} allowed)"
    )


def _as_array(x: Any) -> np.ndarray | None:
    if isinstance(x, Tensor):
        return x.array
    return x if isinstance(x, np.ndarray) else None


def _pair(actual: Any, expected: Any, opts: dict[str, Any]) -> str | None:
    a, e = _as_array(actual), _as_array(expected)
    if a is not None and e is not None:
        if a.shape != e.shape:
            return f"The values for attribute 'shape' do not match: {a.shape} != {e.shape}."
        if opts["check_dtype"] and a.dtype != e.dtype:
            return f"The values for attribute 'dtype' do not match: {a.dtype} != {e.dtype}."
        rtol, atol = _tolerances([a.dtype, e.dtype], opts["rtol"], opts["atol"])
        return _compare_arrays(a, e, rtol, atol, opts["equal_nan"])
    if isinstance(actual, Number) and isinstance(expected, Number):
        kinds = [np.dtype(type(v)) if not isinstance(v, float) else np.dtype(np.float64)
                 for v in (actual, expected)]  # fmt: skip
        rtol, atol = _tolerances(kinds, opts["rtol"], opts["atol"])
        return _compare_scalars(actual, expected, rtol, atol, opts["equal_nan"])
    raise TypeError(
        f"No comparison pair was able to handle inputs of type {type(actual)} and {type(expected)}."
    )


def _walk(actual: Any, expected: Any, opts: dict[str, Any], path: list[Any]) -> None:
    """Compare item by item; raise ``AssertionError`` at the first mismatch."""
    if isinstance(expected, Mapping) and isinstance(actual, Mapping):
        if set(actual) != set(expected):
            raise AssertionError(
                f"The keys of the mappings do not match: {sorted(map(str, actual))} != "
                f"{sorted(map(str, expected))}"
            )
        for k in expected:
            _walk(actual[k], expected[k], opts, [*path, k])
        return
    sequences = (Sequence, list, tuple)
    if (
        isinstance(expected, sequences)
        and not isinstance(expected, str)
        and isinstance(actual, sequences)
    ):
        if len(actual) != len(expected):
            raise AssertionError(
                f"The length of the sequences mismatch: {len(actual)} != {len(expected)}"
            )
        for i, (x, y) in enumerate(zip(actual, expected)):
            _walk(x, y, opts, [*path, i])
        return
    report = _pair(actual, expected, opts)
    if report is not None:
        if opts["msg"] is not None:
            report = opts["msg"](report) if callable(opts["msg"]) else opts["msg"]
        elif path:
            report += "\n\nThe failure occurred for item " + "".join(f"[{p!r}]" for p in path)
        raise AssertionError(report)


def assert_close(
    actual: Any,
    expected: Any,
    *,
    allow_subclasses: bool = True,
    rtol: float | None = None,
    atol: float | None = None,
    equal_nan: bool = False,
    check_device: bool = True,
    check_dtype: bool = True,
    check_layout: bool = True,
    check_stride: bool = False,
    msg: Any = None,
) -> None:
    """Assert ``|actual - expected| <= atol + rtol · |expected|`` elementwise, as
    ``torch.testing.assert_close``: shapes must match, then dtypes (unless
    ``check_dtype=False``); ``rtol``/``atol`` default by dtype (float32: ``1.3e-6``/``1e-5``,
    float64: ``1e-7``/``1e-7``, float16: ``1e-3``/``1e-5``, integers: exact) and must be given
    together; NaNs match only with ``equal_nan``. ``msg`` replaces the report (a string, or a
    callable given the report). Raises ``AssertionError`` describing the first mismatch."""
    opts = {"rtol": rtol, "atol": atol, "equal_nan": equal_nan, "check_dtype": check_dtype}
    opts["msg"] = msg
    _check_given(rtol, atol)
    _walk(actual, expected, opts, [])
