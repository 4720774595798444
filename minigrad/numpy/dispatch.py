"""NumPy's dispatch protocols for Tensors: ``__array_ufunc__`` (NEP 13) and
``__array_function__`` (NEP 18).

With them ``numpy.exp(t)``, ``numpy.sum(t, axis=0)``, ``numpy.concatenate([t, u])``,
``ndarray + t`` and ``t % ndarray`` run minigrad's ops and return Tensors in the graph. The
lookup is by name in :mod:`minigrad.numpy`: what it has, NumPy's entry point reaches. A NumPy
function or ufunc method minigrad lacks raises ``TypeError`` naming it — never a silent
conversion to an ndarray that would drop the gradient. ``numpy.asarray(t)`` and
``numpy.array(t)`` still give the data (they go through ``__array__``, not these protocols).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..tensor import Tensor

# ufunc.reduce / ufunc.accumulate -> the minigrad.numpy function computing it.
_REDUCE = {"add": "sum", "multiply": "prod", "maximum": "max", "minimum": "min",
           "fmax": "max", "fmin": "min", "logical_and": "all", "logical_or": "any"}  # fmt: skip
_ACCUMULATE = {"add": "cumsum", "multiply": "cumprod"}


def _namespace() -> Any:
    from .. import numpy as mnp

    return mnp


def _unsupported(what: str) -> TypeError:
    return TypeError(
        f"minigrad does not support {what} on Tensors (it would drop the gradient); use "
        "minigrad.numpy's functions, or numpy.asarray(t) to compute on the data"
    )


def array_ufunc(ufunc: np.ufunc, method: str, inputs: tuple[Any, ...], kwargs: dict) -> Any:
    """Run ``ufunc`` (``method`` ``__call__``, ``reduce``, ``accumulate`` or ``outer``) with
    minigrad's ops."""
    from .ufuncs import UFUNCS

    mnp = _namespace()
    name = ufunc.__name__
    if kwargs.get("out") is not None:
        raise TypeError(f"numpy.{name}: out= is not supported with minigrad Tensors")
    kwargs = {k: v for k, v in kwargs.items() if k != "out"}
    if method == "__call__":
        fn = UFUNCS.get(name) or getattr(mnp, name, None)  # matmul, vecdot: not element-wise
        if fn is None or fn is ufunc:
            raise _unsupported(f"the ufunc numpy.{name}")
        return fn(*inputs, **kwargs)
    if method == "reduce" and name in _REDUCE:
        kwargs.setdefault("axis", 0)
        return getattr(mnp, _REDUCE[name])(*inputs, **kwargs)
    if method == "accumulate" and name in _ACCUMULATE:
        kwargs.setdefault("axis", 0)
        return getattr(mnp, _ACCUMULATE[name])(*inputs, **kwargs)
    if method == "outer" and name in UFUNCS and len(inputs) == 2:
        a, b = (mnp.asarray(x) for x in inputs)
        return UFUNCS[name](mnp.reshape(a, a.shape + (1,) * b.ndim), b, **kwargs)
    raise _unsupported(f"numpy.{name}.{method}")


def _lookup(func: Any) -> Any:
    mnp = _namespace()
    module = getattr(func, "__module__", "") or ""
    name = func.__name__
    if module.startswith("numpy.linalg"):
        return getattr(mnp.linalg, name, None)
    if module.startswith("numpy.random"):
        return None
    return getattr(mnp, name, None)


def array_function(func: Any, types: tuple[type, ...], args: tuple, kwargs: dict) -> Any:
    """Run the NumPy function ``func`` as its :mod:`minigrad.numpy` namesake."""
    if not all(issubclass(t, (Tensor, np.ndarray)) for t in types):
        return NotImplemented
    ours = _lookup(func)
    if ours is None or ours is func:
        raise _unsupported(f"numpy.{func.__name__}")
    return ours(*args, **kwargs)
