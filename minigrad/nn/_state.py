"""``Module.state_dict`` and ``Module.load_state_dict``, kept apart from the module class.

The state dict is PyTorch's: an ordered ``{dotted name: tensor}`` of parameters and
persistent buffers, the tensors detached but sharing memory with the module.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np

from ..autograd import no_grad
from ..tensor import Tensor


class IncompatibleKeys(NamedTuple):
    """What :meth:`Module.load_state_dict` returns: the keys it did not match."""

    missing_keys: list[str]
    unexpected_keys: list[str]


class StateDictError(ValueError, RuntimeError):
    """A state dict does not fit the module (a ``RuntimeError`` too, as PyTorch raises)."""


def state_dict(
    module: Any, *args: Any, destination: Any = None, prefix: str = "", keep_vars: bool = False
) -> dict[str, Any]:
    """See :meth:`Module.state_dict`."""
    if args:  # PyTorch's deprecated positional form: (destination, prefix, keep_vars)
        destination, prefix, keep_vars = (*args, *(destination, prefix, keep_vars)[len(args) :])  # type: ignore[misc]
    out = {} if destination is None else destination
    for name, t in module._state_items():
        out[prefix + name] = t if keep_vars else t.detach()
    return out


def load_state_dict(
    module: Any, state_dict: Mapping[str, Any], strict: bool = True, assign: bool = False
) -> IncompatibleKeys:
    """Copy ``state_dict``'s arrays into the parameters and buffers, in place.

    Values may be arrays, Tensors or nested lists; they are converted to each target's
    dtype. Shapes must match. With ``strict=True`` (the default) the keys must match
    exactly too. Nothing is copied unless everything fits.

    Returns
    -------
    IncompatibleKeys
        ``(missing_keys, unexpected_keys)``.

    Raises
    ------
    StateDictError
        (a ``ValueError`` and a ``RuntimeError``) listing the missing, unexpected and
        mis-shaped keys.
    """
    if not isinstance(state_dict, Mapping):
        raise TypeError(
            f"load_state_dict: expected a mapping of names to arrays, got "
            f"{type(state_dict).__name__}"
        )
    targets = dict(module._state_items())
    missing = [k for k in targets if k not in state_dict]
    unexpected = [k for k in state_dict if k not in targets]
    arrays: dict[str, np.ndarray] = {}
    problems: list[str] = []
    for key, target in targets.items():
        if key in state_dict:
            array, problem = _checked_array(key, state_dict[key], target)
            if problem is None:
                arrays[key] = array
            else:
                problems.append(problem)
    if strict:
        problems[:0] = _key_problems(missing, unexpected)
    if problems:
        raise StateDictError(
            f"load_state_dict: the state dict does not fit {type(module).__name__}:\n  "
            + "\n  ".join(problems)
        )
    with no_grad():
        for key, array in arrays.items():
            target = targets[key]
            if assign:
                # PyTorch's assign=True: the module takes the given values' memory (and
                # dtype) instead of copying into its own tensors.
                target.array = array
                target._version += 1
            else:
                target.copy_(array.astype(target.dtype, copy=False))
    return IncompatibleKeys(missing, unexpected)


def _checked_array(key: str, value: Any, target: Tensor) -> tuple[Any, str | None]:
    """``value`` as an array for ``target``, or what keeps it from fitting (its shape, or a
    cast that would lose values)."""
    try:
        array = np.asarray(value.array if isinstance(value, Tensor) else value)
    except (TypeError, ValueError):
        array = None
    if array is None or array.dtype.kind not in "biuf":
        return None, f"{key}: expected an array of numbers, got {type(value).__name__}"
    if array.shape != target.shape:
        return None, (
            f"size mismatch for {key}: the state dict has shape {array.shape}, "
            f"the model has shape {target.shape}"
        )
    if not np.can_cast(array.dtype, target.dtype, casting="same_kind"):
        # float64 -> float32 is fine (as in PyTorch); 2.7 -> int64 would truncate.
        return None, (
            f"dtype mismatch for {key}: the state dict has {array.dtype}, the model has "
            f"{target.dtype}, and the cast would lose values"
        )
    return array, None


def _key_problems(missing: list[str], unexpected: list[str]) -> list[str]:
    """The lines of a strict load's report about keys: missing first, then unexpected."""
    problems = []
    if missing:
        problems.append("missing keys: " + ", ".join(repr(k) for k in missing))
    if unexpected:
        problems.append("unexpected keys: " + ", ".join(repr(k) for k in unexpected))
    return problems
