# ruff: noqa: A001, A002 - `format` is Graphviz's own name for the output format
"""Rendering DOT text: the system's Graphviz ``dot``, else the ``graphviz-pure`` command.

minigrad owns these few lines instead of going through the ``graphviz`` package: all a
diagram needs is one subprocess call, and the package's rendering hooks are private (they
changed between its releases). :func:`find_renderer` looks for ``dot`` on ``PATH``, then for
``graphviz-pure`` on ``PATH``, in the running interpreter's scripts folder (where pip put it,
found even when the virtual environment is not activated, as with ``.venv/bin/python`` or a
Jupyter kernel) and beside ``sys.executable``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any, overload

__all__ = ["FORMATS", "Diagram", "RendererNotFoundError", "find_renderer"]

RENDERERS = ("dot", "graphviz-pure")
# The output formats both renderers write (graphviz-pure's list; dot has more).
FORMATS = frozenset({"svg", "png", "jpg", "jpeg", "json", "plain", "xdot", "dot", "canon"})


class RendererNotFoundError(RuntimeError):
    """Neither Graphviz's ``dot`` nor ``graphviz-pure`` is installed."""

    def __init__(self) -> None:
        super().__init__(
            "no Graphviz renderer found: `graphviz-pure` is not installed for this Python "
            f"({sys.executable}) and Graphviz's `dot` is not on PATH. Install one: "
            f"{sys.executable} -m pip install graphviz-pure (it is in the viz extra), or the "
            "system Graphviz (apt-get install graphviz, brew install graphviz, conda install "
            "graphviz). The DOT text is available without one, as diagram.source."
        )


def _script_dirs() -> list[Path]:
    """Where pip installs commands for the running interpreter."""
    dirs = [Path(sysconfig.get_path("scripts")), Path(sys.executable).parent]
    return list(dict.fromkeys(dirs))


def find_renderer() -> tuple[str, str] | None:
    """``(name, path)`` of the renderer diagrams use: Graphviz's ``dot`` if it is on ``PATH``,
    else ``graphviz-pure`` (on ``PATH`` or among this interpreter's scripts); ``None`` if
    there is neither."""
    path = shutil.which("dot")
    if path is not None:
        return "dot", path
    path = shutil.which("graphviz-pure")
    if path is None:
        for folder in _script_dirs():
            path = shutil.which("graphviz-pure", path=str(folder))
            if path is not None:
                break
    return None if path is None else ("graphviz-pure", path)


def render_dot(source: str, format: str = "svg") -> bytes:
    """``source`` (DOT text) rendered as ``format`` bytes by the renderer found.

    Raises
    ------
    ValueError
        If ``format`` is not one of :data:`FORMATS`.
    RendererNotFoundError
        If neither ``dot`` nor ``graphviz-pure`` is installed.
    RuntimeError
        If the renderer fails (its error output is in the message).
    """
    if format not in FORMATS:
        raise ValueError(f"render: unknown format {format!r}; use one of {sorted(FORMATS)}")
    found = find_renderer()
    if found is None:
        raise RendererNotFoundError()
    proc = subprocess.run(
        [found[1], f"-T{format}"], input=source.encode("utf-8"), capture_output=True, check=False
    )
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip()
        raise RuntimeError(f"render: {found[0]} failed (exit {proc.returncode}): {err}")
    return proc.stdout


class Diagram:
    """A graph diagram: its DOT text, rendered on demand.

    ``.source`` is the DOT text (no renderer needed); :meth:`pipe` renders it to bytes,
    :meth:`render` to a file; :meth:`save_html` writes the explorable view. In Jupyter a
    diagram shows itself inline as that view.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        # Set by draw_graph, for the explorable view: what each box and cluster stands for,
        # and the snapshot and options it was drawn from (to draw other views of it).
        self.boxes: dict[str, Any] = {}
        self.clusters: dict[str, Any] = {}
        self.drawn_from: tuple[Any, dict[str, Any]] | None = None

    def __str__(self) -> str:
        return self.source

    def __repr__(self) -> str:
        return f"<minigrad.viz.Diagram: {self.source.count(' [label=')} boxes>"

    @overload
    def pipe(self, format: str = ..., encoding: None = None) -> bytes: ...
    @overload
    def pipe(self, format: str, encoding: str) -> str: ...
    def pipe(self, format: str = "svg", encoding: str | None = None) -> bytes | str:
        """The diagram rendered as ``format`` (bytes, or text decoded with ``encoding``)."""
        data = render_dot(self.source, format)
        return data if encoding is None else data.decode(encoding)

    def render(
        self,
        filename: str | os.PathLike[str] | None = None,
        format: str = "svg",
        *,
        outfile: str | os.PathLike[str] | None = None,
        cleanup: bool = False,
    ) -> str:
        """Write the rendered diagram to ``outfile``, or to ``filename.<format>``; returns the
        path written. Only that file is written: the DOT text goes to the renderer's stdin, so
        ``cleanup`` (``graphviz.Digraph.render``'s flag to delete the source file, accepted
        for code written against it) has nothing to delete.
        """
        if outfile is not None:
            out = Path(outfile)
            format = out.suffix.lstrip(".") or format
        elif filename is not None:
            out = Path(f"{os.fspath(filename)}.{format}")
        else:
            raise TypeError("render: give filename (without extension) or outfile")
        data = render_dot(self.source, format)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        return str(out)

    def save_html(self, path: str | os.PathLike[str], *, title: str = "minigrad graph") -> Path:
        """Write the explorable view, one self-contained HTML file (see
        :func:`minigrad.viz.show`); returns its path."""
        from .html import html_page

        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(html_page(self, title=title), encoding="utf-8")
        return out

    def _repr_html_(self) -> str:
        from .html import html_page

        return html_page(self, inline=True)

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        """Jupyter's display: the explorable view, and the SVG for frontends without HTML
        (the DOT text and the reason, where no renderer is installed)."""
        try:
            svg = str(self.pipe("svg", "utf-8"))
        except RendererNotFoundError as err:
            return {"text/plain": f"{self.source}\n{err}"}
        return {"text/html": self._repr_html_(), "image/svg+xml": svg}
