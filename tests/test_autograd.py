"""The engine: accumulation, higher order, grad(), hooks, release, no_grad, custom Functions."""

import gc
import weakref

import numpy as np
import pytest

import minigrad as mg
from minigrad.autograd import Function
from minigrad.testing import gradcheck, gradgradcheck


def leaf(values, dtype=np.float64):
    return mg.tensor(np.asarray(values, dtype=dtype), requires_grad=True)


def test_gradients_accumulate_across_backward_calls():
    x = leaf([1.0, 2.0])
    (x * 3).sum().backward()
    (x * x).sum().backward()
    np.testing.assert_allclose(x.grad.array, [3 + 2, 3 + 4])


def test_a_tensor_used_twice_gets_the_sum_of_both_paths():
    x = leaf(2.0)
    y = x * x + x  # dy/dx = 2x + 1
    y.backward()
    assert x.grad.item() == 5.0


def test_broadcasting_is_undone_for_every_input():
    a = leaf(np.ones((2, 1, 3)))
    b = leaf(np.ones((4, 1)))
    (a * b).sum().backward()
    assert a.grad.shape == (2, 1, 3) and b.grad.shape == (4, 1)
    np.testing.assert_allclose(a.grad.array, np.full((2, 1, 3), 4.0))
    np.testing.assert_allclose(b.grad.array, np.full((4, 1), 6.0))


def test_gradient_dtype_matches_the_leaf_under_mixed_precision():
    a = mg.tensor(np.ones(3, np.float32), requires_grad=True)
    b = leaf(np.ones(3))
    out = a * b
    assert out.dtype == np.float64  # NumPy promotion
    out.sum().backward()
    assert a.grad.dtype == np.float32 and b.grad.dtype == np.float64


def test_non_scalar_backward_needs_a_gradient():
    x = leaf([1.0, 2.0])
    with pytest.raises(RuntimeError, match="only for scalar outputs"):
        (x * 2).backward()


def test_backward_gradient_of_the_wrong_shape_is_rejected():
    x = leaf([1.0, 2.0])
    with pytest.raises(
        ValueError, match=r"gradient has shape \(3,\) but the output has shape \(2,\)"
    ):
        (x * 2).backward(mg.ones(3, dtype=np.float64))


def test_backward_on_a_tensor_without_graph_says_why():
    with pytest.raises(RuntimeError, match="does not require grad"):
        mg.tensor([1.0]).sum().backward()


def test_second_backward_through_a_released_graph_asks_for_retain_graph():
    x = leaf([1.0, 2.0])
    y = (x.exp() * 2).sum()
    y.backward()
    with pytest.raises(RuntimeError, match="retain_graph=True"):
        y.backward()


def test_retain_graph_allows_a_second_pass():
    x = leaf([1.0, 2.0])
    y = (x.exp() * 2).sum()
    y.backward(retain_graph=True)
    y.backward()
    np.testing.assert_allclose(x.grad.array, 4 * np.exp([1.0, 2.0]))


def test_backward_frees_the_saved_arrays_and_intermediates():
    x = leaf(np.ones(1000))
    h = x.exp()
    ref = weakref.ref(h)
    y = (h * 2).sum()
    del h
    y.backward()
    gc.collect()
    assert ref() is None, "the intermediate is still alive after backward"


def test_graph_has_no_reference_cycles():
    gc.collect()
    gc.disable()
    try:
        x = leaf(np.ones(10))
        y = (x.exp() * x).sigmoid().sum()
        ref = weakref.ref(y._ctx)
        del y
        assert ref() is None, "the graph node outlived its output: a reference cycle"
    finally:
        gc.enable()


def test_a_100000_op_chain_backprops_without_recursion():
    x = leaf(1.0)
    y = x
    for _ in range(100_000):
        y = y * 1.0
    y.backward()
    assert x.grad.item() == 1.0


def test_no_grad_records_nothing_and_enable_grad_overrides_it():
    x = leaf([1.0])
    with mg.no_grad():
        y = x * 2
        with mg.enable_grad():
            z = x * 2
    assert not y.requires_grad and y.grad_fn is None
    assert z.requires_grad and z.grad_fn is not None


def test_no_grad_is_a_decorator_too():
    @mg.no_grad()
    def f(t):
        return t * 2

    assert not f(leaf([1.0])).requires_grad
    assert mg.is_grad_enabled()


def test_autograd_grad_returns_without_touching_dot_grad():
    x = leaf([1.0, 2.0])
    (g,) = mg.autograd.grad((x**3).sum(), x)
    np.testing.assert_allclose(g.array, [3.0, 12.0])
    assert x.grad is None


def test_autograd_grad_of_a_non_leaf_input():
    x = leaf([1.0, 2.0])
    h = x * 2
    (g,) = mg.autograd.grad((h * h).sum(), h)
    np.testing.assert_allclose(g.array, 2 * h.array)


def test_autograd_grad_unused_input():
    x, z = leaf([1.0]), leaf([5.0])
    with pytest.raises(ValueError, match=r"inputs\[1\].*not used"):
        mg.autograd.grad((x * 2).sum(), [x, z])
    gx, gz = mg.autograd.grad((x * 2).sum(), [x, z], allow_unused=True)
    assert gz is None and gx.item() == 2.0


def test_third_derivative():
    x = leaf(2.0)
    (d1,) = mg.autograd.grad(x**4, x, create_graph=True)
    (d2,) = mg.autograd.grad(d1, x, create_graph=True)
    (d3,) = mg.autograd.grad(d2, x)
    assert (d1.item(), d2.item(), d3.item()) == (32.0, 48.0, 48.0)


def test_hessian_vector_product_matches_torch(torch):
    rng = np.random.default_rng(0)
    a, v = rng.standard_normal(5), rng.standard_normal(5)
    x = leaf(a)
    (g,) = mg.autograd.grad((x.sin() * x.exp()).sum(), x, create_graph=True)
    (hv,) = mg.autograd.grad((g * mg.tensor(v)).sum(), x)
    tx = torch.tensor(a, requires_grad=True)
    (tg,) = torch.autograd.grad((tx.sin() * tx.exp()).sum(), tx, create_graph=True)
    (thv,) = torch.autograd.grad((tg * torch.tensor(v)).sum(), tx)
    np.testing.assert_allclose(hv.array, thv.numpy(), rtol=1e-12)


def test_functional_grad_and_value_and_grad():
    f = lambda x, y: (x * y).sum()
    x, y = mg.tensor([1.0, 2.0]), mg.tensor([3.0, 4.0])
    np.testing.assert_allclose(mg.grad(f)(x, y).array, [3.0, 4.0])
    value, (_, gy) = mg.value_and_grad(f, argnums=(0, 1))(x, y)
    assert value.item() == 11.0
    np.testing.assert_allclose(gy.array, [1.0, 2.0])
    assert x.grad is None and not x.requires_grad


def test_value_and_grad_rejects_non_scalar_functions():
    with pytest.raises(TypeError, match="one-element"):
        mg.value_and_grad(lambda x: x * 2)(mg.tensor([1.0, 2.0]))


def test_hooks_see_and_may_replace_gradients():
    x = leaf([1.0, 2.0])
    seen = []
    x.register_hook(lambda g: seen.append(g.array.copy()))
    h = x * 3
    h.register_hook(lambda g: g * 10)
    h.sum().backward()
    np.testing.assert_allclose(seen[0], [30.0, 30.0])
    np.testing.assert_allclose(x.grad.array, [30.0, 30.0])


def test_remove_hook():
    x = leaf([1.0])
    remove = x.register_hook(lambda g: g * 0)
    remove()
    (x * 2).sum().backward()
    assert x.grad.item() == 2.0


def test_retain_grad_keeps_a_non_leaf_gradient():
    x = leaf([1.0, 2.0])
    h = x * x
    h.retain_grad()
    (h * 3).sum().backward()
    np.testing.assert_allclose(h.grad.array, [3.0, 3.0])


def test_inputs_that_do_not_require_grad_get_no_vjp_work():
    calls = []

    class Spy(Function):
        @staticmethod
        def forward(ctx, a, b):
            return a * b

        @staticmethod
        def backward(ctx, grad):
            calls.append(ctx.needs_input_grad)
            return grad, None

    Spy.apply(leaf([1.0]), mg.tensor([2.0])).sum().backward()
    assert calls == [(True, False)]


class Cube(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x**3

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * 3 * x**2


def test_custom_function_first_and_second_order():
    x = leaf(np.linspace(-1, 1, 5))
    assert gradcheck(Cube.apply, [x])
    assert gradgradcheck(Cube.apply, [x])


def test_custom_function_returning_the_wrong_number_of_gradients():
    class Bad(Function):
        @staticmethod
        def forward(ctx, a, b):
            return a + b

        @staticmethod
        def backward(ctx, grad):
            return grad

    with pytest.raises(RuntimeError, match="returned 1 gradients for 2 inputs"):
        Bad.apply(leaf([1.0]), leaf([2.0])).sum().backward()


def test_custom_function_returning_a_gradient_of_the_wrong_shape():
    class Bad(Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def backward(ctx, grad):
            return mg.ones(3, dtype=np.float64)

    with pytest.raises(RuntimeError, match=r"Bad.backward returned a gradient of shape \(3,\)"):
        Bad.apply(leaf([1.0, 2.0])).sum().backward()


def test_modifying_a_saved_tensor_in_place_is_detected():
    w = leaf([1.0, 2.0])
    x = mg.tensor([3.0, 4.0], dtype=np.float64)
    y = (w * x).sum()
    x.add_(1.0)
    with pytest.raises(RuntimeError, match=r"Multiply: its input 1 .* modified in place"):
        y.backward()


def test_in_place_update_of_a_tensor_requiring_grad_needs_no_grad():
    w = leaf([1.0])
    with pytest.raises(RuntimeError, match="no_grad"):
        w.add_(1.0)
    with mg.no_grad():
        w.add_(1.0)
    assert w.item() == 2.0 and w._version == 1


def test_detect_anomaly_names_the_op_and_the_line():
    x = leaf([0.0, 1.0])
    with (
        np.errstate(divide="ignore"),
        mg.autograd.detect_anomaly(),
        pytest.raises(mg.autograd.AnomalyError) as err,
    ):
        x.log()  # log(0) = -inf
    assert "Log produced Inf in its forward output" in str(err.value)
    assert "test_autograd.py" in str(err.value)


def test_detect_anomaly_catches_nan_in_a_vjp():
    x = leaf([0.0, 1.0])
    with np.errstate(divide="ignore"), mg.autograd.detect_anomaly():
        y = x.sqrt()  # finite forward, infinite derivative at 0
        with pytest.raises(mg.autograd.AnomalyError, match="Sqrt produced Inf in its backward"):
            y.sum().backward()


def test_anomaly_mode_is_off_by_default():
    assert not mg.autograd.is_anomaly_enabled()
    with np.errstate(divide="ignore"):
        assert np.isinf(mg.tensor([0.0]).log().item())


def test_leaf_gradients_are_writable_and_not_shared():
    a, b = leaf([1.0, 2.0]), leaf([3.0, 4.0])
    (a + b).sum().backward()  # add hands one gradient to both, sum's VJP is a broadcast view
    assert a.grad.array.flags.writeable and b.grad.array.flags.writeable
    a.grad.zero_()
    np.testing.assert_array_equal(b.grad.array, [1.0, 1.0])


def test_leaf_gradients_are_c_ordered_even_through_a_transpose():
    w = leaf(np.ones((3, 4)))
    (mg.tensor(np.ones((2, 4))) @ w.T).sum().backward()  # the VJP gives a transposed view
    assert w.grad.array.flags.c_contiguous


# --------------------------------------------------------------------------------------------
# PyTorch's view of the graph: grad_fn, next_functions, backward(inputs=), grad()'s keywords
# --------------------------------------------------------------------------------------------


def test_grad_fn_has_pytorch_style_names_and_edges():
    x = leaf([1.0, 2.0])
    c = mg.tensor([3.0, 4.0])
    y = (x * c).exp()
    assert repr(y.grad_fn) == "<ExpBackward>" and y.grad_fn.name() == "ExpBackward"
    assert y.grad_fn.name == "Exp"  # the op's own name, as diagrams and errors show it
    ((mul, k),) = y.grad_fn.next_functions
    assert k == 0 and repr(mul) == "<MultiplyBackward>"
    (acc, _), (none, _) = mul.next_functions
    assert repr(acc) == "<AccumulateGrad>" and acc.name() == "AccumulateGrad"
    assert acc.variable is x and acc.next_functions == () and none is None


def test_next_functions_survive_backward():
    x = leaf([1.0, 2.0])
    y = (x * 2.0).sin().sum()
    y.backward()
    (sin, _), *_ = y.grad_fn.next_functions
    ((mul, _),) = sin.next_functions
    assert mul.name == "Multiply" and mul.next_functions[0][0].variable is x


def test_backward_inputs_accumulates_only_into_the_given_tensors():
    a, b = leaf([1.0, 2.0]), leaf([3.0, 4.0])
    h = a * b
    h.retain_grad()
    y = (h * h).sum()
    y.backward(inputs=[b], retain_graph=True)
    assert a.grad is None and h.grad is None
    np.testing.assert_allclose(b.grad.array, 2 * a.array**2 * b.array)
    y.backward(inputs=h, retain_graph=True)  # a non-leaf: its total gradient
    np.testing.assert_allclose(h.grad.array, 2 * h.array)
    y.backward(inputs=[b])  # accumulates, as PyTorch
    np.testing.assert_allclose(b.grad.array, 4 * a.array**2 * b.array)


def test_backward_inputs_matches_pytorch(torch):
    a, b = np.array([0.5, -1.0]), np.array([2.0, 3.0])
    x, w = leaf(a), leaf(b)
    ((x * w).tanh().sum()).backward(inputs=[w])
    tx, tw = torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True)
    ((tx * tw).tanh().sum()).backward(inputs=[tw])
    assert x.grad is None and tx.grad is None
    np.testing.assert_allclose(w.grad.array, tw.grad.numpy())


def test_backward_inputs_must_require_grad():
    x = leaf([1.0])
    with pytest.raises(ValueError, match=r"backward: inputs\[0\] is not a Tensor that requires"):
        (x * 2).sum().backward(inputs=[mg.tensor([1.0])])
    with pytest.raises(ValueError, match="at least one tensor"):
        (x * 2).sum().backward(inputs=[])


def test_grad_materialize_grads_gives_zeros_for_unused_inputs():
    x, unused = leaf([1.0, 2.0]), leaf([[5.0]])
    dx, du = mg.autograd.grad((x * x).sum(), [x, unused], materialize_grads=True)
    np.testing.assert_allclose(dx.array, [2.0, 4.0])
    assert du.shape == (1, 1) and du.array.tolist() == [[0.0]]
    with pytest.raises(ValueError, match="materialize_grads=True needs allow_unused"):
        mg.autograd.grad((x * x).sum(), [x], allow_unused=False, materialize_grads=True)
    with pytest.raises(NotImplementedError, match="is_grads_batched"):
        mg.autograd.grad((x * x).sum(), [x], is_grads_batched=True)


def test_mark_non_differentiable_and_set_materialize_grads():
    class Floor(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.set_materialize_grads(False)
            out = np.floor(x)
            ctx.mark_non_differentiable(out)
            return out

    y = Floor.apply(leaf([1.5]))
    assert not y.requires_grad and y.grad_fn is None


def test_release_keeps_plain_attributes_and_describes_arrays():
    class Scale(Function):
        @staticmethod
        def forward(ctx, x, *, factor):
            ctx.factor, ctx.mask, ctx.helper = factor, x > 0, object()
            return x * factor

        @staticmethod
        def backward(ctx, grad):
            return grad * ctx.factor

    x = leaf(np.ones((2, 3)))
    y = Scale.apply(x, factor=2.0)
    assert y.grad_fn.attrs == {"factor": 2.0}
    y.sum().backward()
    node = y.grad_fn
    assert vars(node) == {"factor": 2.0, "mask": mg.autograd.ArrayMeta((2, 3), np.dtype(bool))}
    assert node.attrs == {"factor": 2.0} and node.inputs is None
    (meta,) = node.input_meta
    assert meta.shape == (2, 3) and meta.tensor is x


# --------------------------------------------------------------------------------------------
# torch.autograd.functional
# --------------------------------------------------------------------------------------------

AF = mg.autograd.functional


def f2(x, y):
    return (x.sin() * y).sum(), x * y


def test_functional_jacobian_and_hessian_match_pytorch(torch):
    a, b = np.array([0.3, -1.2, 2.0]), np.array([1.5, 0.5, -0.7])
    tf = torch.autograd.functional
    J = AF.jacobian(lambda x: (x**3).exp() * 0.1, mg.tensor(a))
    tJ = tf.jacobian(lambda x: (x**3).exp() * 0.1, torch.tensor(a))
    np.testing.assert_allclose(J.array, tJ.numpy())
    Js = AF.jacobian(f2, (mg.tensor(a), mg.tensor(b)))
    tJs = tf.jacobian(f2, (torch.tensor(a), torch.tensor(b)))
    for row, trow in zip(Js, tJs):
        for block, tblock in zip(row, trow):
            assert block.shape == tuple(tblock.shape)
            np.testing.assert_allclose(block.array, tblock.numpy())
    H = AF.hessian(lambda x, y: (x * x * y).sum(), (mg.tensor(a), mg.tensor(b)))
    tH = tf.hessian(lambda x, y: (x * x * y).sum(), (torch.tensor(a), torch.tensor(b)))
    for row, trow in zip(H, tH):
        for block, tblock in zip(row, trow):
            np.testing.assert_allclose(block.array, tblock.numpy())
    h = AF.hessian(lambda x: (x**3).sum(), mg.tensor(a))
    np.testing.assert_allclose(h.array, np.diag(6 * a))


def test_functional_products_match_pytorch(torch):
    a, v = np.array([[0.3, -1.2], [2.0, 0.1]]), np.array([[1.0, 2.0], [-1.0, 0.5]])
    tf = torch.autograd.functional

    def f(x):
        return (x @ x).tanh()

    def s(x):
        return (x.exp() * x).sum()

    for ours, theirs, fn in [
        (AF.vjp, tf.vjp, f),
        (AF.jvp, tf.jvp, f),
        (AF.hvp, tf.hvp, s),
        (AF.vhp, tf.vhp, s),
    ]:
        out, prod = ours(fn, mg.tensor(a), mg.tensor(v))
        tout, tprod = theirs(fn, torch.tensor(a), torch.tensor(v))
        np.testing.assert_allclose(out.array, tout.numpy(), err_msg=ours.__name__)
        np.testing.assert_allclose(prod.array, tprod.numpy(), err_msg=ours.__name__)
        assert not out.requires_grad and not prod.requires_grad


def test_functional_create_graph_and_strict():
    x = leaf([0.5, 1.0])
    _, (g,) = AF.vjp(lambda x: (x**3).sum(), (x,), create_graph=True)
    (gg,) = mg.autograd.grad(g.sum(), x)
    np.testing.assert_allclose(gg.array, 6 * x.array)
    _, zero = AF.vjp(lambda x, y: (x * 2).sum(), (x, leaf([1.0])))
    assert zero[1].array.tolist() == [0.0]
    with pytest.raises(RuntimeError, match="independent of input 1"):
        AF.vjp(lambda x, y: (x * 2).sum(), (x, leaf([1.0])), strict=True)
    with pytest.raises(RuntimeError, match="v can be omitted only"):
        AF.vjp(lambda x: x * 2, x)
    with pytest.raises(TypeError, match=r"jacobian: inputs\[0\] must be a Tensor, got list"):
        AF.jacobian(lambda x: x, [[1.0]])
