"""Randomness, with PyTorch's names: the generator (``manual_seed``, ``seed``,
``initial_seed``, ``default_generator``, :class:`Generator`) and the random creation functions
(``rand``, ``randn``, ``randint``, ``randperm``, their ``_like`` forms, ``normal``,
``bernoulli``, ``multinomial``). :mod:`minigrad.creation` and the top level re-export them.

The generator is one module-level global: ``manual_seed`` replaces it, and everything random
in minigrad (``rand``/``randn``, the layers' initialisation, dropout, ``DataLoader`` shuffling,
``random_split``) reads it through ``default_generator()`` at the moment it draws, so one seed
makes a whole run reproducible. A :class:`Generator` is a private stream for ``generator=``.
The creation functions here take ``dtype=``, ``device=`` and ``requires_grad=`` as the
deterministic ones of :mod:`minigrad.creation` do, through the same helpers.
"""

# PyTorch's argument and function names (input, min, max, round...) shadow builtins on purpose.
# ruff: noqa: A002

from __future__ import annotations

from typing import Any

import numpy as np

from . import devices as _devices
from . import dtypes as _dt
from .creation import _float_dtype, _like, _make, _shape_arg
from .errors import DTypeError, ShapeError
from .tensor import DTypeLike, Tensor

__all__ = [
    "Generator",
    "bernoulli",
    "default_generator",
    "generator_of",
    "initial_seed",
    "manual_seed",
    "multinomial",
    "normal",
    "rand",
    "rand_like",
    "randint",
    "randint_like",
    "randn",
    "randn_like",
    "randperm",
    "seed",
]

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
