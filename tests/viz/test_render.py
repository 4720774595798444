"""Rendering through the system's dot, through graphviz-pure, and with neither."""

import shutil

import graphviz
import pytest

import minigrad as mg
from minigrad import viz
from minigrad.viz import render

PNG = b"\x89PNG\r\n\x1a\n"
_which = shutil.which


def diagram():
    x = mg.tensor([1.0, 2.0], requires_grad=True, name="x")
    return viz.draw_graph((x * x).sum(), show_values=True)


def hide(monkeypatch, *names):
    monkeypatch.setattr(render.shutil, "which", lambda n: None if n in names else _which(n))


def check_renders(graph, tmp_path):
    svg = graph.pipe(format="svg")
    assert svg.lstrip().startswith(b"<?xml") and b"<svg" in svg and b"Multiply" in svg
    assert graph.pipe(format="png")[:8] == PNG
    assert graph.pipe(format="svg", encoding="utf-8").count("<svg") == 1
    assert "image/svg+xml" in graph._repr_mimebundle_()  # Jupyter's inline display
    for fmt in ("svg", "png"):
        out = graph.render(tmp_path / "g", format=fmt, cleanup=True)
        assert out == str(tmp_path / f"g.{fmt}")
        data = (tmp_path / f"g.{fmt}").read_bytes()
        assert data[:8] == PNG if fmt == "png" else b"<svg" in data
    assert not (tmp_path / "g").exists()  # cleanup removed the source
    out = graph.render(outfile=tmp_path / "h.svg")
    assert out == str(tmp_path / "h.svg") and (tmp_path / "h.svg").stat().st_size > 0


@pytest.mark.skipif(_which("dot") is None, reason="Graphviz dot is not installed")
def test_renders_svg_and_png_with_dot(tmp_path):
    assert viz.find_renderer() == ("dot", _which("dot"))
    check_renders(diagram(), tmp_path)


@pytest.mark.skipif(_which("graphviz-pure") is None, reason="graphviz-pure is not installed")
def test_falls_back_to_graphviz_pure_without_dot(tmp_path, monkeypatch):
    hide(monkeypatch, "dot")
    assert viz.find_renderer() == ("graphviz-pure", _which("graphviz-pure"))
    check_renders(diagram(), tmp_path)
    assert b"graphviz-pure" in diagram().pipe(format="svg")


def test_without_any_renderer_the_error_says_how_to_install_one(tmp_path, monkeypatch):
    hide(monkeypatch, "dot", "graphviz-pure")
    graph = diagram()
    assert viz.find_renderer() is None
    assert graph.source.startswith("digraph minigrad {")
    for call in (
        lambda: graph.pipe(format="svg"),
        lambda: graph.pipe(format="png", encoding="latin-1"),
        lambda: graph.render(tmp_path / "g", format="png"),
    ):
        with pytest.raises(viz.RendererNotFoundError, match="pip install graphviz-pure") as err:
            call()
        assert isinstance(err.value, graphviz.ExecutableNotFound)
        assert "apt-get install graphviz" in str(err.value) and ".source" in str(err.value)
    with pytest.raises(viz.RendererNotFoundError):
        viz.save_graph(graph, tmp_path / "s")
    assert (tmp_path / "s.dot").read_text() == graph.source


def test_a_bad_format_is_graphvizs_error():
    with pytest.raises(ValueError, match="format"):
        diagram().pipe(format="nope")
