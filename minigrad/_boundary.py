"""The public boundary: every public function of both faces names itself in the errors its
arguments cause (issue 17).

:func:`public` wraps a function so that an error escaping it for a bad argument is a
``TypeError``/``ValueError`` whose message starts with the function's name: a message that
already names it passes unchanged; NumPy's or Python's own messages from inside (``'<' not
supported between ...``, ``object too deep for desired array``) get the name in front; an
``AttributeError``, ``KeyError`` or ``RecursionError`` from using a bad argument as an array
becomes a ``TypeError``; a bare ``IndexError`` becomes :class:`~minigrad.errors.IndexRangeError`
(still an ``IndexError``). The packages wrap their namespaces once at import
(:func:`wrap_namespace`), so a new public op inherits the rule by being exported. The
``try`` costs nothing until something is raised (Python 3.11's zero-cost exceptions); the
wrapper is one extra call frame.

The PyTorch face also checks its flag arguments (:data:`FLAGS`: ``keepdim``,
``requires_grad``...) are bools, as PyTorch's argument parser does: ``keepdim="no"`` would
otherwise be silently true.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

import numpy as np

from .errors import IndexRangeError

_BAD_ARGUMENT = (TypeError, ValueError, AttributeError, IndexError, KeyError, RecursionError)

# Arguments PyTorch takes only as bools (its parser refuses None, strings and numbers).
FLAGS = frozenset({
    "keepdim", "keepdims", "requires_grad", "as_tuple", "replacement", "descending", "stable", "largest", "sorted", "unbiased",
    "equal_nan", "return_inverse", "return_counts", "pin_memory", "right",
})  # fmt: skip


# Flags PyTorch also takes as None (and aliases whose default None means "not given").
_NONE_OK = {"requires_grad", "stable", "keepdims"}


def _renamed(e: BaseException, name: str) -> BaseException:
    """``e`` as the error naming ``name`` (``e`` itself when it already does)."""
    message = str(e) if not isinstance(e, KeyError) else repr(e.args[0] if e.args else e)
    if isinstance(e, (TypeError, ValueError)):
        if name in message:
            return e
        try:
            out = type(e)(f"{name}: {message}")
        except Exception:  # noqa: BLE001 - NumPy's errors need their own arguments
            out = (TypeError if isinstance(e, TypeError) else ValueError)(f"{name}: {message}")
        return out
    if isinstance(e, IndexError):
        return IndexRangeError(message if name in message else f"{name}: {message}")
    what = "nested too deeply" if isinstance(e, RecursionError) else message
    return TypeError(f"{name}: an argument cannot be used here ({type(e).__name__}: {what})")


def _check_flags(name: str, flags: dict[str, int], args: tuple, kwargs: dict) -> None:
    for flag, pos in flags.items():
        if flag in kwargs:
            value = kwargs[flag]
        elif 0 <= pos < len(args):
            value = args[pos]
        else:
            continue
        if not isinstance(value, (bool, np.bool_)) and (value is not None or flag not in _NONE_OK):
            raise TypeError(
                f"{name}: argument {flag!r} must be a bool, got {type(value).__name__} "
                f"({value!r})"
            )


def _flags(fn: Callable[..., Any]) -> dict[str, int]:
    """The flag arguments of ``fn`` and their positions (-1: keyword-only)."""
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return {}
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return {
        p.name: (i if p.kind in positional else -1)
        for i, p in enumerate(params)
        if p.name in FLAGS
    }


def public(fn: Callable[..., Any], check_flags: bool = False) -> Callable[..., Any]:
    """``fn`` behind the boundary: its errors name it (and, with ``check_flags``, its bool
    arguments are checked first)."""
    name = fn.__name__
    flags = _flags(fn) if check_flags else {}

    @functools.wraps(fn)
    def boundary(*args: Any, **kwargs: Any) -> Any:
        try:
            if flags:
                _check_flags(name, flags, args, kwargs)
            return fn(*args, **kwargs)
        except _BAD_ARGUMENT as e:
            err = _renamed(e, name)
            if err is e:
                raise
            raise err from e

    boundary.__minigrad_boundary__ = True  # type: ignore[attr-defined]
    return boundary


def wrap_namespace(
    namespace: dict[str, Any], names: Any, check_flags: bool = False
) -> dict[str, Any]:
    """The functions of ``namespace`` listed in ``names``, each behind :func:`public` (one
    wrapper per function object, so aliases stay the same object)."""
    done: dict[int, Any] = {}
    out = {}
    for n in names:
        f = namespace.get(n)
        if not inspect.isfunction(f) or getattr(f, "__minigrad_boundary__", False):
            continue
        if id(f) not in done:
            done[id(f)] = public(f, check_flags)
        out[n] = done[id(f)]
    return out
