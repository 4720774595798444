"""The Tensor's in-place methods (``add_``, ``+=``, ``zero_``, ``uniform_``...).

Each computes the op's out-of-place value and hands it to :meth:`InplaceMixin._inplace`,
the one place for PyTorch's rules: while the graph records, a leaf that requires grad is
refused with PyTorch's message; the shape must stay and the dtype must cast ``same_kind``;
the version counter is bumped (``Tensor._bump_version``), so a VJP that saved the tensor
notices the change. ``param -= lr * param.grad`` under ``no_grad`` writes into the
parameter's memory, so the model sees it.

minigrad's graph has no in-place nodes. An in-place change that would be part of the graph
(the tensor is a non-leaf that requires grad, or an operand requires grad) is refused by the
named methods (``x.add_(y)``), with the out-of-place spelling in the message; the augmented
operators (``x += y``) return the out-of-place result instead, so Python rebinds ``x`` to
it, which is what the program means (other references to the old tensor keep the old value).

A mixin of :class:`~minigrad.tensor.Tensor`; ``_t`` is ``minigrad.tensor`` (see
``minigrad._tensor_methods`` for why).
"""

# PyTorch's argument and function names (input, min, max, round...) shadow builtins on purpose.
# ruff: noqa: A002

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

import minigrad.tensor as _t

from .errors import DTypeError, ShapeError

if TYPE_CHECKING:
    from .tensor import Tensor

LEAF_INPLACE = "a leaf Variable that requires grad is being used in an in-place operation."
_UPDATE_HINT = (
    "in-place change of a tensor that requires grad while recording the graph; wrap it in "
    "minigrad.no_grad() (e.g. for a parameter update)"
)


def _value(x: Any) -> Any:
    return x.array if isinstance(x, _t.Tensor) else x


def _broadcasts(shape: tuple[int, ...], target: tuple[int, ...]) -> bool:
    try:
        return np.broadcast_shapes(shape, target) == target
    except ValueError:
        return False


class InplaceMixin:
    """In-place methods of :class:`~minigrad.tensor.Tensor` (see the module docstring)."""

    __slots__ = ()

    def _in_graph(self: Tensor, op: str, result: Any, rebind: bool) -> bool:  # type: ignore[misc]
        """The graph rules of an in-place op, while the graph records: a leaf that requires
        grad is refused (PyTorch's error), and so is a ``result`` that is part of the graph
        (minigrad's graph has no in-place nodes) unless ``rebind``, when this returns True
        and the caller hands ``result`` back instead of writing it."""
        if not _t._autograd.is_grad_enabled():
            return False
        if self._requires_grad and self._ctx is None:
            raise RuntimeError(f"{LEAF_INPLACE} ({op}: {_UPDATE_HINT})")
        if isinstance(result, _t.Tensor) and result._requires_grad:
            if rebind:
                return True
            raise RuntimeError(
                f"{op}: minigrad does not record in-place changes in the graph, and this "
                "one would be part of it (the tensor or an operand requires grad). Use "
                f"the out-of-place form (x = x.{op.strip('_')}(...)), or run it inside "
                "minigrad.no_grad() if no gradient should flow through it."
            )
        return False

    def _inplace(self: Tensor, op: str, result: Any, rebind: bool = False) -> Tensor:  # type: ignore[misc]
        """Write ``result`` (the op's out-of-place value) into this tensor's memory.

        While the graph records, a leaf that requires grad is refused (PyTorch's error),
        and a result that is part of the graph is returned instead of written when
        ``rebind`` (``x += y``: Python rebinds ``x``) or refused, since minigrad's graph has
        no in-place nodes. Otherwise the shape must stay and the dtype must cast
        ``same_kind``, as in PyTorch.
        """
        if self._in_graph(op, result, rebind):
            return result
        value = result.array if isinstance(result, _t.Tensor) else np.asarray(result)
        if value.shape != self.array.shape and not _broadcasts(value.shape, self.array.shape):
            raise ShapeError(
                f"{op}: cannot broadcast {value.shape} to {self.array.shape} (output with "
                f"shape {list(self.array.shape)} doesn't match the broadcast shape)"
            )
        if value.dtype != self.array.dtype and not np.can_cast(
            value.dtype, self.array.dtype, "same_kind"
        ):
            raise DTypeError(
                f"{op}: result type {value.dtype} can't be cast to the desired output type "
                f"{self.array.dtype}"
            )
        if not self.array.flags.writeable:
            raise RuntimeError(
                f"{op}: this tensor's memory is read-only (a broadcast view, e.g. from "
                "expand()); clone() it first"
            )
        self.array[...] = value
        self._bump_version()
        return self

    def __setitem__(self: Tensor, index: Any, value: Any) -> None:  # type: ignore[misc]
        if _t._autograd.is_grad_enabled():
            if self._requires_grad and self._ctx is None:
                raise RuntimeError(f"{LEAF_INPLACE} (__setitem__: {_UPDATE_HINT})")
            if self._requires_grad or (isinstance(value, _t.Tensor) and value._requires_grad):
                raise RuntimeError(
                    "__setitem__: minigrad does not record in-place assignment in the graph "
                    "(the tensor or the value requires grad). Build the result out of place "
                    "(minigrad.where, minigrad.cat, index_put/scatter), or assign inside "
                    "minigrad.no_grad()."
                )
        try:
            self.array[_t._indexing.index_to_numpy(index)] = (
                value.array if isinstance(value, _t.Tensor) else value
            )
        except (IndexError, ValueError, TypeError) as e:
            kind = next(k for k in (IndexError, ValueError, TypeError) if isinstance(e, k))
            raise kind(f"__setitem__: {e} (tensor shape {self.shape})") from None
        self._bump_version()

    # Augmented assignment: the out-of-place result is returned while it is in the graph.

    def __iadd__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return self._inplace("__iadd__", self + other, rebind=True)

    def __isub__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return self._inplace("__isub__", self - other, rebind=True)

    def __imul__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return self._inplace("__imul__", self * other, rebind=True)

    def __itruediv__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return self._inplace("__itruediv__", self / other, rebind=True)

    def __ifloordiv__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return self._inplace("__ifloordiv__", self // other, rebind=True)

    def __imod__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return self._inplace("__imod__", self % other, rebind=True)

    def __ipow__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return self._inplace("__ipow__", self**other, rebind=True)

    def __imatmul__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return self._inplace("__imatmul__", self @ other, rebind=True)

    def __iand__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return self._inplace("__iand__", self & other, rebind=True)

    def __ior__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return self._inplace("__ior__", self | other, rebind=True)

    def __ixor__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return self._inplace("__ixor__", self ^ other, rebind=True)

    # Arithmetic and math

    def add_(self: Tensor, other: Any, alpha: Any = 1) -> Tensor:  # type: ignore[misc]
        return self._inplace("add_", self.add(other, alpha=alpha))

    def sub_(self: Tensor, other: Any, alpha: Any = 1) -> Tensor:  # type: ignore[misc]
        return self._inplace("sub_", self.sub(other, alpha=alpha))

    subtract_ = sub_

    def mul_(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return self._inplace("mul_", self * other)

    multiply_ = mul_

    def div_(self: Tensor, other: Any, rounding_mode: str | None = None) -> Tensor:  # type: ignore[misc]
        return self._inplace("div_", self.div(other, rounding_mode=rounding_mode))

    divide_ = div_

    def pow_(self: Tensor, exponent: Any) -> Tensor:  # type: ignore[misc]
        return self._inplace("pow_", self**exponent)

    def remainder_(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return self._inplace("remainder_", self % other)

    def floor_divide_(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return self._inplace("floor_divide_", self // other)

    def clamp_(self: Tensor, min: Any = None, max: Any = None) -> Tensor:  # type: ignore[misc]
        return self._inplace("clamp_", self.clamp(min, max))

    clip_ = clamp_

    def clamp_min_(self: Tensor, min: Any) -> Tensor:  # type: ignore[misc]
        return self._inplace("clamp_min_", self.clamp(min, None))

    def clamp_max_(self: Tensor, max: Any) -> Tensor:  # type: ignore[misc]
        return self._inplace("clamp_max_", self.clamp(None, max))

    def neg_(self: Tensor) -> Tensor:  # type: ignore[misc]
        return self._inplace("neg_", -self)

    negative_ = neg_

    def abs_(self: Tensor) -> Tensor:  # type: ignore[misc]
        return self._inplace("abs_", self.abs())

    def exp_(self: Tensor) -> Tensor:  # type: ignore[misc]
        return self._inplace("exp_", self.exp())

    def log_(self: Tensor) -> Tensor:  # type: ignore[misc]
        return self._inplace("log_", self.log())

    def sqrt_(self: Tensor) -> Tensor:  # type: ignore[misc]
        return self._inplace("sqrt_", self.sqrt())

    def rsqrt_(self: Tensor) -> Tensor:  # type: ignore[misc]
        return self._inplace("rsqrt_", self.rsqrt())

    def square_(self: Tensor) -> Tensor:  # type: ignore[misc]
        return self._inplace("square_", self.square())

    def reciprocal_(self: Tensor) -> Tensor:  # type: ignore[misc]
        return self._inplace("reciprocal_", self.reciprocal())

    def sin_(self: Tensor) -> Tensor:  # type: ignore[misc]
        return self._inplace("sin_", self.sin())

    def cos_(self: Tensor) -> Tensor:  # type: ignore[misc]
        return self._inplace("cos_", self.cos())

    def tanh_(self: Tensor) -> Tensor:  # type: ignore[misc]
        return self._inplace("tanh_", self.tanh())

    def sigmoid_(self: Tensor) -> Tensor:  # type: ignore[misc]
        return self._inplace("sigmoid_", self.sigmoid())

    def relu_(self: Tensor) -> Tensor:  # type: ignore[misc]
        return self._inplace("relu_", self.relu())

    def round_(self: Tensor, decimals: int = 0) -> Tensor:  # type: ignore[misc]
        return self._inplace("round_", self.round(decimals=decimals))

    def lerp_(self: Tensor, end: Any, weight: Any) -> Tensor:  # type: ignore[misc]
        return self._inplace("lerp_", self.lerp(end, weight))

    def addcmul_(self: Tensor, tensor1: Tensor, tensor2: Tensor, value: Any = 1) -> Tensor:  # type: ignore[misc]
        return self._inplace("addcmul_", self.addcmul(tensor1, tensor2, value=value))

    def addcdiv_(self: Tensor, tensor1: Tensor, tensor2: Tensor, value: Any = 1) -> Tensor:  # type: ignore[misc]
        return self._inplace("addcdiv_", self.addcdiv(tensor1, tensor2, value=value))

    # Filling

    def zero_(self: Tensor) -> Tensor:  # type: ignore[misc]
        """Fill with zeros."""
        return self._inplace("zero_", np.zeros((), self.array.dtype))

    def fill_(self: Tensor, value: Any) -> Tensor:  # type: ignore[misc]
        """Fill with ``value`` (a number or a one-element tensor)."""
        value = np.asarray(_value(value))
        if value.size != 1:
            raise RuntimeError(
                f"fill_ only supports 0-dimension value tensor but got tensor with "
                f"{value.ndim} dimensions"
            )
        return self._inplace("fill_", value.reshape(()).astype(self.array.dtype))

    def copy_(self: Tensor, src: Any, non_blocking: bool = False) -> Tensor:  # type: ignore[misc]
        """Copy ``src`` (broadcast to this tensor's shape, cast to its dtype) into it."""
        return self._inplace("copy_", src if isinstance(src, _t.Tensor) else np.asarray(src))

    def uniform_(self: Tensor, a: float = 0.0, b: float = 1.0, generator: Any = None) -> Tensor:  # type: ignore[misc]
        """Fill with samples from ``U(a, b)`` drawn from minigrad's generator."""
        rng = _t._creation.generator_of(generator)
        return self._inplace("uniform_", rng.uniform(a, b, self.array.shape))

    def normal_(self: Tensor, mean: float = 0.0, std: float = 1.0, generator: Any = None) -> Tensor:  # type: ignore[misc]
        """Fill with samples from ``N(mean, std**2)`` drawn from minigrad's generator."""
        rng = _t._creation.generator_of(generator)
        return self._inplace("normal_", rng.normal(mean, std, self.array.shape))

    def bernoulli_(self: Tensor, p: Any = 0.5, generator: Any = None) -> Tensor:  # type: ignore[misc]
        """Fill with 1 with probability ``p`` (a number or a tensor), else 0."""
        rng = _t._creation.generator_of(generator)
        return self._inplace("bernoulli_", rng.random(self.array.shape) < _value(p))

    def random_(  # type: ignore[misc]
        self: Tensor, low: int = 0, high: int | None = None, generator: Any = None
    ) -> Tensor:
        """Fill with integers drawn uniformly from ``[low, high)`` (``random_(high)``: from 0)."""
        if high is None:
            low, high = 0, low
        rng = _t._creation.generator_of(generator)
        return self._inplace("random_", rng.integers(low, high, self.array.shape))

    def exponential_(self: Tensor, lambd: float = 1.0, generator: Any = None) -> Tensor:  # type: ignore[misc]
        """Fill with samples from the exponential distribution of rate ``lambd``."""
        rng = _t._creation.generator_of(generator)
        return self._inplace("exponential_", rng.exponential(1.0 / lambd, self.array.shape))

    # Indexing

    def masked_fill_(self: Tensor, mask: Any, value: Any) -> Tensor:  # type: ignore[misc]
        return self._inplace("masked_fill_", self.masked_fill(mask, value))

    def index_fill_(self: Tensor, dim: int, index: Any, value: Any) -> Tensor:  # type: ignore[misc]
        return self._inplace("index_fill_", self.index_fill(dim, index, value))

    def index_add_(self: Tensor, dim: int, index: Any, source: Any, alpha: Any = 1) -> Tensor:  # type: ignore[misc]
        return self._inplace("index_add_", self.index_add(dim, index, source, alpha=alpha))

    def scatter_(self: Tensor, dim: int, index: Any, src: Any = None, value: Any = None) -> Tensor:  # type: ignore[misc]
        return self._inplace("scatter_", self.scatter(dim, index, src, value=value))

    def scatter_add_(self: Tensor, dim: int, index: Any, src: Any) -> Tensor:  # type: ignore[misc]
        return self._inplace("scatter_add_", self.scatter_add(dim, index, src))

    def float_power_(self: Tensor, exponent: Any) -> Tensor:  # type: ignore[misc]
        """In-place :meth:`float_power`: the tensor must already be float64 (PyTorch's rule)."""
        if self.array.dtype != np.float64:
            raise DTypeError(
                f"float_power_: the base given to float_power_ has dtype {self.array.dtype} "
                "but the operation's result requires dtype float64"
            )
        return self._inplace("float_power_", self.float_power(exponent))  # type: ignore[attr-defined]

    # Metadata: the tensor takes the new shape (a view of the same memory), as in PyTorch.

    def _inplace_view(self: Tensor, op: str, result: Tensor) -> Tensor:  # type: ignore[misc]
        """Make this tensor ``result`` (a reshaped view of it): ``unsqueeze_``, ``t_``...

        The same graph rules as :meth:`_inplace` (:meth:`_in_graph`); the version moves
        because saved views of the old shape no longer describe this tensor.
        """
        self._in_graph(op, result, rebind=False)
        self.array = result.array
        self._bump_version()
        return self


# The in-place spelling ``name_`` of each out-of-place method ``name``: the method's value
# written into this tensor's memory through ``_inplace`` (value-changing ops) or
# ``_inplace_view`` (shape-changing ones), with the method's own arguments.
_VALUE_INPLACE = [
    "absolute", "acos", "acosh", "arccos", "arccosh", "arcsin", "arcsinh", "arctan", "arctan2",
    "arctanh", "asin", "asinh", "atan", "atan2", "atanh", "baddbmm", "bitwise_and",
    "bitwise_not", "bitwise_or", "bitwise_xor", "ceil", "cosh", "cumprod", "cumsum", "digamma",
    "eq", "erf", "erfc", "erfinv", "exp2", "expm1", "fix", "floor", "fmod", "frac", "ge",
    "greater", "greater_equal", "gt", "hypot", "le", "less", "less_equal", "lgamma", "log10",
    "log1p", "log2", "logical_and", "logical_not", "logical_or", "logical_xor", "logit", "lt",
    "nan_to_num", "ne", "not_equal", "polygamma", "sinc", "sinh", "tan", "tril", "triu",
    "true_divide", "trunc", "xlogy",
    "addmm", "addmv", "addr", "copysign", "deg2rad", "heaviside", "index_copy",
    "masked_scatter", "rad2deg", "sgn", "sign",
]  # fmt: skip
_VIEW_INPLACE = ["squeeze", "swapaxes", "swapdims", "t", "transpose", "unsqueeze"]


def _inplace_method(name: str, writer: str) -> Any:
    def method(self: Tensor, *args: Any, **kwargs: Any) -> Tensor:
        return getattr(self, writer)(f"{name}_", getattr(self, name)(*args, **kwargs))

    method.__name__ = method.__qualname__ = f"{name}_"
    method.__doc__ = f"In-place :meth:`{name}`: ``x.{name}_(...)`` makes ``x`` ``x.{name}(...)``."
    return method


for _name in _VALUE_INPLACE:
    setattr(InplaceMixin, f"{_name}_", _inplace_method(_name, "_inplace"))
for _name in _VIEW_INPLACE:
    setattr(InplaceMixin, f"{_name}_", _inplace_method(_name, "_inplace_view"))
