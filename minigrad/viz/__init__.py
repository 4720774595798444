"""Computation-graph diagrams: :func:`draw_graph` returns a :class:`Diagram` of what a
computation recorded — ops with their attributes, tensors with names, shapes and dtypes,
grouped by the modules that ran them, optionally with values, gradients and the backward
pass. :func:`capture` snapshots a graph to draw later (after ``backward()``, with gradients);
:func:`save_graph` writes a diagram to files. Rendering uses Graphviz's ``dot`` or, where it
is missing, the ``graphviz-pure`` command from PyPI (found where pip put it).
"""

from .api import capture, draw_graph, save_graph
from .graph import GraphSnapshot
from .render import Diagram, RendererNotFoundError, find_renderer

__all__ = [
    "Diagram",
    "GraphSnapshot",
    "RendererNotFoundError",
    "capture",
    "draw_graph",
    "find_renderer",
    "save_graph",
]
