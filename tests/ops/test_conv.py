"""Tests for minigrad.ops.conv: convolution and transposed convolution, 1-D to 3-D."""

import warnings

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import assume, given

import minigrad as mg
import minigrad.nn.functional as F
from minigrad.ops import _conv_numpy, _layout, conv
from minigrad.ops._windows import output_size
from minigrad.testing import check_vjp_contract, gradcheck, gradgradcheck
from minigrad.testing import strategies as mst

CONV = {1: conv.conv1d, 2: conv.conv2d, 3: conv.conv3d}
CONV_T = {1: conv.conv_transpose1d, 2: conv.conv_transpose2d, 3: conv.conv_transpose3d}
rng = np.random.default_rng(0)


def _leaf(shape, seed_rng=rng):
    return mg.tensor(seed_rng.standard_normal(shape), requires_grad=True)


def _torch_grads(torch, fn, arrays, grad):
    leaves = [torch.tensor(a, requires_grad=True) for a in arrays]
    out = fn(*leaves)
    out.backward(torch.tensor(grad))
    return out.detach().numpy(), [t.grad.numpy() for t in leaves]


def _ours_grads(fn, arrays, grad):
    leaves = [mg.tensor(a, requires_grad=True) for a in arrays]
    out = fn(*leaves)
    out.backward(mg.tensor(grad))
    return out.array, [t.grad.array for t in leaves]


def _assert_matches_torch(torch, ours, theirs, arrays, out_shape):
    grad = rng.standard_normal(out_shape)
    y, grads = _ours_grads(ours, arrays, grad)
    ty, tgrads = _torch_grads(torch, theirs, arrays, grad)
    np.testing.assert_allclose(y, ty, rtol=1e-10, atol=1e-10)
    for g, tg in zip(grads, tgrads):
        np.testing.assert_allclose(g, tg, rtol=1e-10, atol=1e-10)


# --------------------------------------------------------------------------------------------
# The worked example and the textbook identity
# --------------------------------------------------------------------------------------------


def test_worked_example_correlation_and_true_convolution():
    image = mg.tensor(np.arange(1.0, 10.0).reshape(1, 1, 3, 3))
    kernel = np.array([[1.0, 2.0], [3.0, 4.0]]).reshape(1, 1, 2, 2)
    correlation = conv.conv2d(image, mg.tensor(kernel), padding="valid")
    np.testing.assert_array_equal(correlation.array[0, 0], [[37, 47], [67, 77]])
    convolution = conv.conv2d(image, mg.tensor(kernel[..., ::-1, ::-1].copy()))
    np.testing.assert_array_equal(convolution.array[0, 0], [[23, 33], [53, 63]])


@pytest.mark.parametrize("stride,padding,dilation", [(1, 0, 1), (2, 1, 1), (3, 2, 2), (2, 0, 3)])
def test_input_gradient_is_full_convolution_with_flipped_kernel(stride, padding, dilation):
    # dx = conv(pad_full(dilate_stride(dy)), flip(w) with in/out channels swapped)
    x, w = _leaf((2, 3, 11, 9)), _leaf((4, 3, 3, 2))
    y = conv.conv2d(x, w, stride=stride, padding=padding, dilation=dilation)
    dy = rng.standard_normal(y.shape)
    y.backward(mg.tensor(dy))

    n, o, ho, wo = dy.shape
    dilated = np.zeros((n, o, (ho - 1) * stride + 1, (wo - 1) * stride + 1))
    dilated[:, :, ::stride, ::stride] = dy
    # "full" padding: extent - 1 - padding before; after, also the input rows the strided
    # windows never reached. A negative amount crops.
    extent = [dilation * (k - 1) + 1 for k in w.shape[2:]]
    before = [e - 1 - padding for e in extent]
    # so that a stride-1 correlation gives back the input's size: before + len + after = S + e - 1
    after = [
        s + e - 1 - b - n for s, e, b, n in zip(x.shape[2:], extent, before, dilated.shape[2:])
    ]
    padded = np.pad(
        dilated, ((0, 0), (0, 0), *((max(b, 0), max(a, 0)) for b, a in zip(before, after)))
    )
    padded = padded[
        (
            ...,
            *(
                slice(max(-b, 0), n - max(-a, 0))
                for b, a, n in zip(before, after, padded.shape[2:])
            ),
        )
    ]
    flipped = w.array.transpose(1, 0, 2, 3)[:, :, ::-1, ::-1].copy()
    textbook = conv.conv2d(mg.tensor(padded), mg.tensor(flipped), dilation=dilation).array
    np.testing.assert_allclose(x.grad.array, textbook, atol=1e-12)
    # conv_transpose is that same map (by GEMM and col2im instead), up to the unreached rows.
    transposed = conv.conv_transpose2d(
        mg.tensor(dy), w.detach(), stride=stride, padding=padding, dilation=dilation
    )
    rows, cols = transposed.shape[2:]
    np.testing.assert_allclose(transposed.array, textbook[:, :, :rows, :cols], atol=1e-12)


# --------------------------------------------------------------------------------------------
# Against PyTorch, drawn configurations
# --------------------------------------------------------------------------------------------


@given(d=st.sampled_from([1, 2, 3]), data=st.data(), bias=st.booleans(), batched=st.booleans())
def test_conv_matches_torch(torch, d, data, bias, batched):
    cfg = data.draw(mst.conv_configs(ndim=d, batched=batched))
    arrays = [rng.standard_normal(cfg["input_shape"]), rng.standard_normal(cfg["weight_shape"])]
    if bias:
        arrays.append(rng.standard_normal(cfg["weight_shape"][0]))
    kw = {k: cfg[k] for k in ("stride", "padding", "dilation", "groups")}
    tconv = getattr(torch.nn.functional, f"conv{d}d")
    _assert_matches_torch(
        torch, lambda *a: CONV[d](*a, **kw), lambda *a: tconv(*a, **kw), arrays, cfg["output_shape"]
    )


@pytest.mark.filterwarnings("ignore:Using padding='same'")
@given(d=st.sampled_from([1, 2, 3]), data=st.data(), kernel=st.integers(1, 4))
def test_conv_same_padding_matches_torch(torch, d, data, kernel):
    dilation = data.draw(st.integers(1, 2))
    size = data.draw(st.lists(st.integers(1, 6), min_size=d, max_size=d))
    arrays = [rng.standard_normal((2, 3, *size)), rng.standard_normal((2, 3, *(kernel,) * d))]
    tconv = getattr(torch.nn.functional, f"conv{d}d")
    _assert_matches_torch(
        torch,
        lambda *a: CONV[d](*a, padding="same", dilation=dilation),
        lambda *a: tconv(*a, padding="same", dilation=dilation),
        arrays,
        (2, 2, *size),
    )


@st.composite
def conv_transpose_configs(draw, d):
    cfg = draw(mst.conv_configs(ndim=d, batched=draw(st.booleans())))
    # The transpose maps the conv's output shape back; output_padding picks among the sizes.
    op = tuple(
        draw(st.integers(0, max(s, dl) - 1)) for s, dl in zip(cfg["stride"], cfg["dilation"])
    )
    c_in_g = cfg["weight_shape"][1]
    out = cfg["output_shape"]
    spatial = tuple(
        (n - 1) * s - 2 * p + dl * (k - 1) + o + 1
        for n, s, p, dl, k, o in zip(
            out[-d:], cfg["stride"], cfg["padding"], cfg["dilation"], cfg["weight_shape"][2:], op
        )
    )
    assume(all(n > 0 for n in spatial))
    return cfg, op, (*out[: -d - 1], c_in_g * cfg["groups"], *spatial)


@given(d=st.sampled_from([1, 2, 3]), data=st.data(), bias=st.booleans())
def test_conv_transpose_matches_torch(torch, d, data, bias):
    cfg, output_padding, out_shape = data.draw(conv_transpose_configs(d))
    arrays = [rng.standard_normal(cfg["output_shape"]), rng.standard_normal(cfg["weight_shape"])]
    if bias:
        arrays.append(rng.standard_normal(out_shape[-d - 1]))
    kw = {k: cfg[k] for k in ("stride", "padding", "dilation", "groups")}
    kw["output_padding"] = output_padding
    tconv = getattr(torch.nn.functional, f"conv_transpose{d}d")
    _assert_matches_torch(
        torch, lambda *a: CONV_T[d](*a, **kw), lambda *a: tconv(*a, **kw), arrays, out_shape
    )


def test_hessian_vector_product_through_a_cnn_matches_torch(torch):
    x, w1, w2 = (rng.standard_normal(s) for s in ((2, 2, 7, 7), (3, 2, 3, 3), (2, 3, 2, 2)))
    v1, v2 = rng.standard_normal(w1.shape), rng.standard_normal(w2.shape)

    def loss(conv2d, x, w1, w2):
        h = conv2d(x, w1, stride=2, padding=1).tanh()
        return (conv2d(h, w2, dilation=2) ** 2).sum()

    W1, W2 = mg.tensor(w1, requires_grad=True), mg.tensor(w2, requires_grad=True)
    g1, g2 = mg.autograd.grad(loss(conv.conv2d, mg.tensor(x), W1, W2), [W1, W2], create_graph=True)
    h1, h2 = mg.autograd.grad((g1 * mg.tensor(v1)).sum() + (g2 * mg.tensor(v2)).sum(), [W1, W2])

    T1, T2 = torch.tensor(w1, requires_grad=True), torch.tensor(w2, requires_grad=True)
    t1, t2 = torch.autograd.grad(
        loss(torch.nn.functional.conv2d, torch.tensor(x), T1, T2),
        [T1, T2],
        create_graph=True,
    )
    th1, th2 = torch.autograd.grad(
        (t1 * torch.tensor(v1)).sum() + (t2 * torch.tensor(v2)).sum(), [T1, T2]
    )
    np.testing.assert_allclose(h1.array, th1.numpy(), rtol=1e-9, atol=1e-10)
    np.testing.assert_allclose(h2.array, th2.numpy(), rtol=1e-9, atol=1e-10)


# --------------------------------------------------------------------------------------------
# Numerical gradients, first and second order
# --------------------------------------------------------------------------------------------


@given(d=st.sampled_from([1, 2, 3]), data=st.data())
def test_conv_gradcheck(d, data):
    cfg = data.draw(mst.conv_configs(ndim=d, max_channels=2, max_extra=1, max_batch=1))
    x, w, b = _leaf(cfg["input_shape"]), _leaf(cfg["weight_shape"]), _leaf(cfg["weight_shape"][0])
    kw = {k: cfg[k] for k in ("stride", "padding", "dilation", "groups")}
    assert gradcheck(lambda x, w, b: CONV[d](x, w, b, **kw), [x, w, b])


@pytest.mark.parametrize(
    "shape,wshape,kw",
    [
        ((1, 2, 5, 4), (2, 1, 2, 3), dict(stride=(2, 1), padding=1, groups=2)),
        ((2, 1, 4, 5), (2, 1, 3, 2), dict(dilation=(1, 2), padding="same")),
    ],
)
def test_conv_gradgradcheck(shape, wshape, kw):
    x, w, b = _leaf(shape), _leaf(wshape), _leaf(wshape[0])
    assert gradgradcheck(lambda x, w, b: conv.conv2d(x, w, b, **kw), [x, w, b])


def test_conv_transpose_gradcheck_and_gradgradcheck():
    x, w, b = _leaf((1, 2, 3, 2)), _leaf((2, 2, 2, 3)), _leaf(4)

    def fn(x, w, b):
        return conv.conv_transpose2d(
            x, w, b, stride=2, padding=(1, 0), output_padding=(1, 0), groups=2
        )

    assert gradcheck(fn, [x, w, b])
    assert gradgradcheck(fn, [x, w, b])


def test_conv1d_and_conv3d_gradgradcheck():
    x, w = _leaf((1, 2, 5)), _leaf((3, 2, 2))
    assert gradgradcheck(lambda x, w: conv.conv1d(x, w, stride=2, padding=1), [x, w])
    x, w = _leaf((1, 1, 3, 3, 2)), _leaf((2, 1, 2, 2, 1))
    assert gradgradcheck(lambda x, w: conv.conv3d(x, w, dilation=(1, 2, 1)), [x, w])


def test_third_order_gradient_matches_torch(torch):
    x, w = rng.standard_normal((1, 1, 5)), rng.standard_normal((1, 1, 2))

    def third(lib, conv1d, x, w):
        (g,) = lib.autograd.grad((conv1d(x, w) ** 3).sum(), [w], create_graph=True)
        (gg,) = lib.autograd.grad((g**2).sum(), [w], create_graph=True)
        return lib.autograd.grad(gg.sum(), [w])[0]

    ours = third(mg, conv.conv1d, mg.tensor(x), mg.tensor(w, requires_grad=True))
    theirs = third(
        torch, torch.nn.functional.conv1d, torch.tensor(x), torch.tensor(w, requires_grad=True)
    )
    np.testing.assert_allclose(ours.array, theirs.numpy(), rtol=1e-9)


# --------------------------------------------------------------------------------------------
# Edge cases
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "xshape,wshape,kw",
    [
        ((2, 3, 5, 4), (4, 3, 1, 1), {}),  # 1x1 kernel
        ((2, 3, 5, 4), (4, 3, 5, 4), {}),  # kernel equal to the input
        ((1, 2, 9, 7), (3, 2, 2, 2), dict(stride=(4, 3))),  # stride larger than the kernel
        ((2, 4, 6, 5), (8, 1, 3, 3), dict(groups=4, padding=1)),  # depthwise, multiplier 2
        ((1, 3, 4, 9), (2, 3, 2, 5), dict(stride=(1, 2), padding=(0, 2), dilation=(2, 1))),
        ((3, 6, 7), (6, 3, 2, 2), dict(padding="same")),  # unbatched, even kernel
        ((0, 2, 5, 5), (3, 2, 3, 3), {}),  # empty batch
    ],
)
def test_conv_edge_cases_match_torch(torch, xshape, wshape, kw):
    arrays = [
        rng.standard_normal(xshape),
        rng.standard_normal(wshape),
        rng.standard_normal(wshape[0]),
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PyTorch's note on 'same' with an even kernel
        out_shape = tuple(torch.nn.functional.conv2d(*map(torch.tensor, arrays), **kw).shape)
    _assert_matches_torch(
        torch,
        lambda *a: conv.conv2d(*a, **kw),
        lambda *a: torch.nn.functional.conv2d(*a, **kw),
        arrays,
        out_shape,
    )


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_vjps_keep_the_contract(dtype):
    # Exact shapes and dtypes (no reliance on the engine), purity, no hidden state.
    x, w, b = (
        mg.tensor(rng.standard_normal(s), dtype=dtype, requires_grad=True)
        for s in ((2, 4, 6, 5), (6, 2, 3, 2), (6,))
    )
    faces = [conv.Conv, conv.ConvTranspose, conv.ConvWeight]
    assert check_vjp_contract(
        lambda x, w, b: conv.conv2d(x, w, b, stride=2, padding=1, groups=2), [x, w, b], ops=faces
    )
    y, wt = (
        mg.tensor(rng.standard_normal(s), dtype=dtype, requires_grad=True)
        for s in ((2, 4, 3, 3), (4, 3, 3, 2))
    )
    assert check_vjp_contract(
        lambda y, wt, b: conv.conv_transpose2d(y, wt, b, stride=2, groups=2), [y, wt, b], ops=faces
    )


@pytest.mark.parametrize(
    "view",
    [lambda a: a[:, :, ::-1], lambda a: a.transpose(0, 1, 3, 2), lambda a: a[::2, :, 1:, ::2]],
)
def test_non_contiguous_inputs(view):
    a, w = view(rng.standard_normal((6, 3, 9, 9))), mg.tensor(rng.standard_normal((4, 3, 3, 2)))
    x, x_copy = mg.tensor(a, requires_grad=True), mg.tensor(a.copy(), requires_grad=True)
    y, y_copy = (conv.conv2d(t, w, stride=2) for t in (x, x_copy))  # no padding: no copy
    (y * y).sum().backward()
    (y_copy * y_copy).sum().backward()
    np.testing.assert_array_equal(y.array, y_copy.array)
    np.testing.assert_array_equal(x.grad.array, x_copy.grad.array)


def test_float32_stays_float32():
    x = mg.tensor(rng.standard_normal((2, 1, 6, 6)), dtype=np.float32, requires_grad=True)
    w = mg.tensor(rng.standard_normal((3, 1, 3, 3)), dtype=np.float32, requires_grad=True)
    y = conv.conv2d(x, w, padding=1)
    y.sum().backward()
    assert y.dtype == x.grad.dtype == w.grad.dtype == np.float32


def test_first_layer_skips_the_input_gradient(monkeypatch):
    calls = []
    monkeypatch.setattr(conv.ConvTranspose, "forward", lambda *a, **k: calls.append(1))
    x, w = mg.tensor(rng.standard_normal((2, 1, 6, 6))), _leaf((3, 1, 3, 3))
    conv.conv2d(x, w).sum().backward()
    assert calls == [] and w.grad is not None and x.grad is None


def _is_batch_last(a):
    # Memory order (C, *S, N): strides decrease along those axes (size-1 axes aside).
    moved = np.moveaxis(a, 0, -1)
    strides = [s for s, n in zip(moved.strides, moved.shape) if n > 1]
    return strides == sorted(strides, reverse=True) and (not strides or strides[-1] == a.itemsize)


@given(d=st.sampled_from([1, 2, 3]), data=st.data())
def test_the_faces_give_batch_last_arrays_whatever_the_input_layout(d, data):
    # The three faces read any memory layout (C-ordered, batch-last, a strided slice) and
    # give the same values, laid out batch-last; any stride, padding (also unequal),
    # dilation and groups.
    ints = lambda lo, hi: st.tuples(*[st.integers(lo, hi)] * d)
    kernel, dilation, stride = data.draw(ints(1, 3)), data.draw(ints(1, 2)), data.draw(ints(1, 2))
    lo, hi, size = data.draw(ints(0, 2)), data.draw(ints(0, 2)), data.draw(ints(1, 6))
    out = output_size(size, kernel, stride, lo, hi, dilation)
    assume(min(out) > 0)
    groups, cg, cog = data.draw(st.integers(1, 2)), data.draw(st.integers(1, 2)), 2
    geo = conv.ConvGeometry(size, out, kernel, stride, lo, hi, dilation, groups, True)
    x = rng.standard_normal((3, groups * cg, *size))
    gy = rng.standard_normal((3, groups * cog, *out))
    w = rng.standard_normal((groups * cog, cg, *kernel))

    def layouts(a):
        doubled = np.repeat(a, 2, axis=-1)[..., ::2]  # same values, strided
        return [a, _layout.batch_last(a), doubled]

    ys = [_conv_numpy.correlate(v, w, geo)[0] for v in layouts(x)]
    dxs = [_conv_numpy.correlate_input_grad(v, w, geo) for v in layouts(gy)]
    dws = [
        _conv_numpy.correlate_weight_grad(v, g, geo, None) for v in layouts(x) for g in layouts(gy)
    ]
    for found in (ys, dxs, dws):
        for f in found[1:]:
            np.testing.assert_allclose(f, found[0], rtol=1e-12, atol=1e-12)
    assert all(map(_is_batch_last, ys + dxs))
    # And the values are the adjoint pair: <conv(x, w), gy> = <x, conv_transpose(gy, w)>
    # = <w, conv_weight(x, gy)>.
    np.testing.assert_allclose(np.vdot(ys[0], gy), np.vdot(x, dxs[0]), rtol=1e-10)
    np.testing.assert_allclose(np.vdot(ys[0], gy), np.vdot(w, dws[0]), rtol=1e-10)


def test_activations_stay_batch_last_between_convolutions():
    # conv -> relu -> max-pool -> conv: no layer converts the layout back (each conversion
    # is a full copy), forward and backward.
    x = mg.tensor(rng.standard_normal((4, 2, 12, 12)), requires_grad=True)
    w1, w2 = _leaf((3, 2, 3, 3)), _leaf((5, 3, 3, 3))
    h = F.max_pool2d(F.relu(conv.conv2d(x, w1)), 2)
    assert _is_batch_last(h.array)
    y = conv.conv2d(h, w2)
    assert _is_batch_last(y.array)
    grads = mg.autograd.grad(y.sum(), [h, x])
    assert all(_is_batch_last(g.array) for g in grads)


@pytest.mark.parametrize("groups", [1, 3])
@pytest.mark.parametrize("stride", [1, 2])
def test_row_bands_give_the_same_values_and_gradients_of_two_orders(monkeypatch, stride, groups):
    # The large-layer route (output rows in bands, bounded im2col) against one band.
    x0, w0 = rng.standard_normal((5, 3, 7, 6)), rng.standard_normal((6, 3 // groups, 3, 3))

    def run():
        x, w = mg.tensor(x0, requires_grad=True), mg.tensor(w0, requires_grad=True)
        y = conv.conv2d(x, w, padding=1, stride=stride, groups=groups)
        gx, gw = mg.autograd.grad((y**2).sum(), [x, w], create_graph=True)
        hx, hw = mg.autograd.grad((gx**2).sum() + (gw**2).sum(), [x, w])
        return [t.array for t in (y, gx, gw, hx, hw)]

    whole = run()
    # 27 im2col rows, 5 items, 6 (stride 2: 3) output columns a row: 810 (405) elements a
    # row, so one row (two rows) a band.
    monkeypatch.setattr(_conv_numpy, "BAND_ELEMENTS", 900)
    size, out = (7, 6), ((7, 6) if stride == 1 else (4, 3))
    geo = conv.ConvGeometry(size, out, (3, 3), (stride,) * 2, (1, 1), (1, 1), (1, 1), 1, True)
    step = 1 if stride == 1 else 2
    matrix = 27 * 5 * out[0] * out[1]  # the whole matrix, up to which there is one band
    monkeypatch.setattr(_conv_numpy, "WHOLE_ELEMENTS", matrix)
    assert _conv_numpy.bands(5, 27, geo) == [slice(None)]
    monkeypatch.setattr(_conv_numpy, "WHOLE_ELEMENTS", matrix - 1)
    assert _conv_numpy.bands(5, 27, geo) == [
        slice(i, min(i + step, out[0])) for i in range(0, out[0], step)
    ]
    for a, b in zip(whole, run()):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-10)


def test_weight_gradient_reuses_the_forward_im2col(monkeypatch):
    calls = []
    im2col = _conv_numpy.im2col
    monkeypatch.setattr(_conv_numpy, "im2col", lambda *a: calls.append(1) or im2col(*a))
    x, w = _leaf((2, 2, 6, 6)), _leaf((3, 2, 3, 3))
    conv.conv2d(x, w).sum().backward()
    assert len(calls) == 1


def test_a_second_backward_with_retain_graph_recomputes_what_the_first_freed():
    x, w = _leaf((2, 2, 6, 6)), _leaf((3, 2, 3, 3))
    y = conv.conv2d(x, w, padding=1)
    g = mg.tensor(rng.standard_normal(y.shape))
    y.backward(g, retain_graph=True)
    first = x.grad.array.copy(), w.grad.array.copy()
    y.backward(g)
    np.testing.assert_allclose(x.grad.array, 2 * first[0])
    np.testing.assert_allclose(w.grad.array, 2 * first[1])


def test_no_grad_forward_records_nothing():
    with mg.no_grad():
        y = conv.conv2d(_leaf((1, 1, 4, 4)), _leaf((1, 1, 2, 2)))
    assert y.grad_fn is None and not y.requires_grad


# --------------------------------------------------------------------------------------------
# Bad input: ValueError/TypeError naming the op, the argument and the shapes
# --------------------------------------------------------------------------------------------

X, W = mg.tensor(np.ones((2, 4, 5, 5))), mg.tensor(np.ones((6, 4, 3, 3)))


@pytest.mark.parametrize(
    "call,error,match",
    [
        (
            lambda: conv.conv2d(X, mg.tensor(np.ones((6, 4, 7, 3)))),
            ValueError,
            r"conv2d: the kernel .*7, 3.* larger than the padded input .*5, 5",
        ),
        (
            lambda: conv.conv2d(X, W, dilation=3),
            ValueError,
            r"conv2d: the kernel .*extent \(7, 7\)",
        ),
        (
            lambda: conv.conv2d(X, mg.tensor(np.ones((6, 2, 3, 3))), groups=3),
            ValueError,
            r"conv2d: input channels \(4, input shape \(2, 4, 5, 5\)\) .* groups=3",
        ),
        (
            lambda: conv.conv2d(X, mg.tensor(np.ones((5, 2, 3, 3))), groups=2),
            ValueError,
            r"conv2d: output channels \(5, weight shape \(5, 2, 3, 3\)\) .* groups=2",
        ),
        (
            lambda: conv.conv2d(X, mg.tensor(np.ones((6, 3, 3, 3)))),
            ValueError,
            r"conv2d: weight of shape \(6, 3, 3, 3\) .* expects 3 input channels.*\(2, 4, 5, 5\)",
        ),
        (
            lambda: conv.conv2d(X, mg.tensor(np.ones((6, 4, 3)))),
            ValueError,
            r"conv2d: weight must have rank 4 .* \(6, 4, 3\)",
        ),
        (
            lambda: conv.conv2d(mg.tensor(np.ones((4, 5))), W),
            ValueError,
            r"conv2d: expected input of rank 4 .* or 3 .* got shape \(4, 5\)",
        ),
        (lambda: conv.conv2d(X, W, stride=0), ValueError, r"conv2d: stride must be positive"),
        (
            lambda: conv.conv2d(X, W, dilation=(1, -1)),
            ValueError,
            r"conv2d: dilation must be positive",
        ),
        (lambda: conv.conv2d(X, W, padding=-1), ValueError, r"conv2d: padding must be non-neg"),
        (
            lambda: conv.conv2d(X, W, padding="same", stride=2),
            ValueError,
            r"conv2d: padding='same' .*stride=\(2, 2\)",
        ),
        (lambda: conv.conv2d(X, W, padding="full"), ValueError, r"conv2d: padding must be"),
        (
            lambda: conv.conv2d(X, W, stride=(1, 2, 3)),
            TypeError,
            r"conv2d: stride must be an int or a tuple of 2 ints",
        ),
        (lambda: conv.conv2d(X, W, groups=0), ValueError, r"conv2d: groups must be a positive"),
        (
            lambda: conv.conv2d(X, W, mg.tensor(np.ones(5))),
            ValueError,
            r"conv2d: bias must have shape \(6,\) .* got \(5,\)",
        ),
        (
            lambda: conv.conv2d(np.ones((2, 4, 5, 5)), W),
            TypeError,
            r"conv2d: input must be a Tensor",
        ),
        (
            lambda: conv.conv2d(mg.tensor(np.ones((2, 4, 5, 5), int)), W),
            TypeError,
            r"conv2d: input must be a floating-point tensor",
        ),
        (
            lambda: conv.conv1d(mg.tensor(np.ones((1, 2, 3))), mg.tensor(np.ones((1, 2, 0)))),
            ValueError,
            r"conv1d: the kernel must not be empty",
        ),
        (
            lambda: conv.conv_transpose2d(X, mg.tensor(np.ones((3, 2, 3, 3)))),
            ValueError,
            r"conv_transpose2d: weight of shape \(3, 2, 3, 3\) expects 3 input channels.*has 4",
        ),
        (
            lambda: conv.conv_transpose2d(
                X, mg.tensor(np.ones((4, 2, 3, 3))), stride=2, output_padding=2
            ),
            ValueError,
            r"conv_transpose2d: output_padding \(2, 2\) must be smaller than either stride",
        ),
        (
            lambda: conv.conv_transpose2d(X, mg.tensor(np.ones((4, 2, 1, 1))), padding=3),
            ValueError,
            r"conv_transpose2d: the output size \(-1, -1\) is not positive",
        ),
        (
            lambda: conv.conv_transpose1d(X, mg.tensor(np.ones((4, 2, 1)))),
            ValueError,
            r"conv_transpose1d: expected input of rank 3 .* got shape \(2, 4, 5, 5\)",
        ),
    ],
)
def test_bad_input_raises_naming_op_argument_and_shapes(call, error, match):
    with pytest.raises(error, match=match):
        call()
