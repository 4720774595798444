"""examples/draw_graphs.py writes the three diagrams it promises."""

import importlib.util
import sys
from pathlib import Path

import pytest

from minigrad import viz

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_draw_graphs_writes_svg_png_and_dot(tmp_path, monkeypatch):
    pytest.importorskip("tqdm")  # the flagship's module, whose model it draws, imports it
    if viz.find_renderer() is None:
        pytest.skip("no renderer installed")
    monkeypatch.syspath_prepend(str(EXAMPLES))
    spec = importlib.util.spec_from_file_location("draw_graphs", EXAMPLES / "draw_graphs.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "draw_graphs", module)
    spec.loader.exec_module(module)
    written = module.main(["--out", str(tmp_path)])
    names = sorted(p.name for p in written)
    assert names == sorted(
        f"{n}.{ext}"
        for n in ("conv_worked", "mlp_grads", "mnist_cnn")
        for ext in ("dot", "svg", "png")
    )
    for p in written:
        assert p.stat().st_size > 1000
    conv = (tmp_path / "conv_worked.dot").read_text()
    # The worked example: cross-correlation gives [[37, 47], [67, 77]]; the image's gradient
    # counts how often each pixel is used.
    assert "data [[37., 47.],<br/>[67., 77.]]" in conv
    assert "grad [[ 1.,  3.,  2.],<br/>[ 4., 10.,  6.],<br/>[ 3.,  7.,  4.]]" in conv
    assert "backward pass" in conv
    cnn = (tmp_path / "mnist_cnn.dot").read_text()
    assert "0: Conv2d(1, " in cnn and "7: Linear(in_features=" in cnn
    assert "grad norm" in (tmp_path / "mlp_grads.dot").read_text()
