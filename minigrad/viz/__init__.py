"""Computation-graph diagrams: :func:`draw_graph` returns a :class:`Diagram` of what a
computation recorded — ops with their attributes, tensors with names, shapes and dtypes,
grouped by the modules that ran them, optionally with values, gradients and the backward
pass, also after ``backward()``. :func:`capture` snapshots a graph (keeping intermediate
values); :func:`save_graph` writes a diagram to files; :func:`show` (or
:meth:`Diagram.save_html`) gives the explorable view, one HTML file: pan, zoom, collapsible
modules, tooltips with statistics, search. Rendering uses Graphviz's ``dot`` or, where it is
missing, the ``graphviz-pure`` command from PyPI (found where pip put it).
"""

from .api import capture, draw_graph, save_graph, show
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
    "show",
]
