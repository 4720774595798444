"""Creation functions, with PyTorch's signatures: ``tensor``, ``as_tensor``, ``from_numpy``,
``zeros``/``ones``/``full``/``empty`` (and ``_like``), ``arange``, ``linspace``, ``logspace``,
``eye``, random ones (``rand``, ``randn``, ``randint``, ``randperm``, ``normal``,
``bernoulli``, ``multinomial``), and the random generator behind them.

Every function takes ``dtype=``, ``device=`` (checked by :func:`minigrad.devices.resolve`)
and ``requires_grad=``; sizes may be varargs (``zeros(2, 3)``) or one sequence
(``zeros((2, 3))``). Floats get the default dtype (:func:`minigrad.get_default_dtype`).

``tensor`` always copies; ``from_numpy`` always shares; ``as_tensor`` shares when no dtype
conversion is needed — as PyTorch documents.

The generator is one module-level global: ``manual_seed`` replaces it, and everything random
in minigrad (``rand``/``randn``, the layers' initialisation, dropout, ``DataLoader`` shuffling,
``random_split``) reads it through ``default_generator()`` at the moment it draws, so one seed
makes a whole run reproducible. A :class:`Generator` is a private stream for ``generator=``.
"""

# PyTorch's argument and function names (input, min, max, round...) shadow builtins on purpose.
# ruff: noqa: A002

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from . import devices as _devices
from . import dtypes as _dt
from .errors import DTypeError, ShapeError
from .tensor import DTypeLike, Tensor, _to_array

ShapeLike = int | Sequence[int]

_rng = np.random.default_rng()
_seed: int | None = None


class Generator:
    """A random stream of its own (PyTorch's ``torch.Generator``), for ``generator=``."""

    def __init__(self, device: Any = "cpu") -> None:
        _devices.resolve(device, "Generator")
        self._seed = int(np.random.SeedSequence().entropy) % 2**63  # type: ignore[arg-type]
        self._rng = np.random.default_rng(self._seed)

    def manual_seed(self, seed: int) -> Generator:
        """Restart the stream from ``seed``; returns the generator."""
        self._seed = int(seed)
        self._rng = np.random.default_rng(self._seed)
        return self

    def seed(self) -> int:
        """Reseed from fresh entropy; returns the new seed."""
        # A fresh SeedSequence's entropy is an int (NumPy's stubs allow any seed form).
        return self.manual_seed(int(np.random.SeedSequence().entropy) % 2**63)._seed  # type: ignore[arg-type]

    def initial_seed(self) -> int:
        """The seed the stream started from."""
        return self._seed


def manual_seed(seed: int) -> np.random.Generator:
    """Seed the generator behind ``rand``, ``randn`` and the layers' initialisation."""
    global _rng, _seed
    _seed = int(seed)
    _rng = np.random.default_rng(_seed)
    return _rng


def seed() -> int:
    """Seed the global generator from fresh entropy; returns the seed."""
    s = int(np.random.SeedSequence().entropy) % 2**63  # type: ignore[arg-type]
    manual_seed(s)
    return s


def initial_seed() -> int | None:
    """The seed last given to :func:`manual_seed` (or :func:`seed`)."""
    return _seed


def default_generator() -> np.random.Generator:
    """The generator that random functions use when none is passed."""
    return _rng


def generator_of(generator: Any) -> np.random.Generator:
    """The NumPy generator behind ``generator=`` (a :class:`Generator`, a NumPy generator,
    or ``None`` for the global one)."""
    if generator is None:
        return _rng
    if isinstance(generator, Generator):
        return generator._rng
    if isinstance(generator, np.random.Generator):
        return generator
    raise DTypeError(f"generator: expected a minigrad.Generator, got {type(generator).__name__}")


def _shape_arg(op: str, shape: tuple[Any, ...]) -> tuple[int, ...]:
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    if not all(isinstance(s, (int, np.integer)) and not isinstance(s, bool) for s in shape):
        raise DTypeError(f"{op}: shape must be integers, got {shape!r}")
    if any(s < 0 for s in shape):
        raise ShapeError(f"{op}: negative dimension in shape {shape}")
    return tuple(int(s) for s in shape)


def _float_dtype(op: str, dtype: DTypeLike) -> np.dtype:
    return _dt.get_default_dtype() if dtype is None else _dt.as_dtype(dtype, op)


def _make(op: str, array: np.ndarray, device: Any, requires_grad: bool) -> Tensor:
    """The one exit of every creation function: device check, then a fresh leaf."""
    _devices.resolve(device, op)
    t = Tensor.constant(array)
    if requires_grad:
        t.requires_grad = True
    return t


# --------------------------------------------------------------------------------------------
# From data
# --------------------------------------------------------------------------------------------


def tensor(
    data: Any,
    dtype: DTypeLike = None,
    device: Any = None,
    requires_grad: bool = False,
    pin_memory: bool = False,
    name: str | None = None,
) -> Tensor:
    """A new tensor holding a copy of ``data`` (numbers, nested lists, an array or a
    tensor); floats become the default dtype, ints int64, bools bool."""
    t = _make("tensor", _to_array(data, dtype), device, requires_grad)
    t.name = name
    return t


def as_tensor(data: Any, dtype: DTypeLike = None, device: Any = None) -> Tensor:
    """``data`` as a tensor, sharing memory with an ndarray or tensor when no dtype
    conversion is needed (a tensor is returned as it is); otherwise a copy."""
    if isinstance(data, Tensor):
        _devices.resolve(device, "as_tensor")
        return data if dtype is None else data.to(dtype)
    if isinstance(data, np.ndarray):
        return _make("as_tensor", _to_array(data, dtype, copy=None), device, False)
    return _make("as_tensor", _to_array(data, dtype, op="as_tensor"), device, False)


def from_numpy(ndarray: np.ndarray) -> Tensor:
    """A tensor sharing memory with ``ndarray``: writes on either side are seen on the
    other, and the dtype is kept."""
    if not isinstance(ndarray, np.ndarray):
        raise DTypeError(f"from_numpy: expected np.ndarray (got {type(ndarray).__name__})")
    if ndarray.dtype.kind not in "biufc":
        raise DTypeError(
            f"from_numpy: can't convert np.ndarray of type {ndarray.dtype}. The only supported "
            "types are: float64, float32, float16, complex64, complex128, int64, int32, int16, "
            "int8, uint8, and bool."
        )
    return Tensor.constant(ndarray)


# --------------------------------------------------------------------------------------------
# Filled
# --------------------------------------------------------------------------------------------


def zeros(
    *size: Any, dtype: DTypeLike = None, device: Any = None, requires_grad: bool = False
) -> Tensor:
    """A tensor of zeros (the default dtype unless ``dtype`` says otherwise)."""
    shape = _shape_arg("zeros", size)
    return _make("zeros", np.zeros(shape, _float_dtype("zeros", dtype)), device, requires_grad)


def ones(
    *size: Any, dtype: DTypeLike = None, device: Any = None, requires_grad: bool = False
) -> Tensor:
    """A tensor of ones (the default dtype unless ``dtype`` says otherwise)."""
    shape = _shape_arg("ones", size)
    return _make("ones", np.ones(shape, _float_dtype("ones", dtype)), device, requires_grad)


def empty(
    *size: Any, dtype: DTypeLike = None, device: Any = None, requires_grad: bool = False
) -> Tensor:
    """A tensor whose values are whatever the memory held (fill it before reading)."""
    shape = _shape_arg("empty", size)
    return _make("empty", np.empty(shape, _float_dtype("empty", dtype)), device, requires_grad)


def _fill_dtype(fill_value: Any, dtype: DTypeLike) -> np.dtype:
    if dtype is not None:
        return _dt.as_dtype(dtype, "full")
    if isinstance(fill_value, Tensor):
        return fill_value.dtype
    return _dt.result_type(fill_value)


def full(
    size: ShapeLike, fill_value: Any, *, dtype: DTypeLike = None, device: Any = None,
    requires_grad: bool = False,
) -> Tensor:  # fmt: skip
    """A tensor filled with ``fill_value`` (dtype inferred from it as PyTorch does: a
    float gives the default dtype, an int int64, a bool bool)."""
    shape = _shape_arg("full", tuple(size) if isinstance(size, (tuple, list)) else (size,))
    if not isinstance(fill_value, (Tensor, int, float, complex, np.generic)):
        raise DTypeError(f"full: fill_value must be a number, got {type(fill_value).__name__}")
    dt = _fill_dtype(fill_value, dtype)
    value = fill_value.item() if isinstance(fill_value, Tensor) else fill_value
    if dt.kind in "biu" and isinstance(value, float) and not np.isfinite(value):
        raise ValueError(f"full: fill_value={value} does not fit the integer dtype {dt}")
    return _make("full", np.full(shape, value, dt), device, requires_grad)


def _like(op: str, t: Any, dtype: DTypeLike) -> tuple[tuple[int, ...], np.dtype]:
    if not isinstance(t, Tensor):
        raise DTypeError(f"{op}: expected a Tensor, got {type(t).__name__}")
    return t.array.shape, t.dtype if dtype is None else _dt.as_dtype(dtype, op)


def zeros_like(
    input: Tensor, *, dtype: DTypeLike = None, device: Any = None, requires_grad: bool = False
) -> Tensor:
    """Zeros with the shape (and dtype, unless given) of ``input``."""
    shape, dt = _like("zeros_like", input, dtype)
    return _make("zeros_like", np.zeros(shape, dt), device, requires_grad)


def ones_like(
    input: Tensor, *, dtype: DTypeLike = None, device: Any = None, requires_grad: bool = False
) -> Tensor:
    """Ones with the shape (and dtype, unless given) of ``input``."""
    shape, dt = _like("ones_like", input, dtype)
    return _make("ones_like", np.ones(shape, dt), device, requires_grad)


def empty_like(
    input: Tensor, *, dtype: DTypeLike = None, device: Any = None, requires_grad: bool = False
) -> Tensor:
    """An uninitialised tensor with the shape (and dtype, unless given) of ``input``."""
    shape, dt = _like("empty_like", input, dtype)
    return _make("empty_like", np.empty(shape, dt), device, requires_grad)


def full_like(
    input: Tensor,
    fill_value: Any,
    *,
    dtype: DTypeLike = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """``fill_value`` everywhere, with the shape (and dtype, unless given) of ``input``."""
    shape, dt = _like("full_like", input, dtype)
    return _make("full_like", np.full(shape, fill_value, dt), device, requires_grad)


# --------------------------------------------------------------------------------------------
# Ranges
# --------------------------------------------------------------------------------------------


def arange(
    start: Any, end: Any = None, step: Any = 1, *, dtype: DTypeLike = None, device: Any = None,
    requires_grad: bool = False,
) -> Tensor:  # fmt: skip
    """Values from ``start`` (0 if only ``end`` is given) up to ``end`` (excluded) by
    ``step``. Without ``dtype``: int64 if every argument is an int, else the default dtype."""
    given = [v.item() if isinstance(v, Tensor) else v for v in (start, end, step)]
    for name, v in zip(("start", "end", "step"), given):
        bad = not isinstance(v, (int, float, np.number)) or isinstance(v, bool)
        if bad and not (name == "end" and v is None):
            raise DTypeError(f"arange: {name} must be a number, got {type(v).__name__}")
    values = [0, given[0], given[2]] if end is None else given
    if values[2] == 0:
        raise ShapeError("arange: step must not be zero")
    if (values[1] - values[0]) * values[2] < 0:
        raise ShapeError(
            f"arange: upper bound and larger bound inconsistent with step sign (start "
            f"{values[0]}, end {values[1]}, step {values[2]})"
        )
    if dtype is None:
        integral = all(isinstance(v, (int, np.integer)) for v in values)
        dt = _dt.int64 if integral else _dt.get_default_dtype()
    else:
        dt = _dt.as_dtype(dtype, "arange")
    return _make(
        "arange",
        np.arange(*values, dtype=np.float64 if dt.kind == "f" else None).astype(dt),
        device,
        requires_grad,
    )


def _check_range_args(op: str, start: Any, end: Any, steps: Any) -> None:
    for name, v in (("start", start), ("end", end)):
        if not isinstance(v, (int, float, np.number)) or isinstance(v, bool):
            raise DTypeError(f"{op}: {name} must be a number, got {type(v).__name__}")
    if not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ShapeError(f"{op}: number of steps must be a non-negative int, got {steps!r}")


def linspace(
    start: float, end: float, steps: int, *, dtype: DTypeLike = None, device: Any = None,
    requires_grad: bool = False,
) -> Tensor:  # fmt: skip
    """``steps`` evenly spaced values from ``start`` to ``end`` (both included)."""
    _check_range_args("linspace", start, end, steps)
    dt = _float_dtype("linspace", dtype)
    return _make("linspace", np.linspace(start, end, steps).astype(dt), device, requires_grad)


def logspace(
    start: float, end: float, steps: int, base: float = 10.0, *, dtype: DTypeLike = None,
    device: Any = None, requires_grad: bool = False,
) -> Tensor:  # fmt: skip
    """``base ** linspace(start, end, steps)``."""
    _check_range_args("logspace", start, end, steps)
    values = np.logspace(start, end, steps, base=base)
    return _make("logspace", values.astype(_float_dtype("logspace", dtype)), device, requires_grad)


def eye(
    n: int, m: int | None = None, *, dtype: DTypeLike = None, device: Any = None,
    requires_grad: bool = False,
) -> Tensor:  # fmt: skip
    """The identity matrix (``n x m``)."""
    _shape_arg("eye", (n,) if m is None else (n, m))
    return _make("eye", np.eye(n, m, dtype=_float_dtype("eye", dtype)), device, requires_grad)


# --------------------------------------------------------------------------------------------
# Random
# --------------------------------------------------------------------------------------------


def _draw(sample: Any, shape: tuple[int, ...], dt: np.dtype) -> np.ndarray:
    """``sample(shape)`` in ``dt``, drawn in float32 or float64 directly (NumPy's generators
    make only those; drawing in the target dtype keeps a seed's values what they were)."""
    if dt.kind != "f":
        raise TypeError(f"expected a floating-point dtype, got {dt}")
    if dt in (_dt.float32, _dt.float64):
        return sample(shape, dtype=dt)
    return sample(shape, dtype=np.float32).astype(dt)


def rand(
    *size: Any,
    generator: Any = None,
    dtype: DTypeLike = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """Uniform samples from ``[0, 1)``."""
    shape, dt = _shape_arg("rand", size), _float_dtype("rand", dtype)
    values = _draw(generator_of(generator).random, shape, dt)
    return _make("rand", values, device, requires_grad)


def randn(
    *size: Any,
    generator: Any = None,
    dtype: DTypeLike = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """Standard normal samples."""
    shape, dt = _shape_arg("randn", size), _float_dtype("randn", dtype)
    values = _draw(generator_of(generator).standard_normal, shape, dt)
    return _make("randn", values, device, requires_grad)


def randint(
    *args: Any,
    generator: Any = None,
    dtype: DTypeLike = None,
    device: Any = None,
    requires_grad: bool = False,
    size: Any = None,
) -> Tensor:
    """Integers drawn uniformly from ``[low, high)``: ``randint(high, size)`` or
    ``randint(low, high, size)``; int64 unless ``dtype`` says otherwise."""
    if size is not None:
        args = (*args, size)
    if len(args) == 2:
        low, high, shape = 0, args[0], args[1]
    elif len(args) == 3:
        low, high, shape = args
    else:
        raise DTypeError("randint: expected randint(high, size) or randint(low, high, size)")
    if high <= low:
        raise ShapeError(
            f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}"
        )
    dt = _dt.int64 if dtype is None else _dt.as_dtype(dtype, "randint")
    values = generator_of(generator).integers(low, high, _shape_arg("randint", (shape,)))
    return _make("randint", values.astype(dt), device, requires_grad)


def randperm(
    n: int,
    *,
    generator: Any = None,
    dtype: DTypeLike = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """A random permutation of ``0 .. n-1`` (int64 unless ``dtype`` says otherwise)."""
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 0:
        raise ShapeError(f"randperm: n must be a non-negative int, got {n!r}")
    dt = _dt.int64 if dtype is None else _dt.as_dtype(dtype, "randperm")
    return _make(
        "randperm", generator_of(generator).permutation(n).astype(dt), device, requires_grad
    )


def rand_like(
    input: Tensor, *, dtype: DTypeLike = None, device: Any = None, requires_grad: bool = False
) -> Tensor:
    """Uniform ``[0, 1)`` samples with the shape (and dtype, unless given) of ``input``."""
    shape, dt = _like("rand_like", input, dtype)
    return _make("rand_like", _draw(_rng.random, shape, dt), device, requires_grad)


def randn_like(
    input: Tensor, *, dtype: DTypeLike = None, device: Any = None, requires_grad: bool = False
) -> Tensor:
    """Standard normal samples with the shape (and dtype, unless given) of ``input``."""
    shape, dt = _like("randn_like", input, dtype)
    return _make("randn_like", _draw(_rng.standard_normal, shape, dt), device, requires_grad)


def randint_like(
    input: Tensor,
    low: int = 0,
    high: int | None = None,
    *,
    dtype: DTypeLike = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """Integers from ``[low, high)`` (``randint_like(x, high)``: from 0) shaped like ``input``."""
    if high is None:
        low, high = 0, low
    shape, dt = _like("randint_like", input, dtype)
    return _make("randint_like", _rng.integers(low, high, shape).astype(dt), device, requires_grad)


def normal(
    mean: Any = 0.0,
    std: Any = 1.0,
    size: Any = None,
    *,
    generator: Any = None,
    dtype: DTypeLike = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """Samples from ``N(mean, std**2)``: ``mean``/``std`` may be tensors (broadcast; the
    result has their shape) or numbers with ``size``."""
    for name, v in (("mean", mean), ("std", std)):
        if not isinstance(v, (Tensor, int, float, np.number)) or isinstance(v, bool):
            raise DTypeError(f"normal: {name} must be a Tensor or a number, got {type(v).__name__}")
    m = mean.array if isinstance(mean, Tensor) else mean
    s = std.array if isinstance(std, Tensor) else std
    shape = (
        np.broadcast_shapes(np.shape(m), np.shape(s))
        if size is None
        else _shape_arg("normal", (size,))
    )
    if isinstance(mean, Tensor) or isinstance(std, Tensor):
        dt = (mean if isinstance(mean, Tensor) else std).dtype
    else:
        dt = _float_dtype("normal", dtype)
    values = generator_of(generator).normal(m, s, shape).astype(dt)
    return _make("normal", values, device, requires_grad)


def bernoulli(input: Tensor, p: Any = None, *, generator: Any = None) -> Tensor:
    """1 with probability ``input`` (element-wise, or ``p`` if given), else 0; ``input``'s
    shape and dtype."""
    if not isinstance(input, Tensor):
        raise DTypeError(f"bernoulli: expected a Tensor, got {type(input).__name__}")
    prob = input.array if p is None else p
    if not (np.all(np.asarray(prob) >= 0) and np.all(np.asarray(prob) <= 1)):
        raise ShapeError("bernoulli: the probabilities must be in [0, 1]")
    draws = generator_of(generator).random(input.array.shape) < prob
    return Tensor.constant(draws.astype(input.dtype))


def multinomial(
    input: Tensor, num_samples: int, replacement: bool = False, *, generator: Any = None
) -> Tensor:
    """``num_samples`` category indices per row of the non-negative weights ``input``
    (``(k,)`` or ``(n, k)``), int64."""
    if not isinstance(input, Tensor):
        raise DTypeError(f"multinomial: expected a Tensor, got {type(input).__name__}")
    if input.ndim not in (1, 2):
        raise ShapeError("multinomial: prob_dist must be 1 or 2 dim")
    w = input.array.astype(np.float64).reshape(-1, input.shape[-1])
    if (w < 0).any() or not np.isfinite(w).all() or (w.sum(1) == 0).any():
        raise ShapeError(
            "multinomial: invalid multinomial distribution (sum of probabilities <= 0 or "
            "negative/inf entries)"
        )
    if not replacement and num_samples > w.shape[1]:
        raise ShapeError(
            "multinomial: cannot sample n_sample > prob_dist.size(-1) samples without replacement"
        )
    rng = generator_of(generator)
    rows = [rng.choice(w.shape[1], num_samples, replace=replacement, p=r / r.sum()) for r in w]
    out = np.array(rows, np.int64).reshape(*input.shape[:-1], num_samples)
    return Tensor.constant(out)
