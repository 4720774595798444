"""The optimizer base class: parameter groups, per-parameter state, and their state dict.

An optimizer holds ``param_groups`` (dicts with ``'params'`` and that group's options) and
``state`` (one dict of arrays per parameter). ``step()`` hands each parameter that has a
gradient to the subclass's ``_update``, which changes the parameter's array in place with
NumPy (``out=`` arithmetic, no per-element Python) and never writes to the gradient array:
the engine may share one gradient array between several tensors.

The state dict has PyTorch's structure: ``{'state': {index: {...}}, 'param_groups':
[{option: value, ..., 'params': [index, ...]}]}``, parameters referred to by their position
across the groups, so it loads into a freshly built optimizer over the same model.
"""

from __future__ import annotations

import copy
import numbers
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from ..autograd import enable_grad, no_grad
from ..tensor import Tensor

ParamsT = Iterable[Tensor] | Iterable[tuple[str, Tensor]] | Iterable[dict[str, Any]]


def check_real(
    where: str,
    name: str,
    value: Any,
    low: float | None = 0.0,
    high: float | None = None,
    high_open: bool = False,
) -> None:
    """Raise unless ``value`` is a real number in ``[low, high]`` (``[low, high)`` if
    ``high_open``); ``where`` names the optimizer or scheduler, ``name`` the argument."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{where}: {name} must be a real number, got {type(value).__name__}")
    v = float(value)
    too_high = high is not None and (v >= high if high_open else v > high)
    # ``not v >= low`` also catches NaN.
    if (low is not None and not v >= low) or too_high or v != v:
        upper = "" if high is None else f", {high}{')' if high_open else ']'}"
        rule = f"in [{low}{upper}" if high is not None else f">= {low}"
        raise ValueError(f"{where}: invalid {name}={value!r}; it must be {rule}")


def kernel_flags(where: str, **flags: Any) -> dict[str, Any]:
    """PyTorch's implementation switches (``foreach``, ``fused``, ``capturable``,
    ``differentiable``), checked, as param-group entries.

    ``foreach`` and ``fused`` choose how PyTorch loops over the tensors, not what it computes:
    any value is accepted and changes nothing. ``capturable`` (CUDA graphs) and
    ``differentiable`` (autograd through the update) cannot be honoured, so True is refused.
    """
    for name, value in flags.items():
        if name in ("foreach", "fused"):
            if value is not None and not isinstance(value, bool):
                raise TypeError(f"{where}: {name} must be None or a bool, got {value!r}")
        elif not isinstance(value, bool):
            raise TypeError(f"{where}: {name} must be a bool, got {value!r}")
        elif value:
            why = "CUDA graph capture" if name == "capturable" else "autograd through the step"
            raise ValueError(
                f"{where}: {name}=True ({why}) is not supported; minigrad's update runs in NumPy"
            )
    return flags


def decayed_grad(
    param: np.ndarray, grad: np.ndarray, weight_decay: float, maximize: bool
) -> np.ndarray:
    """The gradient an update uses: ``±grad + weight_decay * param`` (L2 penalty).

    May return ``grad`` itself: read the result, never write it.
    """
    if weight_decay:
        d = np.multiply(param, weight_decay)
        if maximize:
            d -= grad
        else:
            d += grad
        return d
    return np.negative(grad) if maximize else grad


def init_state(state: dict[str, Any], param: np.ndarray, *buffers: str, **values: Any) -> None:
    """A parameter's state before its first update: ``step`` 0, then the scalar ``values``,
    then one zero array like ``param`` per name in ``buffers`` (PyTorch's order of the keys).
    A state that is already there is left as it is."""
    if not state:
        state["step"] = 0
        state.update(values)
        for name in buffers:
            state[name] = np.zeros_like(param)


def lerp_(start: np.ndarray, end: np.ndarray, weight: float, scratch: np.ndarray) -> None:
    """``start += weight * (end - start)`` in place, interpolating from the nearer end.

    For ``weight >= 0.5`` this computes ``end - (end - start) * (1 - weight)``, rounding as
    PyTorch's ``lerp_`` does, so that trajectories agree to the last bits even where an
    update cancels (centered RMSprop's ``√(s − ḡ²)``).
    """
    np.subtract(end, start, out=scratch)
    if weight < 0.5:
        scratch *= weight
        start += scratch
    else:
        scratch *= 1 - weight
        np.subtract(end, scratch, out=start)


class Optimizer:
    """Base class of the optimizers: parameter groups, state, ``step`` and the state dict.

    Parameters
    ----------
    params
        The tensors to optimize: an iterable of Tensors, of ``(name, Tensor)`` pairs (as
        ``model.named_parameters()`` gives), or of dicts (parameter groups), each with a
        ``'params'`` entry and any options that override ``defaults`` for that group.
    defaults
        The options of every group that does not set them.

    Attributes
    ----------
    param_groups : list of dict
        The groups: ``'params'`` (a list of Tensors) and the group's options.
    state : dict
        Per-parameter state (keyed by the Tensor): NumPy arrays shaped like the parameter,
        and counters such as ``'step'``.

    Subclasses set the options' rules in ``_validate(options, where)`` and the update in
    ``_update(param, grad, state, group)``, which gets the parameter's and the gradient's
    arrays and changes ``param`` in place.
    """

    def __init__(self, params: ParamsT, defaults: dict[str, Any]) -> None:
        name = type(self).__name__
        self._validate(defaults, name)
        if isinstance(params, (Tensor, dict)) or not isinstance(params, Iterable):
            raise TypeError(
                f"{name}: params must be an iterable of Tensors or of dicts (parameter "
                f"groups), got {type(params).__name__}; pass e.g. model.parameters() or [x]"
            )
        self.defaults = defaults
        self.state: defaultdict[Tensor, dict[str, Any]] = defaultdict(dict)
        self.param_groups: list[dict[str, Any]] = []
        groups: list[Any] = list(params)
        if not groups:
            raise ValueError(f"{name}: got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)
        if not any(group["params"] for group in self.param_groups):
            raise ValueError(f"{name}: got an empty parameter list (every group is empty)")

    def _validate(self, options: dict[str, Any], where: str) -> None:
        """Raise ``TypeError``/``ValueError`` for a bad option (``lr < 0``...)."""
        check_real(where, "lr", options["lr"])

    def _update(
        self, param: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> None:
        raise NotImplementedError(f"{type(self).__name__} defines no _update")

    # ----------------------------------------------------------------------------------------
    # Groups
    # ----------------------------------------------------------------------------------------

    def add_param_group(self, param_group: dict[str, Any]) -> None:
        """Add a group of parameters, with options overriding the defaults.

        The dict itself becomes the group (options missing from it are filled in from
        ``defaults``), as in PyTorch, so changing ``group['lr']`` later takes effect.

        Raises
        ------
        TypeError
            If ``param_group`` is not a dict, its params are a set (no stable order), or a
            parameter is not a floating-point Tensor.
        ValueError
            If a parameter is not a leaf, appears twice, or is already in another group; or
            if an option is invalid.
        """
        name = type(self).__name__
        where = f"{name} param group {len(self.param_groups)}"
        if not isinstance(param_group, dict):
            raise TypeError(
                f"{name}: a parameter group must be a dict, got {type(param_group).__name__}"
            )
        if "params" not in param_group:
            raise ValueError(f"{where}: the dict has no 'params' entry")
        params = param_group["params"]
        if isinstance(params, (set, frozenset)):
            raise TypeError(
                f"{where}: params must be an ordered collection (a list), not a set, so the "
                "state dict refers to the same parameters in every run"
            )
        params = [params] if isinstance(params, Tensor) else list(params)
        names = [p[0] for p in params if isinstance(p, tuple)]
        if names and len(names) != len(params):
            raise ValueError(f"{where}: give every parameter a name, or none")
        tensors = [p[1] if isinstance(p, tuple) and len(p) == 2 else p for p in params]
        seen = _check_params(where, tensors)
        for g, group in enumerate(self.param_groups):
            if any(id(p) in seen for p in group["params"]):
                raise ValueError(
                    f"{where}: some parameters are already in param group {g}; a parameter "
                    "may appear in one group only"
                )
        options = {**self.defaults, **param_group}
        self._validate(options, where)
        param_group.update(options)
        param_group["params"] = tensors
        if names:
            param_group["param_names"] = names
        self.param_groups.append(param_group)

    # ----------------------------------------------------------------------------------------
    # Updating
    # ----------------------------------------------------------------------------------------

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Clear the gradients: set ``.grad`` to None (default), or to a new zero tensor.

        The old gradient tensor is never zeroed in place: other tensors may share it.
        """
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    p.grad = None if set_to_none else Tensor.constant(np.zeros_like(p.grad.array))

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Update every parameter that has a gradient, in place; others are skipped.

        Parameters
        ----------
        closure
            Optional: recomputes the loss (with the graph recorded) and returns it.

        Returns
        -------
        The closure's loss, or None.
        """
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        todo = []
        for g, group in enumerate(self.param_groups):
            for i, p in enumerate(group["params"]):
                if p.grad is None:
                    continue
                grad = p.grad.array
                if grad.shape != p.array.shape:
                    raise ValueError(
                        f"{type(self).__name__}.step: parameter {i} of group {g} has shape "
                        f"{p.array.shape} but its .grad has shape {grad.shape}"
                    )
                todo.append((p, grad, group))
        with no_grad():
            for p, grad, group in todo:
                self._update(p.array, grad, self.state[p], group)
                p._version += 1
        return loss

    # ----------------------------------------------------------------------------------------
    # State dict
    # ----------------------------------------------------------------------------------------

    def state_dict(self) -> dict[str, Any]:
        """The optimizer's state, with parameters referred to by index; arrays are copies.

        Returns
        -------
        dict
            ``{'state': {index: {key: array or number}}, 'param_groups': [{option: value,
            'params': [index, ...]}]}``, indices counting the parameters across the groups in
            order.
        """
        index: dict[int, int] = {}
        groups = []
        for group in self.param_groups:
            packed = {k: copy.deepcopy(v) for k, v in group.items() if k != "params"}
            packed["params"] = [index.setdefault(id(p), len(index)) for p in group["params"]]
            groups.append(packed)
        state = {
            index[id(p)]: {
                k: v.copy() if isinstance(v, np.ndarray) else copy.deepcopy(v) for k, v in s.items()
            }
            for p, s in self.state.items()
            if s and id(p) in index
        }
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Load a state made by :meth:`state_dict` (copied, so the dict can be reused).

        The optimizer must have the same number of groups with the same number of
        parameters; arrays are cast to their parameter's dtype.

        Raises
        ------
        ValueError
            If the groups, the parameter counts, a state array's shape or the options do not
            match (e.g. the state of another model or another optimizer).
        """
        name = f"{type(self).__name__}.load_state_dict"
        if not isinstance(state_dict, dict) or not {"state", "param_groups"} <= set(state_dict):
            raise ValueError(
                f"{name}: expected a dict with 'state' and 'param_groups' (from "
                "Optimizer.state_dict())"
            )
        saved_groups = state_dict["param_groups"]
        if len(saved_groups) != len(self.param_groups):
            raise ValueError(
                f"{name}: the state dict has {len(saved_groups)} parameter groups, the "
                f"optimizer has {len(self.param_groups)}"
            )
        id_map: dict[int, Tensor] = {}
        for g, (group, saved) in enumerate(zip(self.param_groups, saved_groups)):
            if len(saved["params"]) != len(group["params"]):
                raise ValueError(
                    f"{name}: param group {g} has {len(saved['params'])} parameters in the "
                    f"state dict but {len(group['params'])} in the optimizer"
                )
            missing = sorted(set(self.defaults) - set(saved))
            if missing:
                raise ValueError(
                    f"{name}: param group {g} of the state dict lacks the options {missing}; "
                    f"is it the state of another optimizer than {type(self).__name__}?"
                )
            id_map.update((int(k), p) for k, p in zip(saved["params"], group["params"]))
        state: defaultdict[Tensor, dict[str, Any]] = defaultdict(dict)
        for key, values in state_dict["state"].items():
            if int(key) not in id_map:
                raise ValueError(
                    f"{name}: the state dict has state for parameter {key}, but the groups "
                    f"list {len(id_map)} parameters"
                )
            p = id_map[int(key)]
            state[p] = {k: _cast_state(name, k, v, p, int(key)) for k, v in values.items()}
        for group, saved in zip(self.param_groups, saved_groups):
            group.update(copy.deepcopy({k: v for k, v in saved.items() if k != "params"}))
        self.state = state

    def __repr__(self) -> str:
        lines = [f"{type(self).__name__} ("]
        for i, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {i}")
            lines += [f"    {k}: {v}" for k, v in sorted(group.items()) if k != "params"]
        return "\n".join([*lines, ")"])


def _type_name(obj: Any) -> str:
    """``list``, ``numpy.ndarray``, ``torch.Tensor``: a type's name that cannot be confused."""
    cls = type(obj)
    module = cls.__module__.split(".")[0]
    return cls.__qualname__ if module == "builtins" else f"{module}.{cls.__qualname__}"


def _cast_state(where: str, key: str, value: Any, param: Tensor, index: int) -> Any:
    """A copy of one loaded state entry: arrays shaped like the parameter in its dtype, other
    0-d arrays (counters such as ``step``) as numbers."""
    if isinstance(value, Tensor):
        value = value.array
    if not isinstance(value, np.ndarray):
        return copy.deepcopy(value)
    if value.ndim == 0 and param.ndim != 0:
        return value.item()
    if value.shape != param.shape:
        raise ValueError(
            f"{where}: state {key!r} of parameter {index} has shape {value.shape}, but the "
            f"parameter has shape {param.shape}"
        )
    return value.astype(param.dtype) if value.dtype.kind == "f" else value.copy()


def _check_params(where: str, tensors: list[Any]) -> set[int]:
    """Each parameter of a new group is a floating-point leaf Tensor, given once; their ids."""
    seen: set[int] = set()
    for i, p in enumerate(tensors):
        if not isinstance(p, Tensor):
            raise TypeError(
                f"{where}: parameter {i} is a {_type_name(p)}, not a minigrad Tensor; an "
                "optimizer can only optimize Tensors"
            )
        if p.dtype.kind != "f":
            raise TypeError(
                f"{where}: parameter {i} (shape {p.shape}) has dtype {p.dtype}; only "
                "floating-point tensors can be optimized"
            )
        if not p.is_leaf:
            raise ValueError(
                f"{where}: parameter {i} (shape {p.shape}) is not a leaf tensor (an op "
                "made it); optimize the tensors it was computed from, or detach() it"
            )
        if id(p) in seen:
            raise ValueError(f"{where}: parameter {i} (shape {p.shape}) appears twice")
        seen.add(id(p))
    return seen
