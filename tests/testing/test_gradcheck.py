"""gradcheck and gradgradcheck: they pass on correct ops and fail, with the documented
message, on a catalogue of deliberately wrong VJPs written as custom Functions."""

import warnings

import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view

import minigrad as mg
from minigrad.autograd import Function
from minigrad.testing import (
    GradcheckError,
    KinkWarning,
    PrecisionWarning,
    gradcheck,
    gradgradcheck,
)


def t(a, requires_grad=True):
    return mg.tensor(np.asarray(a, dtype=np.float64), requires_grad=requires_grad)


def randn(*shape, seed=0):
    return t(np.random.default_rng(seed).standard_normal(shape))


# --------------------------------------------------------------------------------------------
# The catalogue: each op has a correct VJP or one deliberately wrong one.
# --------------------------------------------------------------------------------------------


class Sin(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.sin(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * a.cos()


class SinWrongSign(Sin):
    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return -grad * a.cos()


class MatMul(Function):
    """(n, k) @ (k, m); first-order VJPs in NumPy are enough for these tests."""

    @staticmethod
    def forward(ctx, x, w):
        ctx.x, ctx.w = x, w
        return x @ w

    @staticmethod
    def backward(ctx, grad):
        return grad.array @ ctx.w.T, ctx.x.T @ grad.array


class MatMulTransposedWeightGrad(MatMul):
    @staticmethod
    def backward(ctx, grad):
        return grad.array @ ctx.w.T, (ctx.x.T @ grad.array).T


class AvgPool1d(Function):
    """1-D average pooling over the last axis: kernel k, stride s, no padding."""

    @staticmethod
    def forward(ctx, x, k, s):
        ctx.shape, ctx.k, ctx.s = x.shape, k, s
        return sliding_window_view(x, k, axis=-1)[..., ::s, :].mean(axis=-1)

    @staticmethod
    def window_starts(n_out, s):
        return np.arange(n_out) * s

    @classmethod
    def spread(cls, ctx, grad):
        n_out = grad.shape[-1]
        cols = cls.window_starts(n_out, ctx.s)[:, None] + np.arange(ctx.k)  # (n_out, k)
        gx = np.zeros(ctx.shape)
        np.add.at(gx, (..., cols), np.repeat(grad.array[..., None] / ctx.k, ctx.k, axis=-1))
        return gx, None, None

    @staticmethod
    def backward(ctx, grad):
        return AvgPool1d.spread(ctx, grad)


class AvgPool1dStrideOffByOne(AvgPool1d):
    @staticmethod
    def window_starts(n_out, s):
        return np.arange(n_out) * (s - 1)  # deliberately wrong: the windows are s apart

    @staticmethod
    def backward(ctx, grad):
        return AvgPool1dStrideOffByOne.spread(ctx, grad)


class MaxAll(Function):
    """The maximum of all elements; the gradient goes to the first maximum (as argmax)."""

    @staticmethod
    def forward(ctx, x):
        ctx.mask = np.zeros(x.shape)
        ctx.mask.reshape(-1)[np.argmax(x)] = 1.0
        return np.max(x)

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.mask


class MaxAllEveryTie(Function):
    @staticmethod
    def forward(ctx, x):
        out = np.max(x)
        ctx.mask = (x == out).astype(x.dtype)  # deliberately wrong: counts each tie fully
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.mask


class MaxAllShareTies(Function):
    @staticmethod
    def forward(ctx, x):
        out = np.max(x)
        ctx.mask = (x == out) / np.sum(x == out)
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.mask


class Relu(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.mask = (a > 0).astype(a.dtype)
        return np.maximum(a, 0)

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.mask


class ReluTwiceAtZero(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.slope = np.where(a > 0, 1.0, np.where(a == 0, 2.0, 0.0))
        return np.maximum(a, 0)

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.slope


class CubeFirstOrderOnly(Function):
    """Right first derivative; the VJP uses NumPy, so no graph for second order."""

    @staticmethod
    def forward(ctx, a):
        ctx.a = a
        return a**3

    @staticmethod
    def backward(ctx, grad):
        return grad.array * 3 * ctx.a**2


class CubeDetachedSquare(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return a**3

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * 3 * a.detach() ** 2  # deliberately wrong: cuts the path through a


class Cube(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return a**3

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * 3 * a**2


# --------------------------------------------------------------------------------------------
# Correct ops pass
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fast_mode", [False, True])
def test_correct_ops_pass(fast_mode):
    x, w = randn(3, 4), randn(4, 2, seed=1)
    assert gradcheck(Sin.apply, [x], fast_mode=fast_mode)
    assert gradcheck(MatMul.apply, [x, w], fast_mode=fast_mode)
    assert gradcheck(lambda x: AvgPool1d.apply(x, 2, 2), [randn(2, 7)], fast_mode=fast_mode)
    assert gradcheck(lambda x: (x * x).tanh(), x, fast_mode=fast_mode)
    assert gradgradcheck(Cube.apply, [x], fast_mode=fast_mode)
    assert gradgradcheck(lambda a, b: a * b.sin(), [x, randn(4, seed=2)], fast_mode=fast_mode)


def test_several_outputs_non_tensor_arguments_and_inputs_without_grad():
    x, y = randn(2, 3), randn(3, seed=1)
    c = t(np.ones(3), requires_grad=False)

    def fn(x, y, c, scale):
        return x * y * scale, (y + c).exp(), (x > 0)

    assert gradcheck(fn, [x, y, c, 2.0])
    assert gradgradcheck(fn, [x, y, c, 2.0])


def test_zero_d_and_empty_inputs():
    assert gradcheck(Sin.apply, [t(0.3)])
    assert gradgradcheck(Cube.apply, [t(0.3)])
    assert gradcheck(Sin.apply, [t(np.zeros((0, 3)))])
    assert gradcheck(Sin.apply, [t(np.zeros((0, 3)))], fast_mode=True)


def test_non_contiguous_input_is_perturbed_and_left_unchanged():
    base = np.random.default_rng(0).standard_normal((3, 4))
    x = mg.tensor(base.T, requires_grad=True)  # a transposed, non-contiguous view
    assert not x.array.flags.c_contiguous
    assert gradcheck(Sin.apply, [x])
    with pytest.raises(GradcheckError):
        gradcheck(SinWrongSign.apply, [x])
    np.testing.assert_array_equal(x.array, base.T)


def test_unused_input_gets_zero_numerical_gradient():
    x, y = randn(3), randn(3, seed=1)
    assert gradcheck(lambda x, y: x.sin(), [x, y])


# --------------------------------------------------------------------------------------------
# The catalogue of wrong VJPs fails with the documented message
# --------------------------------------------------------------------------------------------


def test_wrong_sign_names_input_element_values_and_shows_jacobian_slices():
    x = t([[0.0, 1.0], [2.0, 3.0]])
    with pytest.raises(GradcheckError) as info:
        gradcheck(SinWrongSign.apply, [x])
    msg = str(info.value)
    assert msg.startswith(
        "gradcheck: the gradient w.r.t. input 0 (shape (2, 2)) is wrong at element (0, 0) "
        "for output element (0, 0): analytical -1, numerical 1, difference -2"
    )
    assert "4 of 16 Jacobian entries disagree" in msg
    assert "Jacobian rows 0..2 (output elements) x columns 0..2" in msg
    analytical, numerical = msg.split("analytical:\n")[1].split("  numerical:\n")
    assert "-1." in analytical and "-0.5403" in analytical
    assert " 1. " in numerical and "0.5403" in numerical and "-0.5403" not in numerical


def test_wrong_sign_fast_mode_reports_projection_then_locates_element():
    with pytest.raises(GradcheckError) as info:
        gradcheck(SinWrongSign.apply, [randn(3, 2)], fast_mode=True)
    msg = str(info.value)
    assert msg.startswith("gradcheck (fast mode): the projection vᵀJu for input 0 (shape (3, 2))")
    assert "gradcheck: the gradient w.r.t. input 0 (shape (3, 2)) is wrong at element (0, 0)" in msg


def test_raise_exception_false_returns_false():
    assert gradcheck(SinWrongSign.apply, [randn(2)], raise_exception=False) is False
    assert gradcheck(SinWrongSign.apply, [randn(2)], fast_mode=True, raise_exception=False) is False
    assert gradgradcheck(CubeDetachedSquare.apply, [randn(2)], raise_exception=False) is False


def test_transposed_weight_gradient_of_a_matmul():
    x, w = randn(2, 3), randn(3, 3, seed=1)
    assert gradcheck(MatMul.apply, [x, w])
    with pytest.raises(GradcheckError, match=r"w\.r\.t\. input 1 \(shape \(3, 3\)\) is wrong"):
        gradcheck(MatMulTransposedWeightGrad.apply, [x, w])


def test_off_by_one_stride_in_a_pooling_vjp():
    x = randn(2, 7)
    assert gradcheck(lambda x: AvgPool1d.apply(x, 2, 2), [x])
    with pytest.raises(GradcheckError, match=r"input 0 \(shape \(2, 7\)\) is wrong at element"):
        gradcheck(lambda x: AvgPool1dStrideOffByOne.apply(x, 2, 2), [x])
    with pytest.raises(GradcheckError, match=r"fast mode"):
        gradcheck(lambda x: AvgPool1dStrideOffByOne.apply(x, 2, 2), [x], fast_mode=True)


def test_tied_maximum_given_to_one_passes_with_kink_warning():
    x = t([[1.0, 3.0], [3.0, -2.0]])
    with pytest.warns(KinkWarning, match=r"sits on a kink \(input 0 at \[\(0, 1\), \(1, 0\)\]\)"):
        assert gradcheck(MaxAll.apply, [x])
    with pytest.warns(KinkWarning):
        assert gradcheck(MaxAll.apply, [x], fast_mode=True)


def test_tied_maximum_shared_equals_the_central_difference():
    x = t([[1.0, 3.0], [3.0, -2.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert gradcheck(MaxAllShareTies.apply, [x])
        assert gradcheck(MaxAllShareTies.apply, [x], fast_mode=True)


def test_gradient_sent_to_every_tied_maximum_fails():
    x = t([[1.0, 3.0], [3.0, -2.0]])
    with pytest.raises(
        GradcheckError,
        match=r"not a valid choice at a kink \(input 0 at \[\(0, 1\), \(1, 0\)\]\).*"
        r"rate 1, but the analytical gradients sum to 2",
    ):
        gradcheck(MaxAllEveryTie.apply, [x])
    with pytest.raises(GradcheckError, match="not a valid choice at a kink"):
        gradcheck(MaxAllEveryTie.apply, [x], fast_mode=True)
    # Without ties the bug is invisible: every op agrees there.
    assert gradcheck(MaxAllEveryTie.apply, [t([[1.0, 3.0], [2.0, -2.0]])])


def test_tie_across_two_inputs_is_checked_jointly():
    x, y = t([1.0, 2.0]), t([1.0, 0.5])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert gradcheck(mg.maximum, [t([1.0, 2.0]), t([0.0, 0.5])])
        assert gradcheck(mg.maximum, [x, y])  # minigrad shares the tie: the central value

    class MaximumBothGetAll(Function):
        @staticmethod
        def forward(ctx, a, b):
            ctx.ga, ctx.gb = (a >= b).astype(a.dtype), (b >= a).astype(b.dtype)
            return np.maximum(a, b)

        @staticmethod
        def backward(ctx, grad):
            return grad * ctx.ga, grad * ctx.gb

    with pytest.raises(GradcheckError, match=r"input 0 at \[\(0,\)\]; input 1 at \[\(0,\)\]"):
        gradcheck(MaximumBothGetAll.apply, [x, y])


def test_relu_at_zero_is_a_kink_not_a_failure():
    x = t([-1.0, 0.0, 2.0, 0.0])
    with pytest.warns(KinkWarning, match=r"input 0 at \[\(1,\), \(3,\)\]"):
        assert gradcheck(Relu.apply, [x])
    with pytest.warns(KinkWarning):
        assert gradcheck(Relu.apply, [x], fast_mode=True)


def test_a_value_outside_the_one_sided_derivatives_fails_at_a_kink():
    with pytest.raises(
        GradcheckError, match=r"wrong at element \(1,\).*analytical 2, numerical 0.5"
    ):
        gradcheck(ReluTwiceAtZero.apply, [t([-1.0, 0.0, 2.0])])


def test_smooth_function_with_large_curvature_is_not_taken_for_a_kink():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert gradcheck(lambda x: (x * 3).exp(), [t([2.0, 3.0])])


@pytest.mark.filterwarnings("ignore::minigrad.testing.KinkWarning")  # float32 noise looks like one
def test_precision_warning_for_float32_inputs():
    x = mg.tensor(np.array([0.5, 1.0], dtype=np.float32), requires_grad=True)
    with pytest.warns(PrecisionWarning, match="input 0 has dtype float32; central differences"):
        gradcheck(lambda x: x * 2, [x], atol=1e-2, rtol=1e-2)
    with (
        pytest.warns(PrecisionWarning, match="gradgradcheck: input 0 has dtype float32"),
        pytest.warns(PrecisionWarning, match=r"gradgradcheck: grad_outputs\[0\] has dtype float32"),
    ):
        gradgradcheck(lambda x: x * x, [x], atol=1e-1, rtol=1e-1, raise_exception=False)


def test_several_outputs_failure_names_the_output():
    def fn(x):
        return Sin.apply(x), SinWrongSign.apply(x)

    with pytest.raises(GradcheckError, match=r"for output output 1 element \(0,\)"):
        gradcheck(fn, [t([0.5, 1.0])])


# --------------------------------------------------------------------------------------------
# gradgradcheck
# --------------------------------------------------------------------------------------------


def test_gradgradcheck_catches_a_vjp_without_graph():
    x = randn(3)
    assert gradcheck(CubeFirstOrderOnly.apply, [x])
    with pytest.raises(GradcheckError, match=r"^gradgradcheck: the gradient w\.r\.t\. input 0"):
        gradgradcheck(CubeFirstOrderOnly.apply, [x])


def test_gradgradcheck_catches_a_cut_path_and_names_grad_outputs():
    x = randn(3)
    assert gradcheck(CubeDetachedSquare.apply, [x])
    with pytest.raises(GradcheckError, match=r"gradgradcheck: the gradient w\.r\.t\. input 0"):
        gradgradcheck(CubeDetachedSquare.apply, [x])

    class CubeGradIgnoresGrad(Cube):
        @staticmethod
        def backward(ctx, grad):
            (a,) = ctx.saved_tensors
            return mg.tensor(grad.array) * 3 * a**2  # deliberately wrong: cuts the path to grad

    with pytest.raises(GradcheckError, match=r"w\.r\.t\. grad_outputs\[0\] \(shape \(3,\)\)"):
        gradgradcheck(CubeGradIgnoresGrad.apply, [x])


def test_gradgradcheck_with_given_grad_outputs_and_fast_mode():
    x = randn(2, 3)
    v = [np.ones((2, 3))]
    assert gradgradcheck(Cube.apply, [x], v)
    assert gradgradcheck(Cube.apply, [x], v, fast_mode=True)
    with pytest.raises(GradcheckError, match="gradgradcheck \\(fast mode\\)"):
        gradgradcheck(CubeDetachedSquare.apply, [x], v, fast_mode=True)


def test_checkers_take_keyword_only_options():
    with pytest.raises(TypeError):
        gradcheck(Sin.apply, [randn(2)], 1e-6)


@pytest.mark.filterwarnings("ignore:divide by zero:RuntimeWarning")
def test_non_finite_output_is_reported_as_such():
    with pytest.raises(
        GradcheckError,
        match=r"gradcheck: element \(1,\) of the output is -inf at the checked point \(1 "
        r"non-finite output elements\); there is no derivative",
    ):
        gradcheck(lambda x: x.log(), [t([1.0, 0.0])])
