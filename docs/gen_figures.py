"""The documentation's figures, drawn at build time with minigrad itself.

Every number printed in a picture is computed by minigrad (a convolution, a gradient, a pooling
VJP), so a figure cannot disagree with the code. ``all_figures()`` returns ``{file name: PNG
bytes}``; the MkDocs hook (``hooks.py``) adds them to the site under ``figures/``. Run this
file directly to write them into a folder and look at them:
``python docs/gen_figures.py /tmp/figures``.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, Rectangle

import minigrad as mg
from minigrad.nn import functional as F

FIGURES: dict[str, Callable[[], bytes]] = {}

# One colour per shared kernel weight (w1..w4), reused wherever a weight appears.
WEIGHT_COLORS = ["#4C72B0", "#DD8452", "#55A868", "#C44E52"]
LIGHT_WEIGHT_COLORS = ["#C9D6EA", "#F5D5BE", "#CCE5D2", "#EDC6C8"]
IMAGE = np.arange(1.0, 10.0).reshape(3, 3)  # the worked example: [[1,2,3],[4,5,6],[7,8,9]]
KERNEL = np.array([[1.0, 2.0], [3.0, 4.0]])


def figure(name: str) -> Callable[[Callable[[], plt.Figure]], Callable[[], plt.Figure]]:
    """Register a function drawing a matplotlib figure as ``name``."""

    def register(draw: Callable[[], plt.Figure]) -> Callable[[], plt.Figure]:
        def png() -> bytes:
            fig = draw()
            buf = io.BytesIO()
            # No metadata: the same figure gives the same bytes on every build.
            fig.savefig(buf, format="png", dpi=110, metadata={"Software": None})
            plt.close(fig)
            return buf.getvalue()

        FIGURES[name] = png
        return draw

    return register


def grid(
    ax: plt.Axes,
    values: np.ndarray,
    title: str,
    colors: np.ndarray | None = None,
    fmt: str = "{:g}",
    origin: tuple[float, float] = (0.0, 0.0),
) -> None:
    """Draw a matrix as labelled cells with their values; ``colors`` fills cells (or None)."""
    rows, cols = values.shape
    x0, y0 = origin
    for i in range(rows):
        for j in range(cols):
            face = "white" if colors is None or colors[i][j] is None else colors[i][j]
            ax.add_patch(
                Rectangle((x0 + j, y0 - i - 1), 1, 1, facecolor=face, edgecolor="#333", lw=1.2)
            )
            text = "" if np.isnan(values[i, j]) else fmt.format(values[i, j])
            ax.text(x0 + j + 0.5, y0 - i - 0.5, text, ha="center", va="center", fontsize=12)
    ax.text(x0 + cols / 2, y0 + 0.35, title, ha="center", va="bottom", fontsize=11)


def panel_axes(fig: plt.Figure, ax: plt.Axes, width: float, height: float) -> None:
    ax.set_xlim(-0.5, width + 0.5)
    ax.set_ylim(-height - 0.5, 1.2)
    ax.set_aspect("equal")
    ax.axis("off")


def symbol(ax: plt.Axes, x: float, y: float, text: str) -> None:
    ax.text(x, y, text, ha="center", va="center", fontsize=22)


def conv(x: np.ndarray, w: np.ndarray, **kwargs: object) -> np.ndarray:
    """minigrad's conv2d on one 2-D image and one 2-D kernel, in float64."""
    t = F.conv2d(mg.tensor(x[None, None]), mg.tensor(w[None, None]), **kwargs)
    return t.numpy()[0, 0]


# --------------------------------------------------------------------------------------------
# Convolution
# --------------------------------------------------------------------------------------------


@figure("weight_sharing.png")
def weight_sharing() -> plt.Figure:
    """The 3x3 image, 2x2 kernel convolution as a sparse fully connected layer (9 -> 4)."""
    fig, (ax_net, ax_mat) = plt.subplots(
        1, 2, figsize=(11, 4.6), gridspec_kw={"width_ratios": [1, 1.5]}
    )
    inputs = [(0.0, 8 - k) for k in range(9)]
    outputs = [(3.0, 6.5 - 1.5 * k) for k in range(4)]
    matrix = np.zeros((4, 9))
    light = np.full((4, 9), None, dtype=object)
    for o in range(4):
        oi, oj = divmod(o, 2)
        for k in range(4):
            ki, kj = divmod(k, 2)
            src = (oi + ki) * 3 + (oj + kj)
            matrix[o, src] = KERNEL[ki, kj]
            light[o, src] = LIGHT_WEIGHT_COLORS[k]
            (x0, y0), (x1, y1) = inputs[src], outputs[o]
            ax_net.plot([x0, x1], [y0, y1], color=WEIGHT_COLORS[k], lw=2, alpha=0.85)
    for k, (x, y) in enumerate(inputs):
        ax_net.add_patch(plt.Circle((x, y), 0.32, facecolor="#EEE", edgecolor="#333", zorder=3))
        ax_net.text(x, y, f"x{k + 1}", ha="center", va="center", fontsize=10, zorder=4)
    for o, (x, y) in enumerate(outputs):
        ax_net.add_patch(plt.Circle((x, y), 0.36, facecolor="#DDD", edgecolor="#333", zorder=3))
        ax_net.text(x, y, f"y{o + 1}", ha="center", va="center", fontsize=10, zorder=4)
    for k, c in enumerate(WEIGHT_COLORS):
        ax_net.plot([], [], color=c, lw=3, label=f"w{k + 1} = {KERNEL.flat[k]:g}")
    ax_net.legend(loc="lower right", bbox_to_anchor=(1.25, 0.0), frameon=False)
    ax_net.set_xlim(-0.6, 3.6)
    ax_net.set_ylim(-0.6, 8.6)
    ax_net.set_aspect("equal")
    ax_net.axis("off")
    ax_net.set_title("9 inputs, 4 outputs, 16 edges, 4 weights")
    grid(ax_mat, np.where(matrix == 0, np.nan, matrix), "", light)
    for j in range(9):
        ax_mat.text(j + 0.5, 0.25, f"x{j + 1}", ha="center", fontsize=10)
    for i in range(4):
        ax_mat.text(-0.3, -i - 0.5, f"y{i + 1}", ha="right", va="center", fontsize=10)
    panel_axes(fig, ax_mat, 9, 4)
    ax_mat.set_title("the same layer as a 4 × 9 weight matrix (blank = 0)")
    fig.tight_layout()
    return fig


@figure("correlation_vs_convolution.png")
def correlation_vs_convolution() -> plt.Figure:
    """The worked example: cross-correlation and true convolution of the same image."""
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(9, 5.6))
    corr, true_conv = conv(IMAGE, KERNEL), conv(IMAGE, KERNEL[::-1, ::-1])
    window = np.full((3, 3), None, dtype=object)
    window[:2, :2] = "#FCE6C9"
    for ax, k, out, name in (
        (top, KERNEL, corr, "cross-correlation  (deep learning's conv2d)"),
        (bottom, KERNEL[::-1, ::-1], true_conv, "true convolution  (kernel rotated 180°)"),
    ):
        grid(ax, IMAGE, "image", window)
        symbol(ax, 3.75, -1.5, "⋆")
        grid(ax, k, "kernel used", origin=(4.5, -0.5))
        symbol(ax, 7.25, -1.5, "=")
        grid(ax, out, "output", np.array([["#FCE6C9", None], [None, None]]), origin=(8.0, -0.5))
        ax.text(10.6, -1.5, name, ha="left", va="center", fontsize=11)
        panel_axes(fig, ax, 16, 3)
    fig.tight_layout()
    return fig


@figure("conv_geometry.png")
def conv_geometry() -> plt.Figure:
    """Stride, padding and dilation on one row of pixels: which inputs each output reads."""
    cases = [
        ("k = 3, stride 1", dict(kernel=3, stride=1, padding=0, dilation=1)),
        ("k = 3, stride 2", dict(kernel=3, stride=2, padding=0, dilation=1)),
        ("k = 3, padding 1 (zeros at both ends)", dict(kernel=3, stride=1, padding=1, dilation=1)),
        (
            "k = 3, dilation 2 (holes in the window)",
            dict(kernel=3, stride=1, padding=0, dilation=2),
        ),
    ]
    fig, axes = plt.subplots(len(cases), 1, figsize=(9, 7.2))
    width = 7
    for ax, (title, c) in zip(axes, cases):
        k, s, p, d = c["kernel"], c["stride"], c["padding"], c["dilation"]
        n_out = (width + 2 * p - d * (k - 1) - 1) // s + 1
        # The output size comes from minigrad: convolve a row of ones.
        row = conv(np.ones((1, width)), np.ones((1, k)), stride=s, padding=(0, p), dilation=d)
        assert row.shape[1] == n_out
        for j in range(-p, width + p):
            pad = j < 0 or j >= width
            ax.add_patch(
                Rectangle(
                    (j, 0),
                    1,
                    1,
                    facecolor="#F2F2F2" if pad else "white",
                    edgecolor="#333",
                    hatch="//" if pad else None,
                )
            )
            ax.text(j + 0.5, 0.5, "0" if pad else f"x{j + 1}", ha="center", va="center")
        for o in range(n_out):
            start = o * s - p
            color = plt.cm.tab10(o % 10)
            taps = [start + t * d for t in range(k)]
            x_out = (width - n_out) / 2 + o
            ax.add_patch(
                Rectangle((x_out, -2.2), 1, 1, facecolor=color, alpha=0.35, edgecolor="#333")
            )
            ax.text(x_out + 0.5, -1.7, f"y{o + 1}", ha="center", va="center")
            for t in taps:
                ax.add_patch(
                    FancyArrowPatch(
                        (t + 0.5, -0.05), (x_out + 0.5, -1.15), arrowstyle="-", color=color, lw=1.5
                    )
                )
        ax.set_title(f"{title}: {width} inputs → {n_out} outputs", fontsize=11)
        ax.set_xlim(-1.5, width + 1.5)
        ax.set_ylim(-2.4, 1.2)
        ax.set_aspect("equal")
        ax.axis("off")
    fig.tight_layout()
    return fig


@figure("im2col.png")
def im2col() -> plt.Figure:
    """im2col on the worked example: every 2x2 window becomes a column of X_col."""
    windows = np.lib.stride_tricks.sliding_window_view(IMAGE, (2, 2))  # (2, 2, 2, 2)
    x_col = windows.reshape(4, 4).T  # column = one receptive field, flattened row-major
    w_row = KERNEL.reshape(1, 4)
    out = w_row @ x_col
    assert np.array_equal(out.reshape(2, 2), conv(IMAGE, KERNEL))
    fig, ax = plt.subplots(figsize=(11, 3.4))
    palette = [matplotlib.colors.to_hex(plt.cm.Pastel1(i)) for i in range(4)]
    img_colors = np.full((3, 3), None, dtype=object)
    img_colors[:2, :2] = palette[0]
    grid(ax, IMAGE, "image (window 1 shaded)", img_colors)
    symbol(ax, 4.0, -1.5, "→")
    grid(
        ax,
        w_row,
        "W_row (1 × 4)",
        np.array([LIGHT_WEIGHT_COLORS], dtype=object),
        origin=(5.0, -1.0),
    )
    symbol(ax, 9.5, -1.5, "@")
    col_colors = np.array([palette] * 4, dtype=object)
    grid(ax, x_col, "X_col (4 × 4): one column per window", col_colors, origin=(10.5, 0.5))
    symbol(ax, 15.5, -1.5, "=")
    grid(ax, out, "W_row @ X_col", np.array([palette], dtype=object), origin=(16.5, -1.0))
    ax.set_xlim(-0.5, 21)
    ax.set_ylim(-4.0, 1.3)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.tight_layout()
    return fig


@figure("conv_backward.png")
def conv_backward() -> plt.Figure:
    """The input gradient as the full convolution of dy with the flipped kernel."""
    x = mg.tensor(IMAGE[None, None], requires_grad=True)
    w = mg.tensor(KERNEL[None, None])
    dy = np.array([[1.0, -1.0], [2.0, 0.5]])
    F.conv2d(x, w).backward(mg.tensor(dy[None, None]))
    dx = x.grad.numpy()[0, 0]
    full = np.pad(dy, 1)
    flipped = KERNEL[::-1, ::-1]
    assert np.allclose(dx, conv(full, flipped))
    fig, ax = plt.subplots(figsize=(11, 3.8))
    pad_colors = np.full((4, 4), "#F2F2F2", dtype=object)
    pad_colors[1:3, 1:3] = None
    pad_colors[:2, :2] = np.where(pad_colors[:2, :2] == "#F2F2F2", "#FCE6C9", "#F9D29D")
    grid(ax, full, "dy, zero-padded by k − 1 = 1 (full)", pad_colors)
    symbol(ax, 4.75, -2.0, "⋆")
    grid(ax, flipped, "kernel rotated 180°", origin=(5.5, -1.0))
    symbol(ax, 8.25, -2.0, "=")
    dx_colors = np.full((3, 3), None, dtype=object)
    dx_colors[0, 0] = "#F9D29D"
    grid(ax, dx, "dx = x.grad (from minigrad)", dx_colors, origin=(9.0, -0.5))
    ax.set_xlim(-0.5, 13)
    ax.set_ylim(-4.3, 1.3)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.tight_layout()
    return fig


def graph_png(outputs: list[mg.Tensor], names: dict[int, str]) -> bytes:
    """The recorded graph behind ``outputs``: tensors as boxes, ops as ellipses. Rendered
    with minigrad's own renderer lookup (``dot``, else pip's ``graphviz-pure``)."""
    from minigrad.autograd import graph_nodes
    from minigrad.viz import Diagram

    def node(name: str, label: str, **attrs: str) -> str:
        text = " ".join(f'{k}="{v}"' for k, v in attrs.items())
        return f'\t{name} [label="{label}" {text}]\n'

    lines = [
        "digraph {\n",
        '\tgraph [rankdir="LR" fontname="Helvetica" dpi="110" nodesep="0.3"]\n',
        '\tnode [fontname="Helvetica" fontsize="12"]\n',
    ]
    tensors = list(graph_nodes(*outputs))
    ids = {id(t): f"t{k}" for k, t in enumerate(tensors)}
    for k, t in enumerate(tensors):
        label = f"{names.get(id(t), '')}\\n{t.shape}".removeprefix("\\n")
        fill = "#FCE6C9" if t.requires_grad and t.is_leaf else "#EEF3FA"
        lines.append(node(ids[id(t)], label, shape="box", style="rounded,filled", fillcolor=fill))
        if t._ctx is None or t._ctx.inputs is None:
            continue
        geo = getattr(t._ctx, "geo", None)
        attrs = f"\\nstride={geo.stride} padding={geo.pad_lo}" if geo is not None else ""
        op = node(f"op{k}", t._ctx.name + attrs, shape="ellipse", style="filled")
        lines.append(op.replace("]\n", ' fillcolor="#DDDDDD"]\n'))
        lines.append(f"\top{k} -> {ids[id(t)]}\n")
        lines.extend(
            f"\t{ids[id(a)]} -> op{k}\n" for a in t._ctx.inputs if isinstance(a, mg.Tensor)
        )
    lines.append("}\n")
    return Diagram("".join(lines)).pipe(format="png")


def conv_graph() -> bytes:
    """The worked example's graph, and the graph its backward pass records (create_graph)."""
    from minigrad.autograd import graph_nodes

    x = mg.tensor(IMAGE[None, None], requires_grad=True)
    w = mg.tensor(KERNEL[None, None], requires_grad=True)
    y = F.conv2d(x, w)
    dx, dw = mg.autograd.grad(y, [x, w], mg.ones(*y.shape, dtype=mg.float64), create_graph=True)
    names = {id(x): "x (image)", id(w): "w (kernel)", id(y): "y", id(dx): "dx", id(dw): "dw"}
    # The engine hands the VJPs its own constant copy of dy: name it where it appears.
    for t in graph_nodes(y, dx, dw):
        if t._ctx is None and not t.requires_grad:
            names[id(t)] = "dy"
    return graph_png([y, dx, dw], names)


# --------------------------------------------------------------------------------------------
# Pooling
# --------------------------------------------------------------------------------------------

POOL_INPUT = np.array(
    [[1.0, 3.0, 2.0, 1.0], [4.0, 2.0, 0.0, 5.0], [1.0, 0.0, 7.0, 7.0], [2.0, 6.0, 3.0, 1.0]]
)
POOL_GRAD = np.array([[0.1, 0.2], [0.3, 0.4]])
WINDOW_COLORS = np.array(
    [["#DCE9F5"] * 2 + ["#FCE6C9"] * 2] * 2 + [["#DFF0D8"] * 2 + ["#F5DCDC"] * 2] * 2,
    dtype=object,
)


def pooled(kind: str) -> tuple[np.ndarray, np.ndarray]:
    """minigrad's 2x2/2 pooling of POOL_INPUT and its input gradient for POOL_GRAD."""
    x = mg.tensor(POOL_INPUT[None, None], requires_grad=True)
    pool = F.max_pool2d if kind == "max" else F.avg_pool2d
    y = pool(x, 2)
    y.backward(mg.tensor(POOL_GRAD[None, None]))
    return y.numpy()[0, 0], x.grad.numpy()[0, 0]


def pooling_figure(kind: str, caption: str) -> plt.Figure:
    y, dx = pooled(kind)
    fig, ax = plt.subplots(figsize=(12, 3.6))
    grid(ax, POOL_INPUT, "input x (4 × 4)", WINDOW_COLORS)
    symbol(ax, 4.75, -2.0, "→")
    out_colors = WINDOW_COLORS[::2, ::2]
    grid(ax, y, f"{kind}_pool2d(x, 2)", out_colors, origin=(5.5, -1.0))
    grid(ax, POOL_GRAD, "upstream gradient", out_colors, origin=(9.0, -1.0))
    symbol(ax, 12.0, -2.0, "→")
    if kind == "max":
        mask = dx != 0
        colors = np.where(mask, WINDOW_COLORS, None)
        for i, j in zip(*np.nonzero(mask)):
            ax.add_patch(
                Rectangle(
                    (12.75 + j, -i - 1), 1, 1, fill=False, edgecolor="#C44E52", lw=3, zorder=5
                )
            )
    else:
        colors = WINDOW_COLORS
    grid(ax, dx, "x.grad", colors, fmt="{:.3g}", origin=(12.75, 0.0))
    ax.text(8.4, -4.4, caption, ha="center", va="center", fontsize=11)
    ax.set_xlim(-0.5, 17)
    ax.set_ylim(-4.8, 1.3)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.tight_layout()
    return fig


@figure("max_pool_routing.png")
def max_pool_routing() -> plt.Figure:
    return pooling_figure(
        "max",
        "max-mask routing: each window's gradient goes to its maximum (ties: the first one, "
        "in row-major order); every other input gets 0",
    )


@figure("avg_pool_spreading.png")
def avg_pool_spreading() -> plt.Figure:
    return pooling_figure(
        "avg", "mean spreading: each window's gradient is shared equally, 1/4 to each input"
    )


# --------------------------------------------------------------------------------------------
# MNIST
# --------------------------------------------------------------------------------------------


@figure("mnist_samples.png")
def mnist_samples() -> plt.Figure:
    """The first 24 validation images with their labels, from the files the repository ships."""
    root = Path(__file__).resolve().parents[1] / "examples" / "data" / "mnist"
    data = mg.data.MNIST(root, split="val")
    fig, axes = plt.subplots(3, 8, figsize=(8, 3.3))
    for k, ax in enumerate(axes.flat):
        image, label = data[k]
        ax.imshow(np.asarray(image).reshape(28, 28), cmap="gray_r")
        ax.set_title(str(int(np.asarray(label))), fontsize=10)
        ax.axis("off")
    fig.tight_layout()
    return fig


SHORT_RUN = ["--epochs", "3", "--limit", "1000", "--batch-size", "32"]


def mnist_short_run() -> dict[str, bytes]:
    """The flagship example's own outputs (curves, model diagram) from a short run."""
    import contextlib
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))
    import mnist_cnn

    with tempfile.TemporaryDirectory() as tmp:
        quiet = io.StringIO()
        with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
            mnist_cnn.main([*SHORT_RUN, "--out", tmp])
        made = {"curves.png": "mnist_curves.png", "model.png": "mnist_model.png"}
        return {
            new: (Path(tmp) / old).read_bytes()
            for old, new in made.items()
            if (Path(tmp) / old).exists()
        }


def viz_figures() -> dict[str, bytes]:
    """The graph-diagrams page's pictures, drawn by ``minigrad.viz``: the three diagrams of
    ``examples/draw_graphs.py`` and the page's own examples (same code as on the page)."""
    from minigrad import nn, viz

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))
    import draw_graphs

    figures = {f"viz_{name}": draw() for name, draw in draw_graphs.DIAGRAMS.items()}
    x = mg.tensor([1.0, -2.0, 3.0], requires_grad=True, name="x")
    w = mg.tensor([0.5, 0.5, 0.5], requires_grad=True)
    figures["viz_first"] = viz.draw_graph((x * w).relu().sum(), params={"w": w})

    class Block(nn.Module):
        def __init__(self, n):
            super().__init__()
            self.fc1 = nn.Linear(n, n)
            self.fc2 = nn.Linear(n, n)

        def forward(self, x):
            return x + self.fc2(self.fc1(x).relu())

    mg.manual_seed(0)
    resnet = nn.Sequential(*[Block(16) for _ in range(6)], nn.Linear(16, 10))
    out = resnet(mg.randn(4, 16))
    figures["viz_collapsed"] = viz.draw_graph(out, collapse_modules=[Block])
    figures["viz_elided"] = viz.draw_graph(out, max_nodes=12)
    return {f"{name}.png": graph.pipe(format="png") for name, graph in figures.items()}


def all_figures() -> dict[str, bytes]:
    """Every figure as ``{file name: PNG bytes}``."""
    return {
        **{name: png() for name, png in FIGURES.items()},
        "conv_graph.png": conv_graph(),
        **viz_figures(),
        **mnist_short_run(),
    }


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "figures")
    out.mkdir(parents=True, exist_ok=True)
    for name, content in all_figures().items():
        (out / name).write_bytes(content)
        print(out / name)
