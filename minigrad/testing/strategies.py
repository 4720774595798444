"""Hypothesis strategies for property-testing gradients.

Tensors (float64 and requiring grad by default, the way gradient checks want them), shapes,
mutually broadcastable shapes, reduction axes, tie-free values for max-like ops, and
convolution and pooling configurations that are always valid under PyTorch's shape rules.
Built on :mod:`hypothesis.extra.numpy`; sizes are bounded so that checks stay fast.

Examples
--------
>>> from hypothesis import given
>>> from minigrad.testing import gradcheck, strategies as mst
>>> @given(mst.tensors(mst.shapes(max_dims=2)))
... def test_tanh(x):
...     assert gradcheck(lambda x: x.tanh(), [x])
"""

from __future__ import annotations

from typing import Any

import hypothesis.extra.numpy as hnp
import hypothesis.strategies as st
import numpy as np
from hypothesis import assume

from ..tensor import Tensor

Shape = tuple[int, ...]
_DEFAULT_ELEMENTS = st.floats(-10, 10, allow_nan=False, allow_subnormal=False)


def shapes(
    *, min_dims: int = 0, max_dims: int = 3, min_side: int = 1, max_side: int = 4
) -> st.SearchStrategy[Shape]:
    """Array shapes, shrinking towards ``()`` (``min_side=0`` adds empty axes).

    Examples
    --------
    >>> shapes(min_dims=2, max_dims=2, max_side=3).example()  # doctest: +SKIP
    (3, 1)
    """
    return hnp.array_shapes(
        min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side
    )


def broadcastable_shapes(
    num_shapes: int = 2,
    *,
    base_shape: Shape = (),
    min_dims: int = 0,
    max_dims: int = 3,
    min_side: int = 1,
    max_side: int = 4,
) -> st.SearchStrategy[tuple[Shape, ...]]:
    """Tuples of ``num_shapes`` shapes that broadcast together (NumPy's rules), with size-1
    axes and differing ranks; their result shape is ``np.broadcast_shapes(*shapes)``, which
    broadcasts with ``base_shape``.
    """
    return hnp.mutually_broadcastable_shapes(
        num_shapes=num_shapes,
        base_shape=base_shape,
        min_dims=min_dims,
        max_dims=max_dims,
        min_side=min_side,
        max_side=max_side,
    ).map(lambda b: b.input_shapes)


def _resolve(draw: Any, shape: Shape | int | st.SearchStrategy[Shape]) -> Shape:
    value: Shape | int = draw(shape) if isinstance(shape, st.SearchStrategy) else shape
    return (value,) if isinstance(value, int) else tuple(value)


def _wrap(array: np.ndarray, requires_grad: bool | None) -> Tensor:
    if requires_grad is None:
        requires_grad = array.dtype.kind in "fc"
    return Tensor(array, requires_grad=requires_grad)


@st.composite
def tensors(
    draw: Any,
    shape: Shape | int | st.SearchStrategy[Shape] | None = None,
    *,
    dtype: Any = np.float64,
    elements: st.SearchStrategy[Any] | None = None,
    requires_grad: bool | None = None,
) -> Tensor:
    """Tensors of ``shape`` (a shape or a strategy of shapes; default :func:`shapes`).

    Parameters
    ----------
    shape
        A shape, an int, or a strategy of shapes.
    dtype
        float64 by default: gradient checks need it.
    elements
        Strategy of the values; default finite floats in [-10, 10] without subnormals
        (integers in [-10, 10] for integer dtypes).
    requires_grad
        Default: True for floating dtypes, False otherwise.
    """
    dtype = np.dtype(dtype)
    if elements is None and dtype.kind == "f":
        elements = _DEFAULT_ELEMENTS
    elif elements is None and dtype.kind in "iu":
        elements = st.integers(-10, 10)
    shape = _resolve(draw, shapes() if shape is None else shape)
    array = draw(hnp.arrays(dtype, shape, elements=elements))
    return _wrap(array, requires_grad)


@st.composite
def distinct_values(
    draw: Any,
    shape: Shape | int | st.SearchStrategy[Shape],
    *,
    dtype: Any = np.float64,
    min_value: float = -10.0,
    max_value: float = 10.0,
    min_gap: float = 1e-3,
    requires_grad: bool | None = None,
) -> Tensor:
    """Tensors whose values are pairwise at least ``min_gap`` apart: no ties, and no two
    values a finite-difference step from swapping order, so max/min, max pooling, sorting
    and the like are differentiable at every drawn point.

    The values are a random permutation of evenly spaced levels in
    ``[min_value, max_value]``, each jittered within its slot.

    Raises
    ------
    ValueError
        If the range cannot hold that many values ``min_gap`` apart.
    """
    shape = _resolve(draw, shape)
    n = int(np.prod(shape))
    step = (max_value - min_value) / max(n, 1)
    if step < 2 * min_gap:
        raise ValueError(
            f"distinct_values: {n} values (shape {shape}) at least min_gap={min_gap} apart do "
            f"not fit in [{min_value}, {max_value}]; widen the range or lower min_gap"
        )
    order = np.array(draw(st.permutations(range(n))), dtype=np.float64)
    jitter = draw(hnp.arrays(np.float64, n, elements=st.floats(0, 1 - min_gap / step)))
    values = min_value + (order + jitter) * step
    return _wrap(values.reshape(shape).astype(dtype), requires_grad)


def axes(
    ndim: int, *, allow_none: bool = True, allow_int: bool = True, min_size: int = 0
) -> st.SearchStrategy[Any]:
    """Valid ``axis`` arguments of a reduction over an ``ndim``-d array: None, an int (negative
    too), or a tuple of distinct axes (possibly empty, mixing negative and positive)."""
    options: list[st.SearchStrategy[Any]] = [hnp.valid_tuple_axes(ndim, min_size=min_size)]
    if allow_int and ndim > 0 and min_size <= 1:
        options.insert(0, st.integers(-ndim, ndim - 1))
    if allow_none:
        options.insert(0, st.none())
    return st.one_of(options)


def _per_dim(draw: Any, ndim: int, low: int, high: int) -> tuple[int, ...]:
    return tuple(draw(st.integers(low, high)) for _ in range(ndim))


@st.composite
def conv_configs(
    draw: Any,
    ndim: int = 2,
    *,
    max_batch: int = 2,
    max_channels: int = 3,
    max_groups: int = 2,
    max_kernel: int = 3,
    max_stride: int = 2,
    max_padding: int = 2,
    max_dilation: int = 2,
    max_extra: int = 3,
    batched: bool = True,
) -> dict[str, Any]:
    """Valid convolution configurations, following ``torch.nn.functional.conv{ndim}d``.

    Channels are multiples of ``groups``; every output size is at least 1, i.e. the padded
    input is at least the dilated kernel ``dilation * (kernel - 1) + 1`` (plus up to
    ``max_extra``).

    Returns
    -------
    A dict with ``input_shape`` (``(N, C_in, *spatial)``, or ``(C_in, *spatial)`` unbatched),
    ``weight_shape`` (``(C_out, C_in / groups, *kernel)``), ``stride``, ``padding``,
    ``dilation`` (tuples of ``ndim`` ints), ``groups``, and ``output_shape``.
    """
    groups = draw(st.integers(1, max_groups))
    c_in = groups * draw(st.integers(1, max(1, max_channels // groups)))
    c_out = groups * draw(st.integers(1, max(1, max_channels // groups)))
    kernel = _per_dim(draw, ndim, 1, max_kernel)
    stride = _per_dim(draw, ndim, 1, max_stride)
    padding = _per_dim(draw, ndim, 0, max_padding)
    dilation = _per_dim(draw, ndim, 1, max_dilation)
    spatial, out = [], []
    for k, s, p, d in zip(kernel, stride, padding, dilation):
        span = d * (k - 1) + 1
        size = max(1, span - 2 * p) + draw(st.integers(0, max_extra))
        spatial.append(size)
        out.append((size + 2 * p - span) // s + 1)
    lead = (draw(st.integers(1, max_batch)),) if batched else ()
    return {
        "input_shape": (*lead, c_in, *spatial),
        "weight_shape": (c_out, c_in // groups, *kernel),
        "stride": stride,
        "padding": padding,
        "dilation": dilation,
        "groups": groups,
        "output_shape": (*lead, c_out, *out),
    }


def _pool_out(size: int, k: int, s: int, p: int, d: int, ceil_mode: bool) -> int:
    """PyTorch's pooling output size, including the ceil_mode rule that the last window must
    start inside the input or its left padding."""
    span = d * (k - 1) + 1
    n = -(-(size + 2 * p - span) // s) + 1 if ceil_mode else (size + 2 * p - span) // s + 1
    if ceil_mode and (n - 1) * s >= size + p:
        n -= 1
    return n


@st.composite
def pool_configs(
    draw: Any,
    ndim: int = 2,
    *,
    kind: str = "max",
    max_batch: int = 2,
    max_channels: int = 3,
    max_kernel: int = 3,
    max_stride: int = 3,
    max_dilation: int = 2,
    max_extra: int = 4,
    batched: bool = True,
    allow_padding_only_windows: bool = False,
) -> dict[str, Any]:
    """Valid pooling configurations, following ``torch.nn.functional.{kind}_pool{ndim}d``.

    ``padding <= kernel_size // 2``; the padded input holds at least one (dilated) window
    (for ``avg_pool3d`` the unpadded input holds the kernel, as PyTorch requires);
    with ``ceil_mode`` the output size follows PyTorch's rule that the last window starts
    inside the input or its left padding.

    Parameters
    ----------
    kind
        ``"max"`` (with ``dilation``) or ``"avg"`` (with ``count_include_pad`` instead).
    allow_padding_only_windows
        With dilation, PyTorch also accepts configurations where a window reads only
        padding (its max is -inf, which has no derivative); they are left out unless True.

    Returns
    -------
    A dict with ``input_shape`` (``(N, C, *spatial)``, or ``(C, *spatial)`` unbatched),
    ``kernel_size``, ``stride``, ``padding`` (tuples of ``ndim`` ints), ``dilation`` (max)
    or ``count_include_pad`` (avg), ``ceil_mode``, and ``output_shape``.
    """
    if kind not in ("max", "avg"):
        raise ValueError(f"pool_configs: kind must be 'max' or 'avg', got {kind!r}")
    kernel = _per_dim(draw, ndim, 1, max_kernel)
    stride = _per_dim(draw, ndim, 1, max_stride)
    padding = tuple(draw(st.integers(0, k // 2)) for k in kernel)
    dilation = _per_dim(draw, ndim, 1, max_dilation if kind == "max" else 1)
    ceil_mode = draw(st.booleans())
    spatial, out = [], []
    # PyTorch's avg_pool3d alone also wants the unpadded input to hold the kernel.
    unpadded = kind == "avg" and ndim == 3
    for k, s, p, d in zip(kernel, stride, padding, dilation):
        least = k if unpadded else d * (k - 1) + 1 - 2 * p
        size = max(1, least) + draw(st.integers(0, max_extra))
        n = _pool_out(size, k, s, p, d, ceil_mode)
        # With dilation, PyTorch's padding rule still lets a window read only padding: its
        # max is -inf, with no derivative to check.
        reads = np.arange(n)[:, None] * s - p + np.arange(k) * d
        assume(allow_padding_only_windows or ((reads >= 0) & (reads < size)).any(axis=1).all())
        spatial.append(size)
        out.append(n)
    lead = (draw(st.integers(1, max_batch)),) if batched else ()
    channels = draw(st.integers(1, max_channels))
    config: dict[str, Any] = {
        "input_shape": (*lead, channels, *spatial),
        "kernel_size": kernel,
        "stride": stride,
        "padding": padding,
    }
    if kind == "max":
        config["dilation"] = dilation
    else:
        config["count_include_pad"] = draw(st.booleans())
    config["ceil_mode"] = ceil_mode
    config["output_shape"] = (*lead, channels, *out)
    return config


# --------------------------------------------------------------------------------------------
# Arguments of NumPy's functions (minigrad.numpy)
# --------------------------------------------------------------------------------------------


def domain(low: float, high: float, *, margin: float = 0.05) -> st.SearchStrategy[float]:
    """Floats strictly inside ``(low, high)``, ``margin`` away from both ends: inputs where
    ``log``, ``arcsin``, ``arctanh``... are smooth enough for finite differences."""
    return st.floats(low + margin, high - margin, allow_nan=False, allow_subnormal=False)


def permutations(ndim: int) -> st.SearchStrategy[tuple[int, ...]]:
    """An ``axes`` argument of ``transpose``: a permutation of ``0 .. ndim - 1``."""
    return st.permutations(range(ndim)).map(tuple)


def pad_widths(ndim: int, *, max_width: int = 2) -> st.SearchStrategy[Any]:
    """A ``pad_width`` in any of NumPy's forms: ``p``, ``(p,)``, ``(before, after)``, or one
    pair per axis."""
    w = st.integers(0, max_width)
    pair = st.tuples(w, w)
    return st.one_of(w, st.tuples(w), pair, st.tuples(*[pair] * ndim) if ndim else pair)


@st.composite
def split_points(draw: Any, size: int, *, max_parts: int = 4) -> Any:
    """An ``indices_or_sections`` argument of ``numpy.split`` for an axis of ``size``: a
    number of equal parts that divides it, or sorted cut indices (possibly repeated or
    beyond the end, which NumPy allows)."""
    divisors = [n for n in range(1, max_parts + 1) if size % n == 0] if size else [1]
    cuts = st.lists(st.integers(0, size + 1), max_size=max_parts - 1).map(sorted)
    return draw(st.one_of(st.sampled_from(divisors), cuts))
