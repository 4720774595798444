"""The public entry points: :func:`draw_graph` and :func:`save_graph`."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..tensor import Tensor
from .graph import capture
from .render import Diagram

__all__ = ["capture", "draw_graph", "save_graph", "show"]


def draw_graph(
    *outputs: Tensor,
    params: Mapping[str, Tensor] | None = None,
    names: Mapping[str, Tensor] | None = None,
    show_shapes: bool = True,
    show_dtypes: bool = True,
    show_values: bool = False,
    show_grads: bool = False,
    show_saved: bool = False,
    group_modules: bool = True,
    collapse_modules: Iterable[Any] | str | type | None = None,
    direction: str = "TB",
    max_nodes: int | None = None,
    view: str = "forward",
    legend: bool = True,
) -> Diagram:
    """Draw the graph that computed ``outputs`` as a :class:`~minigrad.viz.Diagram`.

    Every tensor the outputs depend on is a box: a leaf (an *input*, or a *parameter*) shows
    its name, shape and dtype; an *op* box shows the op, its attributes (axis, stride,
    padding, kernel...) and the tensor it produced; the *outputs* are marked apart. A legend
    names the styles. The result renders with ``.render()``/``.pipe()``, shows inline in
    Jupyter, and its DOT text is ``.source`` — byte-identical for the same computation.

    Parameters
    ----------
    *outputs
        The tensors whose graph to draw.
    params
        ``{name: tensor}`` of parameters, e.g. ``dict(model.named_parameters())``. The
        parameters of modules that ran are found and named without it (by their path in the
        outermost module, ``features.0.weight``).
    names
        ``{name: tensor}`` for any other tensor to label (inputs, intermediates, outputs).
        A tensor's own ``name=`` is used too; ``names`` wins over ``params`` over ``name=``.
    show_shapes, show_dtypes
        Show each tensor's shape and dtype.
    show_values
        Show each tensor's value: in full for one element, else norm, min and max. NaN and
        Inf are counted and flagged in red (text and border).
    show_grads
        The same for each tensor's ``.grad``. Draw after ``loss.backward()``: the graph's
        structure survives it (only saved arrays and intermediate values are freed) and the
        leaves hold their gradients. Intermediates show one only if they retained it — see
        :func:`capture`, which keeps the intermediates (values and, with ``retain_grads``,
        gradients) when it is called before ``backward()``.
    show_saved
        List what each op kept for its backward pass (inputs, output, arrays, constants).
    group_modules
        Draw the ops run inside a ``Module.forward`` (and the module's parameters) in a box
        labelled with the module's path and repr (``0: Conv2d(1, 8, kernel_size=(5, 5), ...)``),
        nested like the modules.
    collapse_modules
        Modules to draw as one box each instead of their ops: modules, module paths
        (``"layer1.0"``), class names (``"BasicBlock"``) or classes. A chain of identical
        collapsed blocks (same repr, same ops) is drawn as one ``×k`` box, which keeps a deep
        network legible.
    direction
        Graphviz ``rankdir``: ``"TB"`` (top to bottom), ``"BT"``, ``"LR"`` or ``"RL"``.
    max_nodes
        Draw at most this many boxes, those nearest the outputs; one note box says how many
        were left out, and which ops they were.
    view
        ``"forward"``: the recorded graph. ``"backward"``: the functions a backward pass runs
        — one ``<Op>Backward`` per op and one ``AccumulateGrad`` per leaf that receives a
        gradient, arrows along the gradient flow. ``"both"``: the forward graph beside the
        backward one, which is drawn in its own dashed box. (The graph that
        ``backward(create_graph=True)`` recorded is an ordinary graph: draw ``x.grad``.)
    legend
        Add the legend of box styles.

    Returns
    -------
    Diagram
        Its DOT text is ``.source``; ``.pipe()``/``.render()`` render it with Graphviz's
        ``dot`` or, where it is missing, with ``graphviz-pure``.

    Raises
    ------
    TypeError
        If an output, or a value in ``params``/``names``, is not a Tensor.
    ValueError
        If ``direction``, ``view`` or ``max_nodes`` is not one of the allowed values.

    Examples
    --------
    >>> import minigrad as mg
    >>> from minigrad import viz
    >>> x = mg.tensor([1.0, 2.0], requires_grad=True, name="x")
    >>> y = (x * x).sum()
    >>> graph = viz.draw_graph(y)
    >>> "Multiply" in graph.source and "x" in graph.source
    True
    """
    snapshot = capture(*outputs, params=params, names=names)
    return snapshot.draw(
        show_shapes=show_shapes,
        show_dtypes=show_dtypes,
        show_values=show_values,
        show_grads=show_grads,
        show_saved=show_saved,
        group_modules=group_modules,
        collapse_modules=collapse_modules,
        direction=direction,
        max_nodes=max_nodes,
        view=view,
        legend=legend,
    )


def save_graph(
    graph: Diagram,
    path: str | os.PathLike[str],
    formats: Sequence[str] = ("svg", "png"),
) -> list[Path]:
    """Write ``graph`` as ``path.<format>`` for each format, and ``path.dot`` (its source).

    Parameters
    ----------
    graph
        A diagram from :func:`draw_graph` (or anything with ``.source`` and ``.pipe()``, such
        as a ``graphviz.Digraph``).
    path
        The file path without extension; its folder is created if needed.
    formats
        Graphviz output formats, e.g. ``("svg", "png")``.

    Returns
    -------
    list of Path
        The files written, the DOT source first.

    Raises
    ------
    RendererNotFoundError
        If no renderer is installed (the ``.dot`` file is written before it is raised).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    source = path.with_name(path.name + ".dot")
    source.write_text(graph.source, encoding="utf-8")
    written = [source]
    for fmt in formats:
        out = path.with_name(f"{path.name}.{fmt}")
        out.write_bytes(graph.pipe(format=fmt))
        written.append(out)
    return written


def show(*outputs: Tensor, path: str | os.PathLike[str] | None = None, **options: Any) -> Diagram:
    """Draw the graph of ``outputs`` as an explorable view: pan and zoom, module clusters that
    expand and collapse (collapsed at first; identical blocks as one ``×k`` box), tooltips
    with each tensor's shape, dtype and value and gradient statistics (mean, std, min, max,
    norm, NaN/Inf counts, a histogram), a search box for names.

    Parameters
    ----------
    *outputs
        The tensors whose graph to draw (after ``backward()`` too, for the gradients).
    path
        Where to write the view: one self-contained HTML file, viewable offline.
    **options
        :func:`draw_graph`'s options (``params``, ``names``, ``show_values``...).

    Returns
    -------
    Diagram
        The diagram; in Jupyter it displays as the same view, inline.

    Examples
    --------
    >>> import minigrad as mg
    >>> from minigrad import viz
    >>> x = mg.tensor([1.0, 2.0], requires_grad=True, name="x")
    >>> diagram = viz.show((x * x).sum())  # in a notebook: the view, inline
    """
    diagram = draw_graph(*outputs, **options)
    if path is not None:
        diagram.save_html(path)
    return diagram
