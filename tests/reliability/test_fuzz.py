"""A fuzzer: hypothesis builds random programs from minigrad's op set (element-wise math,
broadcasting binary ops, reductions, shape ops, indexing, matmul, concatenation, softmax,
convolution and pooling) and checks their gradients against central differences
(``minigrad.testing.gradcheck``, float64) and against PyTorch.

A program is drawn one step at a time while it runs, so each step can look at the current
values: ops with kinks (relu, abs, max, max-pooling) are only drawn where no input sits within
a margin of a kink or a tie, and magnitudes are kept moderate. Sizes are small and the number
of examples comes from the hypothesis profile, so the fuzzer stays bounded in CI.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest
from hypothesis import given, note
from hypothesis import strategies as st

import minigrad as mg
from minigrad.nn import functional as F
from minigrad.ops import shape as shape_ops
from minigrad.testing import gradcheck, gradgradcheck

MARGIN = 1e-3  # distance kept from kinks and ties; gradcheck's step is 1e-6


# --------------------------------------------------------------------------------------------
# One API, two frameworks
# --------------------------------------------------------------------------------------------


class MG:
    """The ops the fuzzer draws from, on minigrad tensors."""

    exp = staticmethod(mg.exp)
    tanh = staticmethod(mg.tanh)
    sigmoid = staticmethod(mg.sigmoid)
    sin = staticmethod(mg.sin)
    cos = staticmethod(mg.cos)
    abs = staticmethod(mg.abs)
    relu = staticmethod(mg.relu)
    sqrt = staticmethod(mg.sqrt)
    log = staticmethod(mg.log)

    @staticmethod
    def reduce(name, x, axis, keepdims):
        # NumPy's semantics (ddof=0, axis=() reduces nothing): the ops, not the PyTorch face.
        ops = mg.ops.extreme if name in ("max", "logsumexp") else mg.ops.reduce
        return getattr(ops, name)(x, axis=axis, keepdims=keepdims)

    reshape = staticmethod(mg.reshape)
    transpose = staticmethod(shape_ops.transpose)
    expand_dims = staticmethod(shape_ops.expand_dims)
    squeeze = staticmethod(shape_ops.squeeze)
    flip = staticmethod(shape_ops.flip)
    broadcast_to = staticmethod(mg.broadcast_to)
    matmul = staticmethod(mg.matmul)
    softmax = staticmethod(F.softmax)
    log_softmax = staticmethod(F.log_softmax)

    maximum = staticmethod(mg.maximum)
    pad = staticmethod(shape_ops.pad)
    einsum = staticmethod(mg.einsum)

    @staticmethod
    def split(x, sections, axis, pick):
        return shape_ops.split(x, sections, axis=axis)[pick]

    @staticmethod
    def batch_norm(x, w, b):
        return F.batch_norm(x, None, None, w, b, training=True)

    @staticmethod
    def cross_entropy(x, target):
        return F.cross_entropy(x, mg.tensor(target))

    @staticmethod
    def index(x, idx):
        return x[idx]

    @staticmethod
    def concatenate(xs, axis):
        return shape_ops.concatenate(xs, axis=axis)

    @staticmethod
    def stack(xs, axis):
        return shape_ops.stack(xs, axis=axis)

    conv = (None, F.conv1d, F.conv2d)  # by spatial dims
    conv_transpose = (None, F.conv_transpose1d, F.conv_transpose2d)
    adaptive_avg_pool = (None, F.adaptive_avg_pool1d, F.adaptive_avg_pool2d)
    max_pool = (None, F.max_pool1d, F.max_pool2d)
    avg_pool = (None, F.avg_pool1d, F.avg_pool2d)


def torch_api(torch) -> Any:
    tf = torch.nn.functional

    def dims(axis, ndim):
        return tuple(range(ndim)) if axis is None else axis

    class TH:
        exp, tanh, sigmoid, sin, cos = torch.exp, torch.tanh, torch.sigmoid, torch.sin, torch.cos
        abs, relu, sqrt, log = torch.abs, torch.relu, torch.sqrt, torch.log

        @staticmethod
        def reduce(name, x, axis, keepdims):
            d = dims(axis, x.ndim)
            if name == "sum":
                return x.sum(dim=d, keepdim=keepdims)
            if name == "mean":
                return x.mean(dim=d, keepdim=keepdims)
            if name == "max":
                return x.amax(dim=d, keepdim=keepdims)
            if name == "var":
                return x.var(dim=d, correction=0, keepdim=keepdims)
            return torch.logsumexp(x, dim=d, keepdim=keepdims)

        reshape = staticmethod(torch.reshape)
        transpose = staticmethod(torch.permute)
        expand_dims = staticmethod(torch.unsqueeze)
        squeeze = staticmethod(torch.squeeze)
        matmul = staticmethod(torch.matmul)
        softmax = staticmethod(lambda x, dim: torch.softmax(x, dim))
        log_softmax = staticmethod(lambda x, dim: torch.log_softmax(x, dim))

        maximum = staticmethod(torch.maximum)
        einsum = staticmethod(torch.einsum)

        @staticmethod
        def pad(x, widths):
            flat = [w for pair in reversed(widths) for w in pair]  # last axis first
            return tf.pad(x, flat)

        @staticmethod
        def split(x, sections, axis, pick):
            return torch.tensor_split(x, sections, dim=axis)[pick]

        @staticmethod
        def batch_norm(x, w, b):
            return tf.batch_norm(x, None, None, w, b, training=True)

        @staticmethod
        def cross_entropy(x, target):
            return tf.cross_entropy(x, torch.as_tensor(target))

        @staticmethod
        def flip(x, axis):
            return torch.flip(x, (axis,))

        @staticmethod
        def broadcast_to(x, shape):
            return x.expand(shape)

        @staticmethod
        def index(x, idx):
            convert = lambda i: torch.as_tensor(i) if isinstance(i, np.ndarray) else i
            return x[tuple(convert(i) for i in idx)]

        @staticmethod
        def concatenate(xs, axis):
            return torch.cat(xs, dim=axis)

        @staticmethod
        def stack(xs, axis):
            return torch.stack(xs, dim=axis)

        conv = (None, tf.conv1d, tf.conv2d)
        conv_transpose = (None, tf.conv_transpose1d, tf.conv_transpose2d)
        adaptive_avg_pool = (None, tf.adaptive_avg_pool1d, tf.adaptive_avg_pool2d)
        max_pool = (None, tf.max_pool1d, tf.max_pool2d)
        avg_pool = (None, tf.avg_pool1d, tf.avg_pool2d)

    return TH


# --------------------------------------------------------------------------------------------
# Programs
# --------------------------------------------------------------------------------------------

Step = Callable[[Any, Any, list[Any]], Any]  # (api, x, leaves) -> y


@dataclass
class Program:
    leaves: list[np.ndarray]
    steps: list[tuple[str, Step]] = field(default_factory=list)

    def run(self, api: Any, leaves: list[Any]) -> Any:
        x = leaves[0]
        for _, step in self.steps:
            x = step(api, x, leaves)
        return x

    def __repr__(self) -> str:
        shapes = [a.shape for a in self.leaves]
        return f"Program(leaves={shapes}, steps={[name for name, _ in self.steps]})"


def values(rng: np.random.Generator, shape, low=0.2, high=2.0) -> np.ndarray:
    """Continuous values away from 0 with random signs: no exact ties, no kinks."""
    return rng.uniform(low, high, shape) * rng.choice([-1.0, 1.0], shape)


def away_from_kinks(v: np.ndarray) -> bool:
    return v.size > 0 and bool(np.abs(v).min() > MARGIN)


def tie_free(v: np.ndarray, axis) -> bool:
    """The largest value along ``axis`` beats the runner-up by the margin everywhere."""
    if v.size == 0:
        return False
    if axis is None:
        v, axis = v.reshape(-1), 0
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    moved = np.moveaxis(v, axes, tuple(range(-len(axes), 0)))
    flat = moved.reshape(*moved.shape[: moved.ndim - len(axes)], -1)
    if flat.shape[-1] < 2:
        return True
    top2 = np.sort(flat, axis=-1)[..., -2:]
    return bool((top2[..., 1] - top2[..., 0] > MARGIN).all())


@st.composite
def axis_args(draw, ndim: int, allow_tuple: bool = True):
    if ndim == 0:
        return None
    choices = [st.none(), st.integers(-ndim, ndim - 1)]
    if allow_tuple:
        choices.append(
            st.lists(st.integers(0, ndim - 1), min_size=1, max_size=ndim, unique=True).map(tuple)
        )
    return draw(st.one_of(*choices))


def draw_step(data, rng, program: Program, v: np.ndarray, kinds: list[str] | None = None):
    """Draw one step (of one of ``kinds``) valid and differentiable at the current value."""
    nd, shape = v.ndim, v.shape
    big = np.abs(v).max(initial=0.0) > 20
    if kinds is None:
        kinds = ["unary", "binary", "reduce", "shape"]
        if nd >= 1 and v.size > 0:
            kinds += ["index", "matmul", "concat", "softmax"]
        if nd == 2 and v.size > 0:
            kinds.append("cross_entropy")
        if nd in (3, 4) and min(shape[2:]) >= 2:
            kinds += ["conv", "pool", "conv_transpose", "adaptive", "batch_norm"]
    kind = "unary" if big else data.draw(st.sampled_from(kinds), label="kind")

    if kind == "unary":
        names = ["tanh", "sigmoid", "sin", "cos", "sqrt1p", "log1p"]
        if not big:
            names.append("exp")
        if away_from_kinks(v):
            names += ["abs", "relu"]
        name = "tanh" if big else data.draw(st.sampled_from(names), label="unary")
        if name == "sqrt1p":
            return name, lambda api, x, ls: api.sqrt(x * x + 1.0)
        if name == "log1p":
            return name, lambda api, x, ls: api.log(x * x + 1.0)
        return name, lambda api, x, ls: getattr(api, name)(x)

    if kind == "binary":
        # The other operand broadcasts: drop leading axes and set some axes to 1.
        keep = data.draw(st.integers(0, nd), label="other ndim")
        other = tuple(
            1 if data.draw(st.booleans(), label="bcast") else s for s in shape[nd - keep :]
        )
        if data.draw(st.booleans(), label="other bigger"):
            other = (2, *shape)  # the other operand broadcasts x instead
        op = data.draw(st.sampled_from(["add", "sub", "mul", "div", "rdiv", "max"]), label="binop")
        if op == "rdiv" and not away_from_kinks(v):
            op = "mul"
        k = len(program.leaves)
        program.leaves.append(values(rng, other, 0.5, 1.5))
        if op == "max" and np.abs(v - program.leaves[k]).min(initial=1.0) <= MARGIN:
            op = "add"  # maximum has a kink where the operands meet
        fns = {
            "add": lambda x, y: x + y,
            "sub": lambda x, y: y - x,
            "mul": lambda x, y: x * y,
            "div": lambda x, y: x / y,
            "rdiv": lambda x, y: y / x,
            "max": MG.maximum,
        }
        if op == "max":
            return f"maximum{other}", lambda api, x, ls: api.maximum(x, ls[k])
        return f"{op}{other}", lambda api, x, ls: fns[op](x, ls[k])

    if kind == "reduce":
        name = data.draw(st.sampled_from(["sum", "mean", "var", "logsumexp", "max"]), label="red")
        axis = data.draw(axis_args(nd), label="axis")
        keepdims = data.draw(st.booleans(), label="keepdims")
        if name == "max" and not tie_free(v, axis):
            name = "sum"
        if name == "var":
            n = v.size if axis is None else np.prod([shape[a] for a in np.atleast_1d(axis)])
            if n < 2:
                name = "mean"
        return f"{name}{axis}", lambda api, x, ls: api.reduce(name, x, axis, keepdims)

    if kind == "shape":
        ops = ["reshape", "expand_dims"]
        if nd >= 1:
            ops += ["transpose", "flip", "broadcast", "pad", "split", "einsum"]
        if 1 in shape:
            ops.append("squeeze")
        op = data.draw(st.sampled_from(ops), label="shape op")
        if op == "reshape":
            new = data.draw(st.sampled_from(factorizations(v.size)), label="new shape")
            if new and data.draw(st.booleans(), label="minus one"):
                new = (-1, *new[1:])
            return f"reshape{new}", lambda api, x, ls: api.reshape(x, new)
        if op == "expand_dims":
            axis = data.draw(st.integers(-nd - 1, nd), label="axis")
            return f"expand_dims{axis}", lambda api, x, ls: api.expand_dims(x, axis)
        if op == "transpose":
            perm = tuple(data.draw(st.permutations(range(nd)), label="perm"))
            return f"transpose{perm}", lambda api, x, ls: api.transpose(x, perm)
        if op == "flip":
            axis = data.draw(st.integers(0, nd - 1), label="axis")
            return f"flip{axis}", lambda api, x, ls: api.flip(x, axis)
        if op == "broadcast":
            new = (2, *shape)
            return f"broadcast{new}", lambda api, x, ls: api.broadcast_to(x, new)
        if op == "pad":
            widths = tuple(
                tuple(data.draw(st.integers(0, 2), label="width") for _ in range(2))
                for _ in range(nd)
            )
            return f"pad{widths}", lambda api, x, ls: api.pad(x, widths)
        if op == "split":
            axis = data.draw(st.integers(0, nd - 1), label="axis")
            cuts = sorted(
                data.draw(st.lists(st.integers(0, shape[axis]), max_size=2), label="cuts")
            )
            pick = data.draw(st.integers(0, len(cuts)), label="piece")
            if [*cuts, shape[axis]][pick] <= [0, *cuts][pick]:
                cuts, pick = [], 0  # an empty piece
            return f"split{cuts}[{pick}]", lambda api, x, ls: api.split(x, cuts, axis, pick)
        if op == "einsum":
            letters = "abcdefghij"[:nd]
            out = "".join(data.draw(st.permutations(letters), label="out"))[: max(nd - 1, 1)]
            spec = f"{letters}->{out}"  # a transpose that sums out the dropped axes
            return f"einsum({spec})", lambda api, x, ls: api.einsum(spec, x)
        axis = data.draw(st.sampled_from([i for i, s in enumerate(shape) if s == 1]), label="ax")
        return f"squeeze{axis}", lambda api, x, ls: api.squeeze(x, axis)

    if kind == "index":
        forms = [
            data.draw(st.sampled_from(["all", "int", "slice", "array"]), label="index")
            for _ in shape
        ]
        if "array" in forms:
            # One integer array (repeats allowed: the VJP must scatter-add, not overwrite),
            # and no integers: NumPy counts an int next to an array as advanced indexing,
            # PyTorch does not, and their result axes differ.
            first = forms.index("array")
            forms = [
                f if f in ("all", "slice") or i == first else "all" for i, f in enumerate(forms)
            ]
        idx = []
        for s, form in zip(shape, forms):
            if form == "int":
                idx.append(data.draw(st.integers(-s, s - 1), label="int"))
            elif form == "slice":
                start = data.draw(st.integers(0, s - 1), label="start")
                step = data.draw(st.integers(1, 2), label="step")
                idx.append(slice(start, None, step))
            elif form == "array":
                n = data.draw(st.integers(1, 4), label="n")
                ints = st.lists(st.integers(0, s - 1), min_size=n, max_size=n)
                idx.append(np.array(data.draw(ints, label="ints")))
            else:
                idx.append(slice(None))
        idx = tuple(idx)
        return f"index{idx}", lambda api, x, ls: api.index(x, idx)

    if kind == "matmul":
        k = len(program.leaves)
        n = data.draw(st.integers(1, 3), label="cols")
        w_shape = (shape[-1],) if data.draw(st.booleans(), label="vector") else (shape[-1], n)
        program.leaves.append(values(rng, w_shape, 0.2, 1.0))
        return f"matmul{w_shape}", lambda api, x, ls: api.matmul(x, ls[k])

    if kind == "concat":
        axis = data.draw(st.integers(-nd, nd - 1), label="axis")
        if data.draw(st.booleans(), label="stack"):
            return f"stack{axis}", lambda api, x, ls: api.stack([x, x * 2.0], axis)
        return f"concat{axis}", lambda api, x, ls: api.concatenate([x, x.sin(), x], axis)

    if kind == "cross_entropy":
        target = rng.integers(0, shape[1], shape[0])
        return f"cross_entropy{target}", lambda api, x, ls: api.cross_entropy(x, target)

    if kind == "softmax":
        dim = data.draw(st.integers(-nd, nd - 1), label="dim")
        log = data.draw(st.booleans(), label="log")
        fn = "log_softmax" if log else "softmax"
        return f"{fn}{dim}", lambda api, x, ls: getattr(api, fn)(x, dim)

    d = nd - 2  # 1-d or 2-d spatial, batched (N, C, *spatial)
    if kind == "batch_norm":
        k = len(program.leaves)
        program.leaves.append(values(rng, (shape[1],), 0.5, 1.5))
        program.leaves.append(values(rng, (shape[1],), 0.1, 0.5))
        if (
            v.size // shape[1] < 2
            or np.var(np.moveaxis(v, 1, 0).reshape(shape[1], -1), 1).min() < 0.01
        ):
            return "tanh", lambda api, x, ls: api.tanh(x)
        return "batch_norm", lambda api, x, ls: api.batch_norm(x, ls[k], ls[k + 1])
    if kind == "adaptive":
        out = tuple(data.draw(st.integers(1, s), label="out size") for s in shape[2:])
        return f"adaptive_avg_pool{out}", lambda api, x, ls: api.adaptive_avg_pool[d](x, out)
    size = min(shape[2:])
    kernel = data.draw(st.integers(1, min(3, size)), label="kernel")
    stride = data.draw(st.integers(1, 2), label="stride")
    padding = data.draw(st.integers(0, kernel // 2), label="padding")
    if kind == "conv_transpose":
        c_in = shape[1]
        c_out = data.draw(st.integers(1, 2), label="c_out")
        k = len(program.leaves)
        program.leaves.append(values(rng, (c_in, c_out, *(kernel,) * d), 0.1, 0.6))
        padding = min(padding, kernel - 1)
        args = dict(stride=stride, padding=padding)
        return (
            f"conv_transpose{d}d{args}",
            lambda api, x, ls: api.conv_transpose[d](x, ls[k], None, **args),
        )
    if kind == "conv":
        c_in = shape[1]
        groups = data.draw(st.sampled_from([1, c_in]), label="groups")
        c_out = groups * data.draw(st.integers(1, 2), label="per group")
        dilation = data.draw(st.integers(1, 2), label="dilation")
        if dilation * (kernel - 1) + 1 > size + 2 * padding:
            dilation = 1
        k = len(program.leaves)
        program.leaves.append(values(rng, (c_out, c_in // groups, *(kernel,) * d), 0.1, 0.6))
        program.leaves.append(values(rng, (c_out,), 0.1, 0.5))
        args = dict(stride=stride, padding=padding, dilation=dilation, groups=groups)
        return f"conv{d}d{args}", lambda api, x, ls: api.conv[d](x, ls[k], ls[k + 1], **args)
    avg = not tie_free_windows(v, d, kernel, stride, padding) or data.draw(
        st.booleans(), label="avg"
    )
    pool = "avg_pool" if avg else "max_pool"
    return (
        f"{pool}{d}d(k={kernel}, s={stride}, p={padding})",
        lambda api, x, ls: getattr(api, pool)[d](x, kernel, stride, padding),
    )


def tie_free_windows(v: np.ndarray, d: int, kernel: int, stride: int, padding: int) -> bool:
    """Every pooling window's maximum beats its runner-up (padding counts as -inf)."""
    padded = np.pad(v, [(0, 0)] * (v.ndim - d) + [(padding, padding)] * d, constant_values=-np.inf)
    windows = np.lib.stride_tricks.sliding_window_view(
        padded, (kernel,) * d, axis=tuple(range(v.ndim - d, v.ndim))
    )
    windows = windows[(..., *(slice(None, None, stride),) * d, *(slice(None),) * d)]
    flat = windows.reshape(*windows.shape[: v.ndim], -1)
    if flat.shape[-1] < 2:
        return True
    top2 = np.sort(flat, axis=-1)[..., -2:]
    return bool((top2[..., 1] - top2[..., 0] > MARGIN).all())


def factorizations(n: int) -> list[tuple[int, ...]]:
    out = [(n,), (1, n), (n, 1)]
    out += [(a, n // a) for a in range(2, n) if n % a == 0]
    return out


@st.composite
def programs(draw, max_steps: int = 5, spatial: bool = False) -> Program:
    data = draw(st.data())
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1), label="seed"))
    if spatial:
        d = draw(st.integers(1, 2), label="spatial dims")
        shape = (
            draw(st.integers(1, 2)),
            draw(st.integers(1, 3)),
            *(draw(st.integers(2, 5)) for _ in range(d)),
        )
    else:
        shape = tuple(draw(st.lists(st.integers(1, 4), max_size=3), label="shape"))
    program = Program([values(rng, shape)])
    value = program.leaves[0]
    for i in range(draw(st.integers(1, max_steps), label="steps")):
        first = ["conv", "pool"] if spatial and i == 0 else None
        step = draw_step(data, rng, program, value, first)
        program.steps.append(step)
        value = program.run(MG, [mg.tensor(a) for a in program.leaves]).array
        if value.size > 64 or value.size == 0:
            program.steps.pop()
            break
    return program


# --------------------------------------------------------------------------------------------
# The checks
# --------------------------------------------------------------------------------------------


def check(program: Program, torch) -> None:
    leaves = [mg.tensor(a, requires_grad=True) for a in program.leaves]
    out = program.run(MG, leaves)
    assert out.dtype == np.float64
    gradcheck(lambda *ls: program.run(MG, list(ls)), leaves)

    cot = np.random.default_rng(1).standard_normal(out.shape)
    (out * mg.tensor(cot)).sum().backward()
    t_leaves = [torch.tensor(a, requires_grad=True) for a in program.leaves]
    t_out = program.run(torch_api(torch), t_leaves)
    (t_out * torch.tensor(cot)).sum().backward()
    np.testing.assert_allclose(out.array, t_out.detach().numpy(), rtol=1e-9, atol=1e-12)
    for i, (a, b) in enumerate(zip(leaves, t_leaves)):
        grad = a.grad.array if a.grad is not None else np.zeros(a.shape)
        ref = b.grad.numpy() if b.grad is not None else np.zeros(a.shape)
        np.testing.assert_allclose(grad, ref, rtol=1e-8, atol=1e-10, err_msg=f"leaf {i}")


@given(programs())
def test_random_programs(torch, program):
    note(repr(program))
    check(program, torch)


@given(programs(max_steps=4, spatial=True))
def test_random_programs_with_convolution_and_pooling(torch, program):
    note(repr(program))
    check(program, torch)


def test_the_fuzzer_catches_a_wrong_vjp(torch, monkeypatch):
    """The checks must be able to fail: break one VJP and run a program that uses it."""
    from minigrad.ops import elementwise

    monkeypatch.setattr(elementwise.Sin, "backward", staticmethod(lambda ctx, g: g))
    program = Program([np.array([0.3, -1.2])], [("sin", lambda api, x, ls: api.sin(x))])
    with pytest.raises(Exception, match="gradient"):
        check(program, torch)


@given(st.one_of(programs(max_steps=3), programs(max_steps=2, spatial=True)))
def test_second_derivatives_of_random_programs(program):
    note(repr(program))
    leaves = [mg.tensor(a, requires_grad=True) for a in program.leaves]
    gradgradcheck(lambda *ls: program.run(MG, list(ls)), leaves, fast_mode=True)


def test_pad_and_split_steps_agree_with_pytorch(torch):
    # Rare draws: pinned here so they always run.
    program = Program(
        [np.arange(1.0, 7.0).reshape(2, 3)],
        [
            ("pad", lambda api, x, ls: api.pad(x, ((1, 0), (0, 2)))),
            ("split", lambda api, x, ls: api.split(x, [1, 4], 1, 1)),
            ("einsum", lambda api, x, ls: api.einsum("ab->ba", x)),
        ],
    )
    check(program, torch)
