"""Rendering through the system's dot, through graphviz-pure (found on PATH or where pip put
it), and with neither."""

import os
import shutil
import subprocess
import sys

import pytest

import minigrad as mg
from minigrad import viz
from minigrad.viz import render

PNG = b"\x89PNG\r\n\x1a\n"
_which = shutil.which
HAS_PURE = any(_which("graphviz-pure", path=str(d)) for d in render._script_dirs()) or bool(
    _which("graphviz-pure")
)


def diagram():
    x = mg.tensor([1.0, 2.0], requires_grad=True, name="x")
    return viz.draw_graph((x * x).sum(), show_values=True)


def hide(monkeypatch, *names):
    """Make ``names`` unfindable, on PATH and among the interpreter's scripts."""

    def which(name, path=None):
        return None if name in names else _which(name, path=path)

    monkeypatch.setattr(render.shutil, "which", which)


def check_renders(graph, tmp_path):
    svg = graph.pipe(format="svg")
    assert svg.lstrip().startswith(b"<?xml") and b"<svg" in svg and b"Multiply" in svg
    assert graph.pipe(format="png")[:8] == PNG
    assert graph.pipe(format="svg", encoding="utf-8").count("<svg") == 1
    bundle = graph._repr_mimebundle_()  # Jupyter's inline display
    assert "<svg" in bundle["image/svg+xml"]
    for fmt in ("svg", "png"):
        out = graph.render(tmp_path / "g", format=fmt, cleanup=True)
        assert out == str(tmp_path / f"g.{fmt}")
        data = (tmp_path / f"g.{fmt}").read_bytes()
        assert data[:8] == PNG if fmt == "png" else b"<svg" in data
    out = graph.render(outfile=tmp_path / "h.svg")
    assert out == str(tmp_path / "h.svg") and (tmp_path / "h.svg").stat().st_size > 0
    # Only the images: the DOT text went to the renderer's stdin, no source file is left.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.png", "g.svg", "h.svg"]


@pytest.mark.skipif(_which("dot") is None, reason="Graphviz dot is not installed")
def test_renders_svg_and_png_with_dot(tmp_path):
    assert viz.find_renderer() == ("dot", _which("dot"))
    check_renders(diagram(), tmp_path)


@pytest.mark.skipif(not HAS_PURE, reason="graphviz-pure is not installed")
def test_falls_back_to_graphviz_pure_without_dot(tmp_path, monkeypatch):
    hide(monkeypatch, "dot")
    name, path = viz.find_renderer()
    assert name == "graphviz-pure" and os.path.basename(path) == "graphviz-pure"
    check_renders(diagram(), tmp_path)
    assert b"graphviz-pure" in diagram().pipe(format="svg")


@pytest.mark.skipif(not HAS_PURE, reason="graphviz-pure is not installed")
def test_finds_graphviz_pure_where_pip_put_it_with_nothing_on_path(tmp_path):
    # What `.venv/bin/python script.py` and a Jupyter kernel see: the venv's bin is not on
    # PATH. The child process has an empty PATH, so neither dot nor graphviz-pure is on it.
    code = (
        "from minigrad import viz; import sys; print(viz.find_renderer()[0]); "
        "sys.stdout.flush(); viz.draw_graph(__import__('minigrad').ones(2)).render("
        f"{str(tmp_path / 'g')!r}, format='svg')"
    )
    env = {"PATH": str(tmp_path / "nothing"), "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "graphviz-pure"
    assert b"<svg" in (tmp_path / "g.svg").read_bytes()


def test_without_any_renderer_the_error_says_what_to_install(tmp_path, monkeypatch):
    hide(monkeypatch, "dot", "graphviz-pure")
    graph = diagram()
    assert viz.find_renderer() is None
    assert graph.source.startswith("digraph minigrad {")
    for call in (
        lambda: graph.pipe(format="svg"),
        lambda: graph.pipe(format="png", encoding="latin-1"),
        lambda: graph.render(tmp_path / "g", format="png"),
    ):
        with pytest.raises(viz.RendererNotFoundError) as err:
            call()
        text = str(err.value)
        # The command installs into the interpreter that is running, whatever PATH says.
        assert f"{sys.executable} -m pip install graphviz-pure" in text
        assert "apt-get install graphviz" in text and ".source" in text
        assert "pip install graphviz " not in text  # the Python bindings are not needed
    assert "text/plain" in graph._repr_mimebundle_()  # Jupyter shows the reason, no traceback
    with pytest.raises(viz.RendererNotFoundError):
        viz.save_graph(graph, tmp_path / "s")
    assert (tmp_path / "s.dot").read_text() == graph.source
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.dot"]


def test_a_bad_format_names_the_formats():
    with pytest.raises(ValueError, match="unknown format 'nope'.*svg"):
        diagram().pipe(format="nope")


@pytest.mark.skipif(viz.find_renderer() is None, reason="no renderer installed")
def test_a_renderer_failure_carries_its_message():
    broken = viz.Diagram("digraph { a -> }")
    with pytest.raises(RuntimeError, match="failed"):
        broken.pipe("svg")
