"""PyTorch's global switches and type information: ``inference_mode``, the deterministic and
matmul-precision switches, ``set_printoptions``, ``finfo``/``iinfo``, ``is_complex``, the
random state (``get_rng_state``/``set_rng_state``) and ``poisson``.

minigrad is deterministic and computes in the dtype it is given, so the switches are accepted
and remembered (their getters answer truthfully) but change nothing.
"""

# PyTorch's argument and class names (input, finfo) shadow builtins or break naming rules.
# ruff: noqa: A002, N801

from __future__ import annotations

import json
import sys
from typing import Any

import numpy as np

from . import _repr
from . import creation as _creation
from . import dtypes as _dt
from .autograd import is_grad_enabled, set_grad_enabled
from .ops._shape_args import tensor_arg
from .tensor import Tensor

__all__ = [
    "are_deterministic_algorithms_enabled", "compile", "finfo", "get_float32_matmul_precision",
    "get_rng_state", "iinfo", "inference_mode", "is_complex", "is_inference_mode_enabled",
    "poisson", "set_float32_matmul_precision", "set_printoptions", "set_rng_state",
    "use_deterministic_algorithms",
]  # fmt: skip

_state: dict[str, Any] = {"deterministic": False, "warn_only": False, "precision": "highest"}
_inference: list[bool] = []


class inference_mode(set_grad_enabled):
    """``torch.inference_mode``: a context manager and decorator; inside it nothing is
    recorded (``no_grad``'s semantics). ``inference_mode(False)`` changes nothing."""

    def __init__(self, mode: bool = True) -> None:
        super().__init__(False)
        self.inference = bool(mode)

    def __enter__(self) -> None:
        # Off, it leaves grad mode as it finds it (PyTorch's behaviour).
        self.mode = not self.inference and is_grad_enabled()
        _inference.append(self.inference)
        super().__enter__()

    def __exit__(self, *exc: object) -> None:
        super().__exit__(*exc)
        _inference.pop()


def is_inference_mode_enabled() -> bool:
    """Whether an ``inference_mode(True)`` block is active."""
    return bool(_inference and _inference[-1])


def use_deterministic_algorithms(mode: bool, *, warn_only: bool = False) -> None:
    """Accepted and remembered: every minigrad op is already deterministic."""
    if not isinstance(mode, bool):
        raise TypeError(f"use_deterministic_algorithms: mode must be a bool, got {mode!r}")
    _state["deterministic"], _state["warn_only"] = mode, bool(warn_only)


def are_deterministic_algorithms_enabled() -> bool:
    """What :func:`use_deterministic_algorithms` was last given (``False`` at start)."""
    return bool(_state["deterministic"])


def set_float32_matmul_precision(precision: str) -> None:
    """Accepted and remembered (``"highest"``, ``"high"``, ``"medium"``): minigrad's float32
    matmuls are NumPy's, always full float32 precision."""
    if not isinstance(precision, str):
        raise TypeError(f"set_float32_matmul_precision: precision must be a str, got {precision!r}")
    if precision not in ("highest", "high", "medium"):
        raise ValueError(
            "set_float32_matmul_precision: precision must be 'highest', 'high' or 'medium', "
            f"got {precision!r}"
        )
    _state["precision"] = precision


def get_float32_matmul_precision() -> str:
    """What :func:`set_float32_matmul_precision` was last given (``"highest"`` at start)."""
    return str(_state["precision"])


_PROFILES = {
    "default": {"precision": 4, "threshold": 1000, "edgeitems": 3, "linewidth": None},
    "short": {"precision": 2, "threshold": 1000, "edgeitems": 2, "linewidth": None},
    "full": {"precision": 4, "threshold": sys.maxsize, "edgeitems": 3, "linewidth": None},
}


def set_printoptions(
    precision: int | None = None,
    threshold: float | None = None,
    edgeitems: int | None = None,
    linewidth: int | None = None,
    profile: str | None = None,
    sci_mode: bool | None = None,
) -> None:
    """How ``repr(tensor)`` prints: digits after the point, the element count above which
    it summarises, the items shown at each edge then, the line width, a ``profile``
    (``"default"``, ``"short"``, ``"full"``) and ``sci_mode`` (``None``: automatic)."""
    given: dict[str, tuple[Any, Any]] = {
        "precision": (precision, int), "threshold": (threshold, (int, float)),
        "edgeitems": (edgeitems, int), "linewidth": (linewidth, int),
        "profile": (profile, str), "sci_mode": (sci_mode, bool),
    }  # fmt: skip
    for name, (value, kind) in given.items():
        # None leaves the option as it is (PyTorch's); a bool is not a count.
        wrong_bool = isinstance(value, bool) and kind is not bool
        if value is not None and (not isinstance(value, kind) or wrong_bool):
            raise TypeError(f"set_printoptions: {name} has the wrong type: {value!r}")
    opts = _repr.PRINT_OPTIONS
    if profile is not None:
        if profile not in _PROFILES:
            raise ValueError(f"set_printoptions: unknown profile {profile!r}")
        opts.update(_PROFILES[profile])
    counts = ("precision", "threshold", "edgeitems", "linewidth")
    opts.update({k: given[k][0] for k in counts if given[k][0] is not None})
    opts["sci_mode"] = sci_mode


class _TypeInfo:
    dtype: str

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={getattr(self, k)}" for k in self._fields)
        return f"{type(self).__name__}({fields}, dtype={self.dtype})"

    _fields: tuple[str, ...] = ()


class finfo(_TypeInfo):
    """``torch.finfo``: the limits of a float dtype (the default dtype when none is given):
    ``bits``, ``eps``, ``max``, ``min``, ``tiny`` (= ``smallest_normal``), ``resolution``."""

    _fields = ("resolution", "min", "max", "eps", "smallest_normal", "tiny")

    def __init__(self, type: Any = None) -> None:
        dt = np.dtype(_dt.get_default_dtype() if type is None else _dt.as_dtype(type, "finfo"))
        if dt.kind != "f":
            raise TypeError(f"finfo: expected a floating point dtype, got {dt}")
        info = np.finfo(dt)
        self.bits, self.dtype = info.bits, dt.name
        self.eps, self.max, self.min = float(info.eps), float(info.max), float(info.min)
        self.tiny = self.smallest_normal = float(info.smallest_normal)
        self.resolution = 10.0**-info.precision  # PyTorch's: exactly a power of ten


class iinfo(_TypeInfo):
    """``torch.iinfo``: the limits of an integer dtype: ``bits``, ``max``, ``min``."""

    _fields = ("min", "max")

    def __init__(self, type: Any) -> None:
        dt = np.dtype(_dt.as_dtype(type, "iinfo"))
        if dt.kind not in "iub":
            raise TypeError(f"iinfo: expected an integer dtype, got {dt}")
        info = np.iinfo(np.uint8 if dt.kind == "b" else dt)
        self.bits, self.max, self.min, self.dtype = info.bits, int(info.max), int(info.min), dt.name


def is_complex(input: Tensor) -> bool:
    """Whether ``input``'s dtype is complex."""
    return tensor_arg("is_complex", input).dtype.kind == "c"


def get_rng_state() -> Tensor:
    """The global generator's state, as a ``uint8`` tensor for :func:`set_rng_state`."""
    state = _creation.default_generator().bit_generator.state
    return Tensor(np.frombuffer(json.dumps(state).encode(), dtype=np.uint8).copy())


def set_rng_state(new_state: Tensor) -> None:
    """Restore the global generator's state from :func:`get_rng_state`'s tensor."""
    a = tensor_arg("set_rng_state", new_state).array
    if a.dtype != np.uint8 or a.ndim != 1:
        raise TypeError(f"set_rng_state: new_state must be a 1-D uint8 tensor, got {a.dtype}")
    try:
        state = json.loads(a.tobytes().decode())
        _creation.default_generator().bit_generator.state = state
    except (ValueError, TypeError, KeyError) as e:
        raise ValueError(f"set_rng_state: not a state from get_rng_state ({e})") from None


def poisson(input: Tensor, generator: Any = None) -> Tensor:
    """Poisson samples with the rates ``input`` (non-negative floats), in ``input``'s dtype."""
    lam = tensor_arg("poisson", input)
    if lam.dtype.kind != "f":
        raise TypeError(f"poisson: input must be floating point, got {lam.dtype}")
    if (lam.array < 0).any():
        raise ValueError("poisson: input (the rates) must be non-negative")
    draw = _creation.generator_of(generator).poisson(lam.array)
    return Tensor(draw.astype(lam.dtype))


def compile(  # noqa: A001 - PyTorch's name
    model: Any = None,
    *,
    fullgraph: bool = False,
    dynamic: bool | None = None,
    backend: Any = "inductor",
    mode: str | None = None,
    options: dict[str, Any] | None = None,
    disable: bool = False,
) -> Any:
    """``torch.compile``: minigrad has no compiler, so ``model`` (a module or a function) is
    returned as it is, which computes exactly what the compiled one would. Without ``model``
    it returns the decorator, as PyTorch's ``@torch.compile(mode=...)``."""
    if model is None:
        return lambda fn: compile(fn, fullgraph=fullgraph, dynamic=dynamic, backend=backend,
                                  mode=mode, options=options, disable=disable)  # fmt: skip
    if not callable(model):
        raise TypeError(
            f"compile: model must be a Module or a function, got {type(model).__name__}"
        )
    return model
