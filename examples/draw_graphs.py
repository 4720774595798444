"""Draw three computation graphs with ``minigrad.viz`` and write them as SVG and PNG.

1. ``conv_worked``: the worked convolution of the source material — the 3x3 image
   ``[[1,2,3],[4,5,6],[7,8,9]]`` cross-correlated with the 2x2 kernel ``[[1,2],[3,4]]``
   (giving ``[[37,47],[67,77]]``) — after ``backward()``, forward graph beside the backward
   functions, with every value and gradient in full.
2. ``mlp_grads``: a two-layer MLP after ``backward()``, each node annotated with its value
   and its gradient's norm, min and max.
3. ``mnist_cnn``: the flagship MNIST CNN, its ops grouped by the modules that ran them.

Run ``python examples/draw_graphs.py --out DIR``. Rendering uses Graphviz's ``dot`` or, where
it is missing, ``graphviz-pure`` (``pip install graphviz-pure``); without either, the DOT
sources are still written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

import minigrad as mg
from minigrad import nn, viz
from minigrad.nn import functional as F
from minigrad.ops.conv import conv2d

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mnist_cnn import build_model  # the flagship's own model


def conv_worked() -> viz.Diagram:
    """The 3x3 ⋆ 2x2 worked example, its gradients, forward and backward side by side."""
    image = mg.tensor(np.arange(1.0, 10.0).reshape(1, 1, 3, 3), requires_grad=True, name="image")
    kernel = mg.tensor(np.array([[[[1.0, 2.0], [3.0, 4.0]]]]), requires_grad=True, name="kernel")
    out = conv2d(image, kernel)
    out.name = "feature map"
    loss = out.sum()
    loss.name = "loss"
    snapshot = viz.capture(loss, retain_grads=True)
    loss.backward()
    return snapshot.draw(show_values=True, show_grads=True, view="both", direction="LR")


def mlp_grads() -> viz.Diagram:
    """A 4-8-3 MLP with sigmoid, squared error ½‖t − y‖², after backward()."""
    mg.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.Sigmoid(), nn.Linear(8, 3), nn.Sigmoid())
    x = mg.randn(2, 4)
    x.name = "x"
    t = mg.tensor([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], name="t")
    y = model(x)
    y.name = "y"
    loss = 0.5 * ((t - y) ** 2).sum()
    loss.name = "E"
    snapshot = viz.capture(loss, retain_grads=True)
    loss.backward()
    return snapshot.draw(show_values=True, show_grads=True)


def mnist_cnn() -> viz.Diagram:
    """The flagship CNN on one 28x28 image, grouped by module."""
    mg.manual_seed(0)
    model = build_model()
    model.eval()
    image = mg.zeros(1, 1, 28, 28)
    image.name = "image"
    logits = model(image)
    logits.name = "logits"
    loss = F.cross_entropy(logits, mg.tensor(np.array([3])))
    loss.name = "loss"
    return viz.draw_graph(loss, group_modules=True)


DIAGRAMS = {"conv_worked": conv_worked, "mlp_grads": mlp_grads, "mnist_cnn": mnist_cnn}


def main(argv: list[str] | None = None) -> list[Path]:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", type=Path, default=Path("graphs"), help="output folder")
    p.add_argument("--formats", nargs="+", default=["svg", "png"], help="image formats")
    args = p.parse_args(argv)
    written: list[Path] = []
    for name, draw in DIAGRAMS.items():
        graph = draw()
        try:
            written += viz.save_graph(graph, args.out / name, formats=args.formats)
        except viz.RendererNotFoundError as err:
            written.append(args.out / f"{name}.dot")
            print(f"note: {err}")
    print("wrote " + ", ".join(str(p) for p in written))
    return written


if __name__ == "__main__":
    main()
