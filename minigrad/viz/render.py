# ruff: noqa: A001, A002 - `format` is graphviz's argument name
"""Rendering: the system's Graphviz ``dot`` where there is one, else ``graphviz-pure``.

:class:`Diagram` is a ``graphviz.Digraph`` whose ``render``/``pipe`` (and so Jupyter's inline
display) look for a renderer each time they run: ``dot`` on ``PATH``, else the
``graphviz-pure`` command (a dot-compatible renderer from PyPI, with ``dot``'s flags), else
they raise :class:`RendererNotFoundError` saying how to install one. ``.source`` needs none.
"""

from __future__ import annotations

import os
import shutil
from typing import Any

try:
    import graphviz
    from graphviz.backend import dot_command, execute, rendering
except ImportError as err:  # pragma: no cover - exercised only without the viz extra
    raise ImportError(
        "minigrad.viz needs the graphviz package: pip install 'minigrad[viz]' "
        "(or pip install graphviz graphviz-pure)"
    ) from err

__all__ = ["Diagram", "RendererNotFoundError", "find_renderer"]

RENDERERS = ("dot", "graphviz-pure")


class RendererNotFoundError(graphviz.ExecutableNotFound):
    """Neither Graphviz's ``dot`` nor ``graphviz-pure`` is installed."""

    def __init__(self) -> None:
        RuntimeError.__init__(
            self,
            "no Graphviz renderer found: neither `dot` (Graphviz) nor `graphviz-pure` is on "
            "PATH. Install one: pip install graphviz-pure (included in pip install "
            "'minigrad[viz]'), or the system Graphviz (apt-get install graphviz, brew install "
            "graphviz, conda install graphviz). The DOT text is available without one, as "
            "diagram.source.",
        )


def find_renderer() -> tuple[str, str] | None:
    """``(name, path)`` of the renderer that will be used: ``dot`` if it is on ``PATH``,
    else ``graphviz-pure``; ``None`` if there is neither."""
    for name in RENDERERS:
        path = shutil.which(name)
        if path is not None:
            return name, path
    return None


def _command(engine: str, format: str, **flags: Any) -> list[Any]:
    """graphviz's own command line (it checks engine and format) for the renderer found."""
    found = find_renderer()
    if found is None:
        raise RendererNotFoundError()
    cmd = dot_command.command(engine, format, **flags)
    cmd[0] = found[1]
    return cmd


def _render(
    engine: str,
    format: str | None = None,
    filepath: Any = None,
    renderer: str | None = None,
    formatter: str | None = None,
    neato_no_op: Any = None,
    quiet: bool = False,
    *,
    outfile: Any = None,
    raise_if_result_exists: bool = False,
    overwrite_filepath: bool = False,
) -> str:
    """``graphviz.render`` through the renderer found (same arguments, same result path)."""
    flags = {"renderer": renderer, "formatter": formatter, "neato_no_op": neato_no_op}
    found = find_renderer()
    if found is not None and found[0] == "dot":
        return rendering.render(
            engine,
            format,
            filepath,
            quiet=quiet,
            outfile=outfile,
            raise_if_result_exists=raise_if_result_exists,
            overwrite_filepath=overwrite_filepath,
            **flags,
        )
    filepath = graphviz._tools.promote_pathlike(filepath)
    if outfile is not None:
        outfile = graphviz._tools.promote_pathlike(outfile)
        format = rendering.get_format(outfile, format=format)
    else:
        outfile = rendering.get_outfile(
            filepath, format=format, renderer=renderer, formatter=formatter
        )
    cmd = _command(engine, format, **flags)
    if raise_if_result_exists and os.path.exists(outfile):
        raise graphviz.FileExistsError(f"output file exists: {os.fspath(outfile)!r}")
    cmd += ["-o", os.path.abspath(outfile), os.path.abspath(filepath)]
    execute.run_check(cmd, quiet=quiet, capture_output=True)
    return os.fspath(outfile)


def _pipe_lines(
    engine: str,
    format: str,
    input_lines: Any,
    *,
    input_encoding: str,
    quiet: bool = False,
    **flags: Any,
) -> bytes:
    """``graphviz.pipe_lines`` through the renderer found."""
    cmd = _command(engine, format, **flags)
    lines = (line.encode(input_encoding) for line in input_lines)
    return execute.run_check(cmd, input_lines=lines, capture_output=True, quiet=quiet).stdout


def _pipe_lines_string(
    engine: str, format: str, input_lines: Any, *, encoding: str, quiet: bool = False, **flags: Any
) -> str:
    """``graphviz.pipe_lines_string`` through the renderer found."""
    cmd = _command(engine, format, **flags)
    proc = execute.run_check(
        cmd, input_lines=input_lines, encoding=encoding, capture_output=True, quiet=quiet
    )
    return proc.stdout


class Diagram(graphviz.Digraph):
    """A ``graphviz.Digraph`` (``.source``, ``.render()``, ``.pipe()``, Jupyter display)
    that renders with ``dot`` or, where there is none, ``graphviz-pure``."""

    # graphviz routes every render and pipe through these three (its designated seams).
    @property
    def _render(self) -> Any:
        return _render

    @property
    def _pipe_lines(self) -> Any:
        return _pipe_lines

    @property
    def _pipe_lines_string(self) -> Any:
        return _pipe_lines_string
