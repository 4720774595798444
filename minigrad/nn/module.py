"""``Module`` and ``Parameter``, the errors of ``load_state_dict``, and helpers the layers share.

A :class:`Module` holds parameters, buffers and submodules, registered by attribute assignment
exactly as in PyTorch (``self.fc = Linear(3, 4)``, ``self.w = Parameter(...)``,
``self.register_buffer("running_mean", ...)``). Calling a module runs its ``forward`` inside
:func:`minigrad.autograd.module_scope`, so every graph node remembers which modules created it
(graph diagrams group ops by module with that). The containers are in
:mod:`~minigrad.nn.container`.
"""

# ruff: noqa: A002 - `input` is PyTorch's argument name

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

import numpy as np

from ..autograd import module_scope
from ..tensor import Tensor
from . import _state
from ._device import DeviceMethods
from ._state import IncompatibleKeys
from ._traversal import TraversalMethods
from .hooks import HookMethods, call_with_hooks
from .parameter import Parameter

M = TypeVar("M", bound="Module")


def _indent(text: str, spaces: int) -> str:
    lines = text.split("\n")
    return "\n".join([lines[0]] + [" " * spaces + line for line in lines[1:]])


class Module(TraversalMethods, HookMethods, DeviceMethods):
    """Base class of every layer and model.

    Subclasses call ``super().__init__()`` first, assign parameters, buffers and submodules
    as attributes, and define ``forward``. ``module(x)`` runs ``forward(x)``.

    Examples
    --------
    >>> import minigrad as mg
    >>> from minigrad import nn
    >>> class Net(nn.Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.fc1 = nn.Linear(4, 8)
    ...         self.fc2 = nn.Linear(8, 2)
    ...     def forward(self, x):
    ...         return self.fc2(self.fc1(x).relu())
    >>> net = Net()
    >>> [name for name, _ in net.named_parameters()]
    ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']
    >>> net(mg.zeros(3, 4)).shape
    (3, 2)
    """

    training: bool
    _parameters: dict[str, Parameter | None]
    _buffers: dict[str, Tensor | None]
    _non_persistent_buffers: set[str]
    _modules: dict[str, Module | None]
    _forward_hooks: dict[int, Callable[..., Any]]
    _forward_pre_hooks: dict[int, Callable[..., Any]]
    _backward_hooks: dict[int, Callable[..., Any]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if args or kwargs:
            raise TypeError(
                f"{type(self).__name__}.__init__() got unexpected arguments: Module.__init__ "
                "takes none (call super().__init__() without arguments)"
            )
        set_ = object.__setattr__
        set_(self, "training", True)
        set_(self, "_parameters", {})
        set_(self, "_buffers", {})
        set_(self, "_non_persistent_buffers", set())
        set_(self, "_modules", {})
        set_(self, "_forward_hooks", {})
        set_(self, "_forward_pre_hooks", {})
        set_(self, "_backward_hooks", {})

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(f'{type(self).__name__} is missing the "forward" method')

    def __call__(self, *args: Any, **kwargs: Any) -> Tensor:
        """``forward(*args, **kwargs)`` with the hooks. Typed as a :class:`Tensor`, what a
        module gives (the few that give a tuple, as ``LSTM``, unpack as a Tensor does)."""
        with module_scope(self):
            if self._forward_hooks or self._forward_pre_hooks or self._backward_hooks:
                return call_with_hooks(self, args, kwargs)
            return self.forward(*args, **kwargs)

    # ----------------------------------------------------------------------------------------
    # Registration
    # ----------------------------------------------------------------------------------------

    def _check_init(self, what: str) -> dict[str, Parameter | None]:
        params = self.__dict__.get("_parameters")
        if params is None:
            raise AttributeError(f"cannot assign {what} before Module.__init__() call")
        return params

    def __setattr__(self, name: str, value: Any) -> None:
        d = self.__dict__
        if isinstance(value, Parameter):
            self._check_init("parameters")
            self._forget(name, self._parameters)
            self._parameters[name] = value
        elif isinstance(value, Module):
            self._check_init("modules")
            self._forget(name, self._modules)
            self._modules[name] = value
        elif "_parameters" in d and name in self._parameters:
            if value is not None:
                raise TypeError(
                    f"cannot assign {type(value).__name__} as parameter '{name}' "
                    "(a Parameter or None expected)"
                )
            self._parameters[name] = None
        elif "_modules" in d and name in self._modules:
            if value is not None:
                raise TypeError(
                    f"cannot assign {type(value).__name__} as child module '{name}' "
                    "(a Module or None expected)"
                )
            self._modules[name] = None
        elif "_buffers" in d and name in self._buffers:
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(
                    f"cannot assign {type(value).__name__} as buffer '{name}' "
                    "(a Tensor or None expected)"
                )
            self._buffers[name] = value
        else:
            object.__setattr__(self, name, value)

    def _forget(self, name: str, keep: dict[str, Any]) -> None:
        """Remove ``name`` from wherever it was registered, before registering it in ``keep``
        (where it stays in place, so re-assigning keeps the registration order)."""
        self.__dict__.pop(name, None)
        for registry in (self._parameters, self._buffers, self._modules):
            if registry is not keep:
                registry.pop(name, None)
        self._non_persistent_buffers.discard(name)

    def __getattr__(self, name: str) -> Any:
        # Only reached when normal lookup fails: parameters, buffers and submodules live in
        # their registries, not in ``__dict__``.
        d = self.__dict__
        for registry in ("_parameters", "_buffers", "_modules"):
            if registry in d and name in d[registry]:
                return d[registry][name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name: str) -> None:
        for registry in (self._parameters, self._buffers, self._modules):
            if name in registry:
                del registry[name]
                self._non_persistent_buffers.discard(name)
                return
        object.__delattr__(self, name)

    def __dir__(self) -> list[str]:
        return sorted(
            set(super().__dir__()) | set(self._parameters) | set(self._buffers) | set(self._modules)
        )

    def _check_name(self, kind: str, name: Any) -> None:
        if not isinstance(name, str):
            raise TypeError(f"{kind} name should be a str, got {type(name).__name__}")
        if not name or "." in name:
            raise KeyError(f'{kind} name must be non-empty and without ".", got {name!r}')
        if hasattr(self, name) and name not in self._registered_names():
            raise KeyError(f"attribute '{name}' already exists")

    def _registered_names(self) -> set[str]:
        return set(self._parameters) | set(self._buffers) | set(self._modules)

    def register_parameter(self, name: str, param: Parameter | None) -> None:
        """Register ``param`` (or ``None``, a placeholder) under ``name``."""
        self._check_init("parameters")
        self._check_name("parameter", name)
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(
                f"cannot assign {type(param).__name__} as parameter '{name}' "
                "(a Parameter or None expected)"
            )
        self._forget(name, self._parameters)
        self._parameters[name] = param

    def register_buffer(self, name: str, tensor: Tensor | None, persistent: bool = True) -> None:
        """Register a buffer: state that is not learned (running statistics, masks).

        Buffers appear in :meth:`state_dict` unless ``persistent=False``, follow dtype
        conversions, and get no gradient.
        """
        self._check_init("buffers")
        self._check_name("buffer", name)
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(
                f"cannot assign {type(tensor).__name__} as buffer '{name}' "
                "(a Tensor or None expected)"
            )
        self._forget(name, self._buffers)
        self._buffers[name] = tensor
        if not persistent:
            self._non_persistent_buffers.add(name)

    def add_module(self, name: str, module: Module | None) -> None:
        """Register ``module`` as a child named ``name``."""
        self._check_init("modules")
        self._check_name("module", name)
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"add_module: {type(module).__name__} is not a Module subclass")
        self._forget(name, self._modules)
        self._modules[name] = module

    def register_module(self, name: str, module: Module | None) -> None:
        """Same as :meth:`add_module`."""
        self.add_module(name, module)

    def get_submodule(self, target: str) -> Module:
        """The submodule at the dotted path ``target`` (``""`` is the module itself)."""
        module: Module = self
        for part in target.split(".") if target else ():
            child = module._modules.get(part)
            if child is None:
                raise AttributeError(f"{type(module).__name__} has no submodule '{part}'")
            module = child
        return module

    def _get_member(self, target: str, registry: str, kind: str) -> Any:
        path, _, name = target.rpartition(".")
        module = self.get_submodule(path)
        members = getattr(module, registry)
        if name not in members:
            raise AttributeError(f"{type(module).__name__} has no {kind} '{name}'")
        return members[name]

    def get_parameter(self, target: str) -> Parameter:
        """The parameter at the dotted path ``target`` (``"fc1.weight"``)."""
        return self._get_member(target, "_parameters", "parameter")

    def get_buffer(self, target: str) -> Tensor:
        """The buffer at the dotted path ``target`` (``"bn.running_mean"``)."""
        return self._get_member(target, "_buffers", "buffer")

    # ----------------------------------------------------------------------------------------
    # Modes, gradients, dtype
    # ----------------------------------------------------------------------------------------

    def train(self: M, mode: bool = True) -> M:
        """Set training mode (``mode=True``) or evaluation mode on this module and all below.

        It changes layers that behave differently in training: dropout, batch norm.
        """
        if not isinstance(mode, bool):
            raise TypeError(f"train: mode must be a bool, got {type(mode).__name__}")
        for module in self.modules():
            object.__setattr__(module, "training", mode)
        return self

    def eval(self: M) -> M:
        """Evaluation mode: same as ``train(False)``."""
        return self.train(False)

    def requires_grad_(self: M, requires_grad: bool = True) -> M:
        """Set ``requires_grad`` on every parameter (freeze or unfreeze the module)."""
        for p in self.parameters():
            p.requires_grad = requires_grad
        return self

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset the parameters' gradients: to ``None`` (default) or to zeros."""
        for p in self.parameters():
            if p.grad is None:
                continue
            p.grad = None if set_to_none else Tensor.constant(np.zeros_like(p.array))

    def apply(self: M, fn: Callable[[Module], Any]) -> M:
        """Call ``fn`` on every submodule (children first) and on this module."""
        for child in self.children():
            child.apply(fn)
        fn(self)
        return self

    # ----------------------------------------------------------------------------------------
    # State
    # ----------------------------------------------------------------------------------------

    def _state_items(self) -> Iterator[tuple[str, Tensor]]:
        for path, module in self.named_modules(remove_duplicate=False):
            dot = f"{path}." if path else ""
            for name, p in module._parameters.items():
                if p is not None:
                    yield dot + name, p
            for name, b in module._buffers.items():
                if b is not None and name not in module._non_persistent_buffers:
                    yield dot + name, b

    def state_dict(
        self, *args: Any, destination: Any = None, prefix: str = "", keep_vars: bool = False
    ) -> dict[str, Any]:
        """The module's state: ``{dotted name: tensor}`` of parameters and persistent buffers.

        As in PyTorch, the tensors are detached but share memory with the module, so the
        dict follows training; keep a snapshot with ``copy.deepcopy(model.state_dict())``.
        ``keep_vars=True`` returns the Parameter and buffer tensors themselves.
        ``destination`` (a dict to fill) and ``prefix`` (prepended to every key) as in
        PyTorch; they may also be given positionally, in that order.
        """
        return _state.state_dict(
            self, *args, destination=destination, prefix=prefix, keep_vars=keep_vars
        )

    def load_state_dict(
        self, state_dict: Mapping[str, Any], strict: bool = True, assign: bool = False
    ) -> IncompatibleKeys:
        """Copy ``state_dict``'s values (Tensors, arrays or nested lists) into the parameters
        and buffers, in place; see :func:`minigrad.nn._state.load_state_dict`.

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
        return _state.load_state_dict(self, state_dict, strict, assign)

    # ----------------------------------------------------------------------------------------
    # repr
    # ----------------------------------------------------------------------------------------

    def extra_repr(self) -> str:
        """The text inside this module's ``repr`` parentheses; layers override it."""
        return ""

    def _child_lines(self) -> list[str]:
        return [f"({name}): {_indent(repr(child), 2)}" for name, child in self._modules.items()]

    def __repr__(self) -> str:
        extra = self.extra_repr()
        extra_lines = extra.split("\n") if extra else []
        child_lines = self._child_lines()
        lines = extra_lines + child_lines
        body = ""
        if len(extra_lines) == 1 and not child_lines:
            body = extra_lines[0]
        elif lines:
            body = "\n  " + "\n  ".join(lines) + "\n"
        return f"{type(self).__name__}({body})"


# --------------------------------------------------------------------------------------------
# Helpers for the layers
# --------------------------------------------------------------------------------------------


def empty_parameter(layer: str, shape: tuple[int, ...], dtype: Any) -> Parameter:
    """An uninitialised parameter of ``shape`` (float32 unless ``dtype`` says otherwise)."""
    if any(not isinstance(s, (int, np.integer)) or s < 0 for s in shape):
        raise ValueError(f"{layer}: sizes must be non-negative integers, got shape {shape}")
    dtype = np.dtype(np.float32 if dtype is None else dtype)
    if dtype.kind != "f":
        raise TypeError(f"{layer}: dtype must be floating point, got {dtype}")
    return Parameter(np.empty(shape, dtype))


def shape_error(layer: Module, expected: str, input: Any) -> ValueError:
    """The error for an input that does not fit ``layer``: names it, what it expects and got."""
    got = input.shape if isinstance(input, Tensor) else f"a {type(input).__name__}"
    return ValueError(f"{layer!r}: expected input of shape {expected}, got {got}")
