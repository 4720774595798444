"""Creation functions: ``tensor``, ``zeros``/``ones``/``full`` (and ``_like``), ``arange``,
``eye``, ``rand``, ``randn``; and the random generator behind them.

The generator is one module-level global: ``manual_seed`` replaces it, and everything random
in minigrad (``rand``/``randn``, the layers' initialisation, dropout, ``DataLoader`` shuffling,
``random_split``) reads it through ``default_generator()`` at the moment it draws, so one seed
makes a whole run reproducible.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .tensor import DTypeLike, Tensor

ShapeLike = int | Sequence[int]

_rng = np.random.default_rng()


def manual_seed(seed: int) -> np.random.Generator:
    """Seed the generator behind ``rand``, ``randn`` and the layers' initialisation."""
    global _rng
    _rng = np.random.default_rng(seed)
    return _rng


def default_generator() -> np.random.Generator:
    """The generator that random functions use when none is passed."""
    return _rng


def _shape_arg(op: str, shape: tuple[Any, ...]) -> tuple[int, ...]:
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    if not all(isinstance(s, (int, np.integer)) for s in shape):
        raise TypeError(f"{op}: shape must be integers, got {shape!r}")
    if any(s < 0 for s in shape):
        raise ValueError(f"{op}: negative dimension in shape {shape}")
    return tuple(int(s) for s in shape)


def _float_dtype(dtype: DTypeLike) -> np.dtype:
    return np.dtype(np.float32 if dtype is None else dtype)


def tensor(
    data: Any, dtype: DTypeLike = None, requires_grad: bool = False, name: str | None = None
) -> Tensor:
    """Make a tensor from numbers, nested lists or an array (see :class:`Tensor`)."""
    return Tensor(data, dtype=dtype, requires_grad=requires_grad, name=name)


def zeros(*shape: Any, dtype: DTypeLike = None, requires_grad: bool = False) -> Tensor:
    """A tensor of zeros (float32 unless ``dtype`` says otherwise)."""
    return Tensor(
        np.zeros(_shape_arg("zeros", shape), _float_dtype(dtype)), requires_grad=requires_grad
    )


def ones(*shape: Any, dtype: DTypeLike = None, requires_grad: bool = False) -> Tensor:
    """A tensor of ones (float32 unless ``dtype`` says otherwise)."""
    return Tensor(
        np.ones(_shape_arg("ones", shape), _float_dtype(dtype)), requires_grad=requires_grad
    )


def full(
    shape: ShapeLike, fill_value: float, dtype: DTypeLike = None, requires_grad: bool = False
) -> Tensor:
    """A tensor filled with ``fill_value``."""
    shape = _shape_arg("full", tuple(shape) if isinstance(shape, (tuple, list)) else (shape,))
    if dtype is None:
        dtype = np.float32 if isinstance(fill_value, float) else np.asarray(fill_value).dtype
    if np.dtype(dtype).kind in "biu" and not np.isfinite(fill_value):
        raise ValueError(f"full: fill_value={fill_value} does not fit the integer dtype {dtype}")
    return Tensor(np.full(shape, fill_value, dtype), requires_grad=requires_grad)


def _like(op: str, t: Any) -> Tensor:
    if not isinstance(t, Tensor):
        raise TypeError(f"{op}: expected a Tensor, got {type(t).__name__}")
    return t


def zeros_like(t: Tensor, dtype: DTypeLike = None, requires_grad: bool = False) -> Tensor:
    """Zeros with the shape (and dtype, unless given) of ``t``."""
    t = _like("zeros_like", t)
    return Tensor(np.zeros(t.shape, dtype or t.dtype), requires_grad=requires_grad)


def ones_like(t: Tensor, dtype: DTypeLike = None, requires_grad: bool = False) -> Tensor:
    """Ones with the shape (and dtype, unless given) of ``t``."""
    t = _like("ones_like", t)
    return Tensor(np.ones(t.shape, dtype or t.dtype), requires_grad=requires_grad)


def arange(
    start: float,
    stop: float | None = None,
    step: float = 1,
    dtype: DTypeLike = None,
    requires_grad: bool = False,
) -> Tensor:
    """Evenly spaced values in ``[start, stop)``, as NumPy's ``arange`` (floats: float32)."""
    for name, v in (("start", start), ("stop", stop), ("step", step)):
        if not isinstance(v, (int, float, np.number)) and not (name == "stop" and v is None):
            raise TypeError(f"arange: {name} must be a number, got {type(v).__name__}")
    if step == 0:
        raise ValueError("arange: step must not be zero")
    values = np.arange(start, stop, step) if stop is not None else np.arange(start)
    if dtype is None and values.dtype == np.float64:
        dtype = np.float32
    return Tensor(values, dtype=dtype, requires_grad=requires_grad)


def eye(
    n: int, m: int | None = None, dtype: DTypeLike = None, requires_grad: bool = False
) -> Tensor:
    """The identity matrix (``n x m``)."""
    _shape_arg("eye", (n,) if m is None else (n, m))
    return Tensor(np.eye(n, m, dtype=_float_dtype(dtype)), requires_grad=requires_grad)


def rand(
    *shape: Any,
    generator: np.random.Generator | None = None,
    dtype: DTypeLike = None,
    requires_grad: bool = False,
) -> Tensor:
    """Uniform samples from ``[0, 1)``."""
    rng = generator or _rng
    dt = _float_dtype(dtype)
    return Tensor(rng.random(_shape_arg("rand", shape), dtype=dt), requires_grad=requires_grad)


def randn(
    *shape: Any,
    generator: np.random.Generator | None = None,
    dtype: DTypeLike = None,
    requires_grad: bool = False,
) -> Tensor:
    """Standard normal samples."""
    rng = generator or _rng
    dt = _float_dtype(dtype)
    return Tensor(
        rng.standard_normal(_shape_arg("randn", shape), dtype=dt), requires_grad=requires_grad
    )
