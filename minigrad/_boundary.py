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

Before the call, the arguments PyTorch's parser or NumPy validate by name are checked the same
way (:data:`TORCH_CHECKS`: the flags ``keepdim``, ``requires_grad``... are bools;
:data:`NUMPY_CHECKS`: ``order``, ``casting``, ``copy``, ``dtype``, ``out``...), with the
function's name: ``keepdim="no"`` or ``order="x"`` would otherwise be silently ignored.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

import numpy as np

from .errors import IndexRangeError
from .tensor import Tensor

_BAD_ARGUMENT = (TypeError, ValueError, AttributeError, IndexError, KeyError, RecursionError)


def _flag(value: Any) -> str | None:
    """PyTorch's parser takes only bools for its flags."""
    return None if isinstance(value, (bool, np.bool_)) else "must be a bool"


def _flag_or_none(value: Any) -> str | None:
    return None if value is None else _flag(value)


def _np_flag(value: Any) -> str | None:
    """NumPy's flags take anything that is an integer (bools included), not None or text."""
    return None if isinstance(value, (bool, int, np.bool_, np.integer)) else "must be a bool"


def _np_copy(value: Any) -> str | None:
    return None if value is None or not isinstance(value, str) else "must be True, False or None"


_OPTIONS: set[Callable[[Any], str | None]] = {_np_copy}


def _one_of(*options: Any) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return None if value in options else f"must be one of {options}"

    _OPTIONS.add(check)
    return check


def _dtype(value: Any) -> str | None:
    try:
        np.dtype(value)
    except TypeError:
        return "is not a dtype"
    return None


def _none(value: Any) -> str | None:
    return None if value is None else "is not supported (results are new Tensors)"


def _like(value: Any) -> str | None:
    ok = value is None or hasattr(value, "__array_function__")
    return None if ok else "must be an array implementing __array_function__"


def _int(value: Any) -> str | None:
    return None if isinstance(value, (int, np.integer)) else "must be an int"


def _not_none(value: Any) -> str | None:
    return None if value is not None else "must be given"


def _real(value: Any) -> str | None:
    ok = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
    return None if ok else "must be a real number"


def _real_or_none(value: Any) -> str | None:
    return None if value is None else _real(value)


def _generator(value: Any) -> str | None:
    ok = value is None or hasattr(value, "random") or hasattr(value, "manual_seed")
    return None if ok else "must be a random generator"


def _scalar(value: Any) -> str | None:
    ok = isinstance(value, (bool, int, float, complex, np.number, np.bool_, Tensor))
    return None if ok else "must be a number (or a 0-d Tensor)"


# What PyTorch's argument parser refuses, by argument name: flags that are not bools, a
# fill value that is not a number, ...
TORCH_CHECKS: dict[str, Callable[[Any], str | None]] = {
    "value": _scalar,
    "fill_value": _scalar,
    "dtype": lambda value: None if value is None else _dtype(value),
    **dict.fromkeys(("keepdim", "descending", "largest", "sorted", "unbiased", "equal_nan",
                     "return_inverse", "return_counts", "pin_memory", "right", "as_tuple",
                     "replacement", "training", "ceil_mode", "count_include_pad",
                     "scale_grad_by_freq", "sparse", "use_input_stats", "log_target",
                     "log_input", "full", "swap", "is_causal", "enable_gqa"), _flag),
    **dict.fromkeys(("momentum", "eps", "dropout_p"), _real),
    **dict.fromkeys(("ignore_index", "num_groups", "num_classes", "_stacklevel"), _int),
    "scale": _real_or_none,
    "generator": _generator,
    **dict.fromkeys(("requires_grad", "stable", "keepdims"), _flag_or_none),
}  # fmt: skip
# PyTorch's parser: an ``int dim=-1`` takes no None (one whose default is None does), and the
# required ``dims`` of flip, tile and permute are no None either.
TORCH_IF_INT_DEFAULT = {"dim": _int}
TORCH_IF_REQUIRED = {"dims": _not_none, "output_size": _not_none, "normalized_shape": _not_none}

# NumPy's keyword arguments that NumPy validates and minigrad otherwise would not read.
NUMPY_CHECKS: dict[str, Callable[[Any], str | None]] = {
    "keepdims": _np_flag,
    "subok": _np_flag,
    "copy": _np_copy,
    "order": _one_of(None, "C", "F", "A", "K"),
    "casting": _one_of("no", "equiv", "safe", "same_kind", "unsafe"),
    "device": _one_of(None, "cpu"),
    "dtype": _dtype,
    "out": _none,
    "like": _like,
    "edge_order": _one_of(1, 2),
}


def _renamed(e: BaseException, name: str) -> BaseException:
    """``e`` as the error naming ``name`` (``e`` itself when it already does)."""
    message = str(e) if not isinstance(e, KeyError) else repr(e.args[0] if e.args else e)
    if isinstance(e, (TypeError, ValueError)):
        if name in message:
            return e
        try:
            out = type(e)(f"{name}: {message}")
        except Exception:
            out = (TypeError if isinstance(e, TypeError) else ValueError)(f"{name}: {message}")
        return out
    if isinstance(e, IndexError):
        return IndexRangeError(message if name in message else f"{name}: {message}")
    what = "nested too deeply" if isinstance(e, RecursionError) else message
    return TypeError(f"{name}: an argument cannot be used here ({type(e).__name__}: {what})")


# Functions whose PyTorch namesake does not check an argument of TORCH_CHECKS.
TORCH_UNCHECKED: dict[str, frozenset[str]] = {
    "gaussian_nll_loss": frozenset({"full"}),
    "gumbel_softmax": frozenset({"eps"}),  # deprecated in PyTorch: any value, ignored
}

# Functions whose NumPy namesake does not check an argument of NUMPY_CHECKS (it takes any
# truthy value): they do not check it either.
NUMPY_UNCHECKED: dict[str, frozenset[str]] = {
    **dict.fromkeys(("argmax", "argmin", "nanargmax", "nanargmin", "median", "nanmedian",
                     "percentile", "quantile"), frozenset({"keepdims"})),
    **dict.fromkeys(("array", "broadcast_to", "copy"), frozenset({"subok"})),
    "astype": frozenset({"copy"}),
}  # fmt: skip

_Checks = dict[str, tuple[int, Callable[[Any], "str | None"]]]


def _check(name: str, checks: _Checks, first: int, args: tuple, kwargs: dict) -> None:
    # Only what was passed is looked at: the keywords given, then the positions present.
    for arg, value in kwargs.items():
        entry = checks.get(arg)
        if entry is not None:
            _refuse_bad(name, arg, entry[1], value)
    if len(args) > first:
        for arg, (pos, check) in checks.items():
            if 0 <= pos < len(args):
                _refuse_bad(name, arg, check, args[pos])


def _refuse_bad(name: str, arg: str, check: Callable[[Any], str | None], value: Any) -> None:
    problem = check(value)
    if problem is not None:
        # A string outside a set of options is a ValueError (NumPy's), the rest TypeErrors.
        kind = ValueError if isinstance(value, str) and check in _OPTIONS else TypeError
        raise kind(f"{name}: {arg} {problem}, got {value!r}")


def _checks(fn: Callable[..., Any], table: dict[str, Any], skip: frozenset[str]) -> _Checks:
    """The checked arguments of ``fn`` with their positions (-1: keyword-only)."""
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return {}
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    out = {}
    for i, p in enumerate(params):
        check = table.get(p.name)
        if table is TORCH_CHECKS and type(p.default) is int:
            check = TORCH_IF_INT_DEFAULT.get(p.name, check)
        if table is TORCH_CHECKS and p.default is p.empty:
            check = TORCH_IF_REQUIRED.get(p.name, check)
        if check is not None and p.name not in skip:
            if p.default is None:  # an Optional argument: None is its own default
                check = _or_none(check)
            out[p.name] = (i if p.kind in positional else -1, check)
    return out


@functools.cache
def _or_none(check: Callable[[Any], str | None]) -> Callable[[Any], str | None]:
    def or_none(value: Any) -> str | None:
        return None if value is None else check(value)

    if check in _OPTIONS:
        _OPTIONS.add(or_none)
    return or_none


def public(
    fn: Callable[..., Any],
    table: dict[str, Any] | None = None,
    unchecked: dict[str, frozenset[str]] | None = None,
) -> Callable[..., Any]:
    """``fn`` behind the boundary: its errors name it, and the arguments named in ``table``
    (:data:`TORCH_CHECKS` or :data:`NUMPY_CHECKS`), except its ``unchecked`` ones, are
    checked first."""
    name = fn.__name__
    skip = (unchecked or {}).get(name, frozenset())
    checks = _checks(fn, table, skip) if table else {}
    # Positional arguments before this position are never checked: most calls skip _check.
    first = min([pos for pos, _ in checks.values() if pos >= 0], default=1 << 30)

    @functools.wraps(fn)
    def boundary(*args: Any, **kwargs: Any) -> Any:
        try:
            if checks and (kwargs or len(args) > first):
                _check(name, checks, first, args, kwargs)
            return fn(*args, **kwargs)
        except _BAD_ARGUMENT as e:
            err = _renamed(e, name)
            if err is e:
                raise
            raise err from e

    boundary.__minigrad_boundary__ = True  # type: ignore[attr-defined]
    return boundary


def wrap_namespace(
    namespace: dict[str, Any],
    names: Any,
    table: dict[str, Any] | None = None,
    unchecked: dict[str, frozenset[str]] | None = None,
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
            done[id(f)] = public(f, table, unchecked)
        out[n] = done[id(f)]
    return out
