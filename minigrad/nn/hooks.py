"""Module hooks: the handle :meth:`~minigrad.nn.Module.register_forward_hook` and friends
return, and the call path that runs a module's hooks around its ``forward``.

Forward pre-hooks see (and may replace) the positional arguments, forward hooks the output.
A full backward hook ``hook(module, grad_input, grad_output)`` is wired with tensor hooks:
every input that requires grad passes through an identity node (so the gradient seen is the
one flowing into this module, not the input's total), and the output's gradient is recorded
on the way back. The hook runs once the gradients of all those inputs have arrived; the
tuple it returns replaces them. A module whose inputs need no gradient gets
``grad_input = (None, ...)``, as in PyTorch.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from ..autograd import Function, is_grad_enabled
from ..tensor import Tensor

_ids = itertools.count()


class RemovableHandle:
    """Returned by the ``register_*_hook`` methods: ``handle.remove()`` unregisters the hook
    (also as a context manager: the hook is removed on exit)."""

    def __init__(self, registry: dict[int, Any]) -> None:
        self._registry = registry
        self.id = next(_ids)

    def remove(self) -> None:
        self._registry.pop(self.id, None)

    def __enter__(self) -> RemovableHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.remove()


def add_hook(
    registry: dict[int, Any], hook: Any, prepend: bool, with_kwargs: bool = False
) -> RemovableHandle:
    """Register ``hook`` (kept with its ``with_kwargs`` flag) and return its handle."""
    if not callable(hook):
        raise TypeError(f"the hook must be callable, got {type(hook).__name__}")
    handle = RemovableHandle(registry)
    registry[handle.id] = (hook, with_kwargs)
    if prepend:
        items = list(registry.items())
        registry.clear()
        registry.update([items[-1], *items[:-1]])
    return handle


class _HookPoint(Function):
    """The identity, as a node of its own: the gradient it receives is this module's."""

    @staticmethod
    def forward(ctx, x):
        return x.copy()

    @staticmethod
    def backward(ctx, grad):
        return grad


def _as_tuple(value: Any) -> tuple[Any, ...]:
    return value if isinstance(value, tuple) else (value,)


def _tensors(value: Any) -> list[Tensor]:
    items = value if isinstance(value, (tuple, list)) else (value,)
    return [t for t in items if isinstance(t, Tensor) and t.requires_grad]


def _wire_backward_hooks(module: Any, args: tuple[Any, ...]) -> tuple[tuple[Any, ...], Callable]:
    """Route the inputs through hook points; returns the new arguments and a function that
    registers the output side once the output exists."""
    hooks = [hook for hook, _ in module._backward_hooks.values()]
    positions = [i for i, a in enumerate(args) if isinstance(a, Tensor) and a.requires_grad]
    args = tuple(_HookPoint.apply(a) if i in positions else a for i, a in enumerate(args))
    state: dict[str, Any] = {"grad_output": None, "grad_input": {}}

    def run(grad_input: tuple[Any, ...]) -> tuple[Any, ...]:
        for hook in hooks:
            new = hook(module, grad_input, state["grad_output"])
            if new is not None:
                grad_input = _as_tuple(new)
        return grad_input

    def input_hook(i: int) -> Callable[[Tensor], Tensor | None]:
        def on_grad(g: Tensor) -> Tensor | None:
            state["grad_input"][i] = g
            if len(state["grad_input"]) < len(positions):
                return None
            got = run(tuple(state["grad_input"].get(p) for p in positions))
            state["grad_input"] = {}
            return got[positions.index(i)] if len(got) == len(positions) else None

        return on_grad

    for i in positions:
        args[i].register_hook(input_hook(i))

    def wire_output(output: Any) -> None:
        outs = _tensors(output)

        def on_output_grad(g: Tensor) -> None:
            state["grad_output"] = (g,) if len(outs) == 1 else (*(state["grad_output"] or ()), g)
            if not positions:
                run((None,) * max(len(args), 1))

        for t in outs:
            t.register_hook(on_output_grad)

    return args, wire_output


def call_with_hooks(module: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """``module.forward(*args, **kwargs)`` with the module's hooks around it."""
    for hook, with_kwargs in list(module._forward_pre_hooks.values()):
        if with_kwargs:
            new = hook(module, args, kwargs)
            if new is not None:
                args, kwargs = new
                args = _as_tuple(args)
            continue
        new = hook(module, args)
        if new is not None:
            args = _as_tuple(new)
    wire = None
    if module._backward_hooks and is_grad_enabled():
        args, wire = _wire_backward_hooks(module, args)
    output = module.forward(*args, **kwargs)
    for hook, with_kwargs in list(module._forward_hooks.values()):
        new = hook(module, args, kwargs, output) if with_kwargs else hook(module, args, output)
        if new is not None:
            output = new
    if wire is not None:
        wire(output)
    return output


class HookMethods:
    """The hook-registering methods of :class:`~minigrad.nn.Module`."""

    _forward_hooks: dict[int, Callable[..., Any]]
    _forward_pre_hooks: dict[int, Callable[..., Any]]
    _backward_hooks: dict[int, Callable[..., Any]]

    # ----------------------------------------------------------------------------------------

    def register_forward_pre_hook(
        self, hook: Callable[..., Any], *, prepend: bool = False, with_kwargs: bool = False
    ) -> RemovableHandle:
        """Call ``hook(module, args)`` before every ``forward``; a returned value (a tuple, or
        one value) replaces the positional arguments. With ``with_kwargs=True`` it is
        ``hook(module, args, kwargs)`` and may return ``(args, kwargs)``. Returns a handle
        with ``remove()``."""
        return add_hook(self._forward_pre_hooks, hook, prepend, with_kwargs)

    def register_forward_hook(
        self,
        hook: Callable[..., Any],
        *,
        prepend: bool = False,
        with_kwargs: bool = False,
        always_call: bool = False,
    ) -> RemovableHandle:
        """Call ``hook(module, args, output)`` (``hook(module, args, kwargs, output)`` with
        ``with_kwargs=True``) after every ``forward``; a returned value replaces the output.
        ``always_call`` is accepted (a forward that raises runs no hook). Returns a handle
        with ``remove()``."""
        return add_hook(self._forward_hooks, hook, prepend, with_kwargs)

    def register_full_backward_hook(
        self, hook: Callable[..., Any], prepend: bool = False
    ) -> RemovableHandle:
        """Call ``hook(module, grad_input, grad_output)`` when the gradients w.r.t. the
        module's inputs are computed; a returned tuple replaces ``grad_input``. See
        :mod:`minigrad.nn.hooks` for how it is wired. Returns a handle with ``remove()``."""
        return add_hook(self._backward_hooks, hook, prepend)

    register_backward_hook = register_full_backward_hook
