"""The flagship example writes its model diagram as SVG and PNG with pip-installed packages
alone, and its DOT text only when no renderer exists."""

import importlib.util
import sys
from pathlib import Path

import pytest

from minigrad import viz
from minigrad.viz import render

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def flagship(monkeypatch):
    pytest.importorskip("tqdm")
    spec = importlib.util.spec_from_file_location("mnist_cnn", EXAMPLES / "mnist_cnn.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "mnist_cnn", module)
    spec.loader.exec_module(module)
    return module


def test_writes_svg_and_png_and_nothing_else(flagship, tmp_path):
    if viz.find_renderer() is None:
        pytest.skip("no renderer installed")
    written = flagship.draw_model(flagship.build_model(), tmp_path)
    assert sorted(p.name for p in written) == ["model.png", "model.svg"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.png", "model.svg"]
    assert b"Conv2d" in (tmp_path / "model.svg").read_bytes()


def test_writes_the_dot_text_only_without_a_renderer(flagship, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(render, "find_renderer", lambda: None)
    written = flagship.draw_model(flagship.build_model(), tmp_path)
    assert [p.name for p in written] == ["model.dot"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.dot"]
    assert "pip install graphviz-pure" in capsys.readouterr().out
