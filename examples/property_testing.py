"""Property-test a custom op's gradient: hypothesis finds the bug and shrinks it.

A user writes 1-D average pooling as a custom ``Function``. The forward is right; the
backward spreads each window's gradient over the window, but places the windows
``stride - 1`` apart instead of ``stride`` apart. A hand-written test with the common
``stride=kernel_size=2`` on a few inputs might pass by luck; one line of property test does
not. A second op forgets to undo broadcasting in its VJP: minigrad's engine would sum the
gradient back to the input's shape, so the values come out right, but the contract check
reports the VJP.

Run: ``python examples/property_testing.py`` (needs hypothesis: ``pip install hypothesis``).
"""

from __future__ import annotations

import hypothesis.strategies as st
import numpy as np
from hypothesis import settings
from numpy.lib.stride_tricks import sliding_window_view

from minigrad.autograd import Function
from minigrad.testing import GradcheckError, check_gradients
from minigrad.testing import strategies as mst


class AvgPool1d(Function):
    """Average pooling over the last axis with window ``kernel_size`` and step ``stride``."""

    @staticmethod
    def forward(ctx, x, kernel_size, stride):
        ctx.shape, ctx.k, ctx.s = x.shape, kernel_size, stride
        windows = sliding_window_view(x, kernel_size, axis=-1)[..., ::stride, :]
        return windows.mean(axis=-1)

    @staticmethod
    def backward(ctx, grad):
        n_out = grad.shape[-1]
        starts = np.arange(n_out) * (ctx.s - 1)  # the bug: windows are ctx.s apart
        cols = starts[:, None] + np.arange(ctx.k)  # (n_out, k): where each window reads
        gx = np.zeros(ctx.shape)
        share = np.broadcast_to(grad.array[..., None] / ctx.k, (*grad.shape, ctx.k))
        np.add.at(gx, (..., cols), share)
        return gx, None, None


class AddBias(Function):
    """``x + b`` for ``x`` of shape ``(..., C)`` and a bias ``b`` of shape ``(C,)``."""

    @staticmethod
    def forward(ctx, x, b):
        return x + b

    @staticmethod
    def backward(ctx, grad):
        return grad, grad  # the bug: the bias gradient is not summed over the batch


@st.composite
def pooling_cases(draw):
    """An input and a kernel/stride pair that fits it."""
    k = draw(st.integers(1, 3))
    s = draw(st.integers(1, 3))
    length = k + draw(st.integers(0, 5))
    x = draw(mst.tensors((draw(st.integers(1, 2)), length)))
    return {"x": x, "kernel_size": k, "stride": s}


@st.composite
def bias_cases(draw):
    """A batch ``x`` of shape ``(N, C)`` and a bias of shape ``(C,)``."""
    n, c = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    return draw(mst.tensors((n, c))), draw(mst.tensors((c,)))


def avg_pool1d(case):
    return AvgPool1d.apply(case["x"], case["kernel_size"], case["stride"])


def add_bias(xb):
    return AddBias.apply(*xb)


def report(title, run):
    print(f"== {title}")
    try:
        run()
    except GradcheckError as e:
        print("\n".join(getattr(e, "__notes__", [])[:1]))  # hypothesis's shrunk example
        print(e)
    else:
        print("no counterexample found")
    print()


def main():
    # Fixed seed and no example database, so the output below is reproducible.
    reproducible = settings(derandomize=True, database=None, max_examples=200)
    report(
        "avg_pool1d: the stride in the VJP is off by one",
        lambda: check_gradients(avg_pool1d, case=pooling_cases(), settings=reproducible),
    )
    report(
        "add_bias: the VJP forgets to undo broadcasting",
        lambda: check_gradients(add_bias, xb=bias_cases(), settings=reproducible),
    )


if __name__ == "__main__":
    main()
