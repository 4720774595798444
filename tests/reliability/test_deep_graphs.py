"""Graph scale: a 100,000-op chain and a 10,000-wide fan-in backprop without recursion, in time
linear in the graph's size (``benchmarks/bench_graph_scaling.py`` prints the curve)."""

import contextlib
import gc
import inspect
import sys
import time

import numpy as np
import pytest

import minigrad as mg


@contextlib.contextmanager
def shallow_stack(headroom: int = 60):
    """Allow only ``headroom`` more Python frames: any recursion over the graph would fail."""
    depth = len(inspect.stack(0))
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + headroom)
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


def chain(n: int, dtype=np.float64) -> tuple[mg.Tensor, mg.Tensor]:
    x = mg.tensor(np.array([1.0, 2.0], dtype), requires_grad=True)
    y = x
    for _ in range(n):
        y = y * 1.00001
    return x, y.sum()


def timed(fn) -> float:
    """Best of three, with the cyclic garbage collector paused: its full collections scan
    every live object, so their cost grows with the heap, not with the engine's work, and a
    collection landing in one run (or a busy neighbour process) would skew a single timing."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            start = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - start)
    finally:
        gc.enable()
    return best


def test_100k_op_chain_backprops_without_recursion():
    x, y = chain(100_000)
    with shallow_stack():
        y.backward()
    np.testing.assert_allclose(x.grad.array, [1.00001**100_000] * 2, rtol=1e-9)


def test_100k_op_chain_of_mixed_ops():
    x = mg.tensor(np.array([0.5]), requires_grad=True)
    y = x
    for _ in range(20_000):  # 5 ops a round, each pair undoing the other: 100,000 nodes
        y = (y + 1.0).exp().log().reshape(1) - 1.0
    with shallow_stack():
        y.sum().backward()
    np.testing.assert_allclose(y.array, [0.5], rtol=1e-9)
    np.testing.assert_allclose(x.grad.array, [1.0], rtol=1e-9)


def test_an_unreleased_100k_chain_is_freed_without_recursion_errors():
    _, y = chain(100_000)
    with shallow_stack():
        del y  # the interpreter's deallocation of a deep graph must not overflow the C stack


def test_graph_nodes_walks_a_deep_graph_iteratively():
    _, y = chain(20_000)
    with shallow_stack():
        assert sum(1 for _ in mg.autograd.graph_nodes(y)) == 20_002  # ops + the leaf


def test_10k_wide_fan_in_one_node_with_10k_inputs():
    xs = [mg.tensor(np.array(float(i)), requires_grad=True) for i in range(10_000)]
    y = (mg.stack(xs) ** 2).sum()
    with shallow_stack():
        y.backward()
    grads = np.array([x.grad.item() for x in xs])
    np.testing.assert_array_equal(grads, 2 * np.arange(10_000.0))


def test_10k_wide_fan_in_of_gradients_into_one_leaf():
    x = mg.tensor(np.array([1.0, 2.0]), requires_grad=True)
    branches = [x * float(i) for i in range(10_000)]  # 10,000 paths back into x
    y = mg.stack(branches).sum()
    with shallow_stack():
        y.backward()
    np.testing.assert_allclose(x.grad.array, [sum(range(10_000))] * 2)


def test_10k_wide_diamond_through_a_shared_intermediate():
    x = mg.tensor(np.array([0.3]), requires_grad=True)
    h = x.exp()  # one node feeding 10,000 consumers: its VJP must run once, after all of them
    y = mg.concatenate([h * float(i) for i in range(10_000)]).sum()
    with shallow_stack():
        y.backward()
    np.testing.assert_allclose(x.grad.array, np.exp(0.3) * sum(range(10_000)), rtol=1e-12)


def test_chain_time_is_linear_in_length():
    """Generous bound: 4x the ops may take at most 10x the time (quadratic would be 16x)."""

    def run(n):
        _, y = chain(n)
        y.backward()

    run(2_000)  # warm up
    small, large = timed(lambda: run(10_000)), timed(lambda: run(40_000))
    assert large / small < 10, f"10k ops: {small:.3f} s, 40k ops: {large:.3f} s"


def test_fan_in_time_is_linear_in_width():
    def run(n):
        x = mg.tensor(np.array([1.0]), requires_grad=True)
        mg.stack([x * float(i) for i in range(n)]).sum().backward()

    run(500)
    small, large = timed(lambda: run(2_500)), timed(lambda: run(10_000))
    assert large / small < 10, f"width 2.5k: {small:.3f} s, width 10k: {large:.3f} s"


@pytest.mark.parametrize("n", [1, 2, 3])
def test_tiny_graphs_still_work(n):
    x, y = chain(n)
    y.backward()
    np.testing.assert_allclose(x.grad.array, [1.00001**n] * 2)


def test_the_shallow_stack_would_catch_a_recursive_graph_walk():
    def depth(n):
        return 0 if n == 0 else 1 + depth(n - 1)

    with shallow_stack(), pytest.raises(RecursionError):
        depth(1_000)
