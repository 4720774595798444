"""Memory: training keeps the process flat, each step's graph dies with the next step, and no
reference cycle is needed to free a graph (everything goes by reference counting)."""

import gc
import sys
import tracemalloc
import weakref
from pathlib import Path

import numpy as np
import pytest

import minigrad as mg
from minigrad.autograd import Function
from minigrad.nn import functional as F
from minigrad.optim import SGD, Adam
from minigrad.testing.contract import retained_nbytes

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples"))
mnist_cnn = pytest.importorskip("mnist_cnn", reason="the flagship example needs its extras")


@pytest.fixture
def gc_off():
    """Garbage collection off: whatever is freed is freed by reference counting alone."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def cnn_stepper(optimizer=Adam, batch=4, width=4, seed=0):
    mg.manual_seed(seed)
    model = mnist_cnn.build_model(width)
    opt = optimizer(model.parameters(), lr=1e-3)
    rng = np.random.default_rng(seed)
    images = rng.standard_normal((8, batch, 1, 28, 28)).astype(np.float32)
    labels = rng.integers(0, 10, (8, batch))

    def step(k):
        logits = model(mg.tensor(images[k % 8]))
        loss = F.cross_entropy(logits, mg.tensor(labels[k % 8]))
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss, logits

    return step


def traced_after_collect() -> int:
    """Traced bytes after a full collection, which also empties the interpreter's free lists
    (they fill up over the first few hundred steps and would look like a slow leak)."""
    assert gc.collect() == 0, "cyclic garbage: a graph needed the cycle collector"
    return tracemalloc.get_traced_memory()[0]


def test_1000_cnn_training_steps_keep_memory_flat(gc_off):
    """The flagship CNN (width 4, batch 4, Adam) for 1,000 steps with the collector off. Over
    steps 500..1000 a leak of one 100-byte object a step would add 50 KB (the bound is 24 KB)."""
    step = cnn_stepper()
    step(0)
    gc.collect()  # building the model and optimizer may leave cycles; training must not
    # Traced from the start: NumPy's small internal caches then count as filled by step 500.
    tracemalloc.start()
    try:
        for k in range(1, 500):
            step(k)
        before = traced_after_collect()
        for k in range(500, 1000):
            step(k)
        after = traced_after_collect()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert after - before < 24_000, f"memory grew by {after - before} bytes over 500 steps"
    assert peak - before < 4_000_000  # one step's graph at a time


def test_a_leaked_graph_would_be_seen_by_the_measurement(gc_off):
    # The measurement above must be able to fail: keep each step's (1, 10) logits alive (and
    # with them the released nodes of that step's graph).
    step = cnn_stepper(batch=1)
    step(0)
    gc.collect()
    kept = []
    tracemalloc.start()
    try:
        before = traced_after_collect()
        for k in range(1, 201):
            kept.append(step(k)[1])
        after = traced_after_collect()
    finally:
        tracemalloc.stop()
    assert after - before > 24_000


def test_step_k_graph_is_freed_by_step_k_plus_1_without_gc(gc_off):
    step = cnn_stepper(optimizer=SGD)
    step(0)
    loss, logits = step(1)
    nodes = [loss._ctx, logits._ctx, *(t._ctx for t in mg.autograd.graph_nodes(loss) if t._ctx)]
    refs = [weakref.ref(loss), weakref.ref(logits), *(weakref.ref(n) for n in nodes)]
    # backward released the saved arrays already, before the next step
    assert all(n.inputs is None and n._saved == () for n in nodes)
    del loss, logits, nodes
    step(2)
    alive = [r for r in refs if r() is not None]
    assert not alive, f"{len(alive)} objects of step 1 still alive at step 2"


def test_training_creates_no_cyclic_garbage(gc_off):
    step = cnn_stepper()
    for k in range(3):
        step(k)
    gc.collect()
    for k in range(3, 20):
        step(k)
    assert gc.collect() == 0


@pytest.mark.parametrize(
    "program",
    [
        lambda x: (x * x).sum(),
        lambda x: x.exp().reshape(-1).sigmoid().sum(),
        lambda x: F.softmax(x, dim=1).log().mean(),
        lambda x: F.max_pool2d(x.reshape(1, 1, 4, 4), 2).sum(),
        lambda x: (x[1:, ::2] @ x.T[::2]).sum(),
    ],
    ids=["mul", "views", "softmax", "max_pool", "matmul-of-views"],
)
def test_graphs_are_freed_by_reference_counting(gc_off, program):
    x = mg.randn(4, 4, requires_grad=True)
    y = program(x)
    node = weakref.ref(y._ctx)
    del y
    assert node() is None  # no backward at all: the unused graph still dies at once
    y = program(x)
    y.backward()
    node = weakref.ref(y._ctx)
    del y
    assert node() is None


def test_retain_graph_keeps_and_plain_backward_releases_the_saved_arrays():
    x = mg.randn(3, requires_grad=True)
    y = x.exp().sum()
    y.backward(retain_graph=True)
    exp_node = y._ctx.inputs[0]._ctx
    assert exp_node._saved != ()
    y.backward()
    assert exp_node._saved == () and exp_node.inputs is None
    np.testing.assert_allclose(x.grad.array, 2 * np.exp(x.array), rtol=1e-6)


def test_higher_order_gradients_do_not_leak_without_gc(gc_off):
    x = mg.randn(5, requires_grad=True)
    (g,) = mg.autograd.grad((x**3).sum(), x, create_graph=True)
    (gg,) = mg.autograd.grad(g.sum(), x)
    np.testing.assert_allclose(gg.array, 6 * x.array, rtol=1e-5)
    node = weakref.ref(g._ctx)
    del g, gg
    assert node() is None


def test_no_grad_inference_builds_no_graph():
    model = mnist_cnn.build_model(4)
    model.eval()
    with mg.no_grad():
        out = model(mg.randn(2, 1, 28, 28))
    assert out._ctx is None and not out.requires_grad


@pytest.mark.parametrize("failure", ["version", "vjp-raises"])
def test_a_failed_backward_leaves_no_cycle(gc_off, failure):
    class Boom(mg.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def backward(ctx, grad):
            raise ArithmeticError("boom")

    def run():
        w = mg.tensor([1.0, 2.0], requires_grad=True)
        a = mg.tensor([3.0, 4.0])
        y = (Boom.apply(w) * a) if failure == "vjp-raises" else (w * a)
        loss = y.exp().sum()
        if failure == "version":
            a.add_(1.0)
        with pytest.raises((RuntimeError, ArithmeticError)):
            loss.backward()
        return weakref.ref(y)

    gc.collect()
    node = run()
    assert node() is None
    assert gc.collect() == 0


def release_as_before(node):
    """The release of the first engine: the inputs and the saved tensors only."""
    node.inputs = None
    node._saved = ()


@pytest.mark.parametrize(
    ("program", "op", "held"),
    [
        (lambda x: mg.maximum(x, 0.0).sum(), "Maximum", 4_000_000),  # ctx.a_share, float32
        (
            lambda x: F.cross_entropy(x, mg.tensor(np.arange(1000) % 7)),
            "SoftmaxCrossEntropy",
            4_000_000,
        ),
    ],
    ids=["maximum", "cross_entropy"],
)
def test_backward_frees_every_array_a_node_computed(monkeypatch, program, op, held):
    """Measured in bytes: after backward() nothing a VJP used survives in the node, and the
    measurement sees the arrays the first release left behind (maximum's 4 MB share mask,
    cross-entropy's probabilities)."""
    x = mg.randn(1000, 1000, requires_grad=True)
    loss = program(x)
    (node,) = [
        t.grad_fn for t in mg.autograd.graph_nodes(loss) if t.grad_fn and t.grad_fn.name == op
    ]
    loss.backward()
    assert retained_nbytes(node) == 0
    monkeypatch.setattr(Function, "release", release_as_before)
    loss = program(x)
    (node,) = [
        t.grad_fn for t in mg.autograd.graph_nodes(loss) if t.grad_fn and t.grad_fn.name == op
    ]
    loss.backward()
    assert retained_nbytes(node) >= held


def test_a_released_node_keeps_what_diagrams_draw():
    """Op names, edges, shapes, dtypes, names, attributes and module scope survive backward;
    the arrays do not."""
    model = mg.nn.Linear(3, 2)
    x = mg.tensor(np.ones((4, 3), np.float32), name="x")
    loss = F.softmax(model(x), dim=1).sum()
    loss.backward()
    node = loss.grad_fn
    assert node.name == "Sum" and node.inputs is None
    (softmax, _), *_ = node.next_functions
    assert softmax.name == "Softmax" and vars(softmax) == {"axis": 1}
    (add, _), *_ = softmax.next_functions
    assert add.name == "Add" and add.scope == (model,)
    (matmul, _), (bias, _) = add.next_functions[:2]
    assert bias.variable is model.bias
    a, w = matmul.input_meta[:2]
    assert (a.shape, a.dtype, a.name, a.requires_grad, a.grad_fn) == (
        (4, 3),
        np.float32,
        "x",
        False,
        None,
    )
    assert a.tensor is x and w.grad_fn.name == "Transpose"
    del x
    assert matmul.input_meta[0].tensor is None  # held weakly: the graph kept no array alive
    assert all(retained_nbytes(n) == 0 for n in (node, softmax, add, matmul))
