"""Grad mode and the module scope: the two switches every op reads when it runs.

:func:`no_grad` / :func:`enable_grad` / :func:`set_grad_enabled` turn graph recording off and
on; :func:`module_scope` tells the ops created inside which modules' ``forward`` they belong
to (diagrams group ops by module with it). Both are plain module attributes, read once per op
by ``Function.apply``, so the off state costs nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

# Whether ops record the graph. The engine also sets it, to ``create_graph``, while VJPs run.
grad_enabled = True
# The modules whose forward is running, outermost first; each node records it. A tuple, so
# recording it is one reference, not a copy.
scope: tuple[Any, ...] = ()


def is_grad_enabled() -> bool:
    """Whether ops currently record the graph."""
    return grad_enabled


class set_grad_enabled(contextlib.ContextDecorator):  # noqa: N801 - PyTorch's name
    """Turn graph recording on or off; a context manager and a decorator."""

    def __init__(self, mode: bool) -> None:
        self.mode = bool(mode)
        self._prev: list[bool] = []

    def __enter__(self) -> None:
        global grad_enabled
        self._prev.append(grad_enabled)
        grad_enabled = self.mode

    def __exit__(self, *exc: object) -> None:
        global grad_enabled
        grad_enabled = self._prev.pop()


class no_grad(set_grad_enabled):  # noqa: N801
    """Context manager / decorator: ops inside record no graph (inference, parameter updates)."""

    def __init__(self) -> None:
        super().__init__(False)


class enable_grad(set_grad_enabled):  # noqa: N801
    """Context manager / decorator: record the graph even inside :class:`no_grad`."""

    def __init__(self) -> None:
        super().__init__(True)


@contextlib.contextmanager
def module_scope(module: Any) -> Iterator[None]:
    """Mark the ops created inside as belonging to ``module`` (``Module.__call__`` uses it)."""
    global scope
    outer = scope
    scope = (*outer, module)
    try:
        yield
    finally:
        scope = outer
