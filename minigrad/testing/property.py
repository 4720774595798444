"""The one-line property test: :func:`check_gradients` turns a function and hypothesis
strategies for its arguments into a hypothesis test of its gradients."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import hypothesis
import hypothesis.strategies as st

from ..tensor import Tensor
from .contract import check_vjp_contract
from .gradcheck import gradcheck, gradgradcheck

_SLOT = object()  # where a drawn Tensor sat in the arguments


def _split(obj: Any, leaves: list[Tensor]) -> Any:
    """``obj`` with every Tensor (also inside lists, tuples and dicts) replaced by _SLOT."""
    if isinstance(obj, Tensor):
        leaves.append(obj)
        return _SLOT
    if type(obj) in (list, tuple):
        return type(obj)(_split(o, leaves) for o in obj)
    if type(obj) is dict:
        return {k: _split(v, leaves) for k, v in obj.items()}
    return obj


def _join(obj: Any, leaves: Iterator[Tensor]) -> Any:
    if obj is _SLOT:
        return next(leaves)
    if type(obj) in (list, tuple):
        return type(obj)(_join(o, leaves) for o in obj)
    if type(obj) is dict:
        return {k: _join(v, leaves) for k, v in obj.items()}
    return obj


def check_gradients(
    fn: Callable[..., Any],
    *,
    order: int = 1,
    fast_mode: bool = False,
    contract: bool = True,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    settings: hypothesis.settings | None = None,
    **arguments: Any,
) -> None:
    """Property-test ``fn``'s gradients on arguments drawn by hypothesis.

    For every drawn example, ``fn(**arguments)`` is checked with :func:`gradcheck`, with
    :func:`check_vjp_contract` (``contract=True``) and, for ``order=2``, with
    :func:`gradgradcheck`. Every Tensor that requires grad among the drawn arguments (also
    inside lists, tuples and dicts) is checked. On failure hypothesis shrinks the example and
    reports it (``Falsifying example: fn(x=tensor(...), ...)``) above the checker's message.

    Parameters
    ----------
    fn
        Called with the drawn arguments as keywords; returns a Tensor or a tuple of them.
    order
        1 checks first derivatives; 2 also second derivatives.
    fast_mode, eps, atol, rtol
        Passed to the gradient checkers.
    contract
        Also run :func:`check_vjp_contract`.
    settings
        Hypothesis settings; by default the loaded profile's (minigrad's test suite registers
        ``dev``, quick, and ``ci``, thorough and derandomized).
    **arguments
        One per argument of ``fn``: a hypothesis strategy (e.g.
        ``strategies.tensors((2, 3))``) or a fixed value.

    Raises
    ------
    GradcheckError
        (or :class:`VJPContractError`) for the shrunk counterexample.

    Examples
    --------
    Inside a pytest test:

    >>> from minigrad.testing import check_gradients, strategies as mst
    >>> def test_tanh():
    ...     check_gradients(lambda x: x.tanh(), x=mst.tensors(mst.shapes()), order=2)
    """
    if order not in (1, 2):
        raise ValueError(f"check_gradients: order must be 1 or 2, got {order!r}")
    if not arguments:
        raise TypeError("check_gradients: give a strategy for each argument of fn, e.g. x=...")
    strategies = {
        name: s if isinstance(s, st.SearchStrategy) else st.just(s) for name, s in arguments.items()
    }
    tolerances: dict[str, Any] = {"eps": eps, "atol": atol, "rtol": rtol, "fast_mode": fast_mode}

    def gradient_property(**drawn: Any) -> None:
        leaves: list[Tensor] = []
        template = _split(drawn, leaves)

        def call(*tensors: Tensor) -> Any:
            return fn(**_join(template, iter(tensors)))

        gradcheck(call, leaves, **tolerances)
        if contract:
            check_vjp_contract(call, leaves)
        if order == 2:
            gradgradcheck(call, leaves, **tolerances)

    # Hypothesis reports the counterexample as a call of this function: name it after fn.
    name = getattr(fn, "__name__", "")
    gradient_property.__name__ = gradient_property.__qualname__ = (
        name if name.isidentifier() else "fn"
    )
    test = hypothesis.given(**strategies)(gradient_property)
    if settings is not None:
        test = settings(test)
    test()
