"""dtypes: PyTorch's dtype names, the default float dtype, and PyTorch's type promotion.

minigrad's dtypes *are* NumPy dtypes (``minigrad.float32 is np.dtype("float32")``), so a
tensor's ``.dtype`` compares equal to both spellings. PyTorch's names for them (``float``,
``long``, ``half``...) are aliases.

Type promotion follows PyTorch, not NumPy, on the Tensor operators (:func:`result_type`):
a Python float with an integer tensor gives the default float dtype (NumPy: float64), an
int64 tensor with a float16 one gives float16 (NumPy: float64), and a 0-d tensor only
decides the dtype when it is of a higher category (bool < int < float < complex) than the
tensors with dimensions, as Python numbers do.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .errors import DTypeError

# ``torch.dtype`` is the class of every dtype: programs use it in annotations and
# ``isinstance`` checks. Here that class is NumPy's.
dtype = np.dtype

bool_ = np.dtype(np.bool_)
uint8 = np.dtype(np.uint8)
int8 = np.dtype(np.int8)
int16 = short = np.dtype(np.int16)
int32 = np.dtype(np.int32)
int64 = long = np.dtype(np.int64)
float16 = half = np.dtype(np.float16)
float32 = np.dtype(np.float32)
float64 = double = np.dtype(np.float64)
complex64 = cfloat = np.dtype(np.complex64)
complex128 = cdouble = np.dtype(np.complex128)

# PyTorch dtypes NumPy has no type for: asking for one names the alternative.
UNSUPPORTED = {
    "bfloat16": "NumPy has no bfloat16; use minigrad.float16 or minigrad.float32",
    "chalf": "NumPy has no complex32; use minigrad.complex64",
    "complex32": "NumPy has no complex32; use minigrad.complex64",
    "float8_e4m3fn": "NumPy has no 8-bit floats; use minigrad.float16",
    "float8_e5m2": "NumPy has no 8-bit floats; use minigrad.float16",
    "qint8": "minigrad has no quantized dtypes",
    "quint8": "minigrad has no quantized dtypes",
}

_default_float = float32
# Python's types as PyTorch reads them in ``dtype=``: ``float`` is float64, ``int`` int64.
_PYTHON_TYPES = {float: float64, int: int64, bool: bool_, complex: complex128}


def get_default_dtype() -> np.dtype:
    """The dtype Python floats and the float creation functions give (float32 at start)."""
    return _default_float


def set_default_dtype(d: Any) -> None:
    """Set the default float dtype (``float32``, ``float64`` or ``float16``), as PyTorch."""
    global _default_float
    d = as_dtype(d, "set_default_dtype")
    if d.kind != "f":
        raise DTypeError(
            f"set_default_dtype: only floating-point types are supported as the default "
            f"type, got {d}"
        )
    _default_float = d


def as_dtype(d: Any, op: str = "dtype") -> np.dtype:
    """``d`` (a minigrad/NumPy dtype, a NumPy scalar type, ``float``/``int``/``bool`` or a
    string NumPy knows) as a NumPy dtype; raises ``TypeError`` naming ``op`` otherwise."""
    if type(d) is np.dtype:
        return d
    if d is None:
        raise DTypeError(f"{op}: expected a dtype, got None")
    if isinstance(d, type) and d in _PYTHON_TYPES:
        return _PYTHON_TYPES[d]
    try:
        out = np.dtype(d)
    except (TypeError, ValueError):
        raise DTypeError(f"{op}: {d!r} is not a dtype (use e.g. minigrad.float32)") from None
    if out.kind not in "biufc":
        raise DTypeError(f"{op}: dtype {out} is not a numeric dtype minigrad supports")
    return out


def is_floating_point(x: Any) -> bool:
    """Whether a tensor's dtype is a floating-point one (float16/32/64)."""
    return x.dtype.kind == "f"


_CATEGORY = {"b": 0, "u": 1, "i": 1, "f": 2, "c": 3}


def _promote_group(dtypes: list[np.dtype]) -> np.dtype:
    """PyTorch's promotion among tensors of one priority: the highest category wins and
    keeps its own width (int64 with float16 is float16, not NumPy's float64)."""
    top = max(_CATEGORY[d.kind] for d in dtypes)
    return np.result_type(*[d for d in dtypes if _CATEGORY[d.kind] == top])


def _scalar_dtype(x: Any) -> np.dtype:
    if isinstance(x, (bool, np.bool_)):
        return bool_
    if isinstance(x, (int, np.integer)):
        return int64
    if isinstance(x, complex):
        return complex64 if _default_float != float64 else complex128
    return _default_float


def result_type(*operands: Any) -> np.dtype:
    """The dtype PyTorch gives an element-wise op on ``operands`` (tensors, numbers).

    Tensors with dimensions decide first; 0-d tensors, then Python numbers, change the
    result only when they are of a higher category (bool < int < float < complex).
    """
    from .tensor import Tensor

    groups: tuple[list[np.dtype], list[np.dtype], list[np.dtype]] = ([], [], [])
    for x in operands:
        if isinstance(x, Tensor):
            groups[0 if x.array.ndim else 1].append(x.array.dtype)
        elif isinstance(x, np.ndarray):
            groups[0 if x.ndim else 1].append(x.dtype)
        else:
            groups[2].append(_scalar_dtype(x))
    result: np.dtype | None = None
    for group in groups:
        if group:
            dt = _promote_group(group)
            if result is None or _CATEGORY[dt.kind] > _CATEGORY[result.kind]:
                result = dt
    if result is None:
        raise TypeError("result_type: needs at least one operand")
    return result
