"""PyTorch's element-wise, linear-algebra, statistics and dtype-promotion names that the
PyTorch face lacked (``sgn``, ``copysign``, ``addmv``, ``cov``, ``promote_types``...), each a
composition of existing differentiable ops under PyTorch's argument names and defaults, with
PyTorch's dtype rules (an integer input to a float-valued op gives the default float dtype).
"""

# PyTorch's argument names (input, min, max) shadow builtins on purpose.
# ruff: noqa: A002

from __future__ import annotations

from typing import Any

import numpy as np

from . import dtypes as _dt
from . import functions as _fn
from . import shape_functions as _sf
from .nn import functional as _F
from .ops import elementwise as _ew
from .ops._shape_args import tensor_arg
from .ops._windows import check_bool
from .tensor import Tensor

__all__ = [
    "absolute", "addmv", "addr", "can_cast", "celu", "chain_matmul", "clamp_max", "clamp_min",
    "copysign", "corrcoef", "cov", "deg2rad", "dropout", "float_power", "ger", "hardshrink",
    "heaviside", "isin", "isneginf", "isposinf", "matrix_power", "nextafter", "positive",
    "prelu", "promote_types", "rad2deg", "result_type", "rrelu", "selu", "sgn", "sign",
    "signbit", "threshold", "vander",
]  # fmt: skip


def _np() -> Any:
    # The NumPy face imports the top level, so it is reached at call time.
    import minigrad.numpy as mnp

    return mnp


def _floating(op: str, x: Any) -> Tensor:
    """``x`` as a tensor of a float dtype (integers and bools: the default float dtype)."""
    t = tensor_arg(op, x)
    return t if t.dtype.kind == "f" else _ew.astype(t, _dt.get_default_dtype())


def _in_graph_at_zero_gradient(x: Tensor, value: Any) -> Tensor:
    """``value`` broadcast with ``x``, with ``x`` in the graph at gradient 0 (``where(False,
    x, value)``): its ``.grad`` is a zero tensor afterwards, not None."""
    return _ew.where(Tensor.constant(np.zeros((), bool)), x, value)


def absolute(input: Tensor) -> Tensor:
    """PyTorch's alias of :func:`minigrad.abs`."""
    return _ew.abs(tensor_arg("absolute", input))


def clamp_min(input: Tensor, min: Any) -> Tensor:
    """``clamp(input, min=min)``."""
    return _fn.clamp(tensor_arg("clamp_min", input), min, None)


def clamp_max(input: Tensor, max: Any) -> Tensor:
    """``clamp(input, max=max)``."""
    return _fn.clamp(tensor_arg("clamp_max", input), None, max)


def sign(input: Tensor) -> Tensor:
    """-1, 0 or 1 by the sign of each element, and 0 at NaN, as PyTorch's ``sign`` (NumPy's,
    the NumPy face's, keeps NaN). No gradient: it is piecewise constant."""
    x = tensor_arg("sign", input)
    return _ew.where(Tensor.constant(np.isnan(x.array)), 0, _ew.sign(x))


def sgn(input: Tensor) -> Tensor:
    """:func:`sign` for real tensors (PyTorch's complex ``x / |x|`` needs complex dtypes)."""
    return sign(tensor_arg("sgn", input))


def positive(input: Tensor) -> Tensor:
    """``input`` itself (PyTorch refuses bool tensors)."""
    x = tensor_arg("positive", input)
    if x.dtype == np.bool_:
        raise TypeError("positive: the `+` operator, on a bool tensor is not supported")
    return x


def signbit(input: Tensor) -> Tensor:
    """Whether the sign bit is set (``-0.0`` included): a bool tensor."""
    return _np().signbit(tensor_arg("signbit", input))


def copysign(input: Tensor, other: Any) -> Tensor:
    """``|input|`` with the sign of ``other`` (broadcast; float result); the gradient flows
    to ``input`` only (``other``'s is zero, as in PyTorch)."""
    x = _floating("copysign", input)
    o = other.array if isinstance(other, Tensor) else np.asarray(other)
    return _ew.where(Tensor.constant(np.signbit(o)), -_ew.abs(x), _ew.abs(x))


def heaviside(input: Tensor, values: Tensor) -> Tensor:
    """The step function: 0 where ``input < 0``, ``values`` where it is 0, 1 where ``> 0``.
    PyTorch defines no derivative; minigrad's is 0 for ``input`` and flows to ``values``
    where ``input == 0``."""
    x, v = tensor_arg("heaviside", input), tensor_arg("heaviside", values)
    if x.dtype != v.dtype:
        raise TypeError(
            f"heaviside: input ({x.dtype}) and values ({v.dtype}) must have the same dtype"
        )
    step = _in_graph_at_zero_gradient(x, Tensor.constant((x.array > 0).astype(x.dtype)))
    return _ew.where(Tensor.constant(x.array == 0), v, step)


def float_power(input: Any, exponent: Any) -> Tensor:
    """``input ** exponent`` computed in float64 (either may be a number)."""
    if not isinstance(input, Tensor) and not isinstance(exponent, Tensor):
        raise TypeError("float_power: input or exponent must be a Tensor")
    base = _ew.astype(input, np.float64) if isinstance(input, Tensor) else float(input)
    exp = _ew.astype(exponent, np.float64) if isinstance(exponent, Tensor) else exponent
    return base**exp  # type: ignore[no-any-return]


def deg2rad(input: Tensor) -> Tensor:
    """Degrees to radians (float result)."""
    return _floating("deg2rad", input) * (np.pi / 180.0)


def rad2deg(input: Tensor) -> Tensor:
    """Radians to degrees (float result)."""
    return _floating("rad2deg", input) * (180.0 / np.pi)


def isposinf(input: Tensor) -> Tensor:
    """Where ``input`` is ``+inf`` (a bool tensor)."""
    return Tensor.constant(np.isposinf(tensor_arg("isposinf", input).array))


def isneginf(input: Tensor) -> Tensor:
    """Where ``input`` is ``-inf`` (a bool tensor)."""
    return Tensor.constant(np.isneginf(tensor_arg("isneginf", input).array))


def isin(
    elements: Any, test_elements: Any, *, assume_unique: bool = False, invert: bool = False
) -> Tensor:
    """Whether each of ``elements`` is in ``test_elements`` (either may be a number)."""
    for name, x in (("elements", elements), ("test_elements", test_elements)):
        if not isinstance(x, (Tensor, bool, int, float, np.number, np.bool_)):
            raise TypeError(f"isin: {name} must be a Tensor or a number, got {x!r}")
    check_bool("isin", "assume_unique", assume_unique)
    check_bool("isin", "invert", invert)
    if not isinstance(elements, Tensor) and not isinstance(test_elements, Tensor):
        raise TypeError("isin: elements or test_elements must be a Tensor")
    e = elements.array if isinstance(elements, Tensor) else np.asarray(elements)
    t = test_elements.array if isinstance(test_elements, Tensor) else np.asarray(test_elements)
    return Tensor.constant(np.isin(e, t, assume_unique=assume_unique, invert=invert))


def _scaled_sum(op: str, input: Any, prod: Tensor, beta: Any, alpha: Any) -> Tensor:
    """``beta * input + alpha * prod``; ``beta == 0`` ignores ``input`` (NaN and inf in it
    do not propagate), as in PyTorch."""
    x = tensor_arg(op, input)
    scaled = prod if alpha == 1 else alpha * prod
    if beta == 0:
        # ``input`` stays in the broadcast and in the graph, its values do not.
        return scaled + _in_graph_at_zero_gradient(x, 0.0)
    return (x if beta == 1 else beta * x) + scaled


def addmv(input: Tensor, mat: Tensor, vec: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
    """``beta * input + alpha * (mat @ vec)``: ``(n, m)`` and ``(m,)``; ``input``
    broadcasts to ``(n,)``."""
    return _scaled_sum("addmv", input, _fn.mv(mat, vec), beta, alpha)


def addr(input: Tensor, vec1: Tensor, vec2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
    """``beta * input + alpha * outer(vec1, vec2)``; ``input`` broadcasts to ``(n, m)``."""
    return _scaled_sum("addr", input, _fn.outer(vec1, vec2), beta, alpha)


def ger(input: Tensor, vec2: Tensor) -> Tensor:
    """PyTorch's old name of :func:`minigrad.outer`."""
    return _fn.outer(input, vec2)


def matrix_power(input: Tensor, n: int) -> Tensor:
    """``input`` (``(..., k, k)``) to the integer power ``n`` (negative: of the inverse)."""
    from . import linalg

    return linalg.matrix_power(input, n)


def chain_matmul(*matrices: Tensor) -> Tensor:
    """The product of 2-D ``matrices`` left to right (PyTorch's deprecated
    ``linalg.multi_dot``; one matrix is returned as it is)."""
    from . import linalg

    if not matrices:
        raise ValueError("chain_matmul: expected one or more tensors, got none")
    for m in matrices:
        if not isinstance(m, Tensor) or m.ndim != 2:
            shape = tuple(m.shape) if isinstance(m, Tensor) else type(m).__name__
            raise ValueError(f"chain_matmul: expected 2-D tensors, got {shape}")
    if len(matrices) == 1:
        return matrices[0]
    return linalg.multi_dot(list(matrices))


def _weights(op: str, name: str, w: Any, n: int, kinds: str) -> Tensor:
    t = tensor_arg(op, w)
    if t.ndim > 1 or t.numel() != n or t.dtype.kind not in kinds:
        raise ValueError(
            f"{op}: {name} must be a 1-D {'integral' if kinds == 'iu' else 'floating'} tensor "
            f"of one weight per observation ({n}), got {t.dtype} of shape {t.shape}"
        )
    if bool((t.array < 0).any()):
        raise ValueError(f"{op}: {name} cannot have negative values")
    return _fn.reshape(t, (n,))


def cov(
    input: Tensor, *, correction: int = 1, fweights: Any = None, aweights: Any = None
) -> Tensor:
    """The covariance of the variables in ``input``'s rows (``(vars, obs)``; ``(obs,)`` is
    one variable and gives a 0-d result), ``correction`` being the degrees of freedom
    removed (1: Bessel's), observations weighted by the integer ``fweights`` (repeats) and
    the float ``aweights`` (importance), as in PyTorch (and NumPy)."""
    x = _floating("cov", input)
    if x.ndim > 2:
        raise ValueError(f"cov: expected input to have two or fewer dimensions, got {x.shape}")
    obs = _fn.reshape(x, (1, -1)) if x.ndim < 2 else x
    n = obs.shape[1]
    fw = None if fweights is None else _weights("cov", "fweights", fweights, n, "iu")
    aw = None if aweights is None else _weights("cov", "aweights", aweights, n, "f")
    w = aw if fw is None else fw if aw is None else fw * aw
    if w is None:
        centred = obs - obs.mean(1, keepdim=True)
        prod, fact = _fn.mm(centred, centred.t()), max(n - correction, 0)
    else:
        total = w.sum()
        centred = obs - (obs * w).sum(1, keepdim=True) / total
        prod = _fn.mm(centred * w, centred.t())
        removed = correction if aw is None else correction * (w * aw).sum() / total
        # PyTorch clamps the divisor at 0 (too few observations: inf/NaN, no error).
        fact = _fn.clamp(total - removed, 0, None)
    out = prod / fact
    return _fn.reshape(out, ()) if x.ndim < 2 else out


def corrcoef(input: Tensor) -> Tensor:
    """Pearson's correlation coefficients of the variables in ``input``'s rows."""
    x = tensor_arg("corrcoef", input)
    if x.ndim > 2:
        raise ValueError(f"corrcoef: expected input to have two or fewer dimensions, got {x.shape}")
    return _np().corrcoef(x)  # type: ignore[no-any-return]


def result_type(tensor: Any, other: Any) -> np.dtype:
    """The dtype PyTorch gives an element-wise op on ``tensor`` and ``other`` (tensors or
    numbers; 0-d tensors and numbers count only when of a higher category)."""
    for name, x in (("tensor", tensor), ("other", other)):
        if not isinstance(x, (Tensor, bool, int, float, np.number, np.bool_)):
            raise TypeError(f"result_type: {name} must be a Tensor or a number, got {x!r}")
    return _dt.result_type(tensor, other)


def nextafter(input: Tensor, other: Tensor) -> Tensor:
    """The next representable float after ``input`` towards ``other``, in their common
    float dtype. No gradient (PyTorch defines none)."""
    x, y = tensor_arg("nextafter", input), tensor_arg("nextafter", other)
    dt = _dt.result_type(x, y)
    if dt.kind != "f":
        raise TypeError(f"nextafter: needs float tensors, got {x.dtype} and {y.dtype}")
    return Tensor.constant(np.nextafter(x.array.astype(dt), y.array.astype(dt)))


def vander(x: Tensor, N: int | None = None, increasing: bool = False) -> Tensor:
    """The Vandermonde matrix of a 1-d ``x``: columns ``x**(N-1), ..., x, 1`` (``increasing``:
    ``1, x, ..., x**(N-1)``), ``N`` defaulting to ``len(x)``. Built by repeated products, so
    its gradients are exact (``x**0`` has gradient 0 at ``x = 0``)."""
    v = tensor_arg("vander", x)
    check_bool("vander", "increasing", increasing)
    if v.ndim != 1:
        raise ValueError(f"vander: x must be 1-d, got shape {tuple(v.shape)}")
    n = v.shape[0] if N is None else N
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise ValueError(f"vander: N must be a non-negative int, got {N!r}")
    if v.dtype == np.bool_:
        v = _ew.astype(v, np.dtype(np.int64))
    if n == 0:
        return Tensor.constant(np.zeros((v.shape[0], 0), v.dtype))
    columns = [Tensor.constant(np.ones(v.shape, v.dtype))]
    for _ in range(int(n) - 1):
        columns.append(columns[-1] * v)
    return _sf.stack(columns if increasing else columns[::-1], dim=1)


def _dtype_arg(op: str, name: str, d: Any) -> np.dtype:
    if isinstance(d, Tensor) or d is None or isinstance(d, str):
        raise TypeError(f"{op}: {name} must be a dtype, got {d!r}")
    return _dt.as_dtype(d, op)


def promote_types(type1: Any, type2: Any) -> np.dtype:
    """The smallest dtype both promote to, by PyTorch's rules (a float dtype wins over any
    integer: int64 with float32 is float32, not NumPy's float64)."""
    op = "promote_types"
    return _dt._promote_group([_dtype_arg(op, "type1", type1), _dtype_arg(op, "type2", type2)])


def can_cast(from_: Any, to: Any) -> bool:
    """Whether PyTorch's casting rules allow ``from_`` to ``to``: within a category or up
    (float64 to float32 and int64 to uint8 yes; float to int and int to bool no)."""
    source, target = _dtype_arg("can_cast", "from_", from_), _dtype_arg("can_cast", "to", to)
    return _dt._CATEGORY[source.kind] <= _dt._CATEGORY[target.kind]


def dropout(input: Tensor, p: float, train: bool) -> Tensor:
    """``nn.functional.dropout(input, p, training=train)`` (PyTorch's top-level spelling,
    every argument required)."""
    return _F.dropout(input, p, training=train)


# nn.functional's activations under the top-level signatures (no ``inplace``).


def threshold(input: Tensor, threshold: float, value: float) -> Tensor:
    """``nn.functional.threshold``: ``value`` where ``input <= threshold``."""
    return _F.threshold(input, threshold, value)


def selu(input: Tensor) -> Tensor:
    """``nn.functional.selu``."""
    return _F.selu(input)


def celu(input: Tensor, alpha: float = 1.0) -> Tensor:
    """``nn.functional.celu``."""
    return _F.celu(input, alpha)


def rrelu(
    input: Tensor, lower: float = 1.0 / 8, upper: float = 1.0 / 3, training: bool = False
) -> Tensor:
    """``nn.functional.rrelu``: negatives times a slope drawn from ``U(lower, upper)`` when
    training, ``(lower + upper) / 2`` otherwise."""
    return _F.rrelu(input, lower, upper, training=training)


def prelu(input: Tensor, weight: Tensor) -> Tensor:
    """``nn.functional.prelu``: ``weight`` (one or one per channel) times the negatives."""
    return _F.prelu(input, weight)


def hardshrink(input: Tensor, lambd: float = 0.5) -> Tensor:
    """``nn.functional.hardshrink``: 0 where ``|input| <= lambd``."""
    return _F.hardshrink(input, lambd)
