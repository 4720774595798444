"""check_vjp_contract: bugs that a numerical check misses or reports confusingly."""

import numpy as np
import pytest

import minigrad as mg
from minigrad.autograd import Function
from minigrad.testing import GradcheckError, VJPContractError, check_vjp_contract, gradcheck


def t(a, requires_grad=True):
    return mg.tensor(np.asarray(a, dtype=np.float64), requires_grad=requires_grad)


def randn(*shape, seed=0):
    return t(np.random.default_rng(seed).standard_normal(shape))


class AddBias(Function):
    @staticmethod
    def forward(ctx, x, b):
        return x + b

    @staticmethod
    def backward(ctx, grad):
        return grad, grad.sum(axis=0)


class AddBiasNoUnbroadcast(AddBias):
    @staticmethod
    def backward(ctx, grad):
        return grad, grad  # deliberately wrong: the engine would sum it, hiding the bug


class Double(Function):
    @staticmethod
    def forward(ctx, x):
        return 2 * x

    @staticmethod
    def backward(ctx, grad):
        return grad * 2


class DoubleDowncast(Double):
    @staticmethod
    def backward(ctx, grad):
        return (grad * 2).astype(np.float32)  # deliberately wrong: loses precision


class MatMulTransposedWeightGrad(Function):
    @staticmethod
    def forward(ctx, x, w):
        ctx.x, ctx.w = x, w
        return x @ w

    @staticmethod
    def backward(ctx, grad):
        return grad.array @ ctx.w.T, (ctx.x.T @ grad.array).T


def test_correct_user_op_and_builtin_broadcasting_pass():
    x, b = randn(2, 3), randn(3, seed=1)
    assert check_vjp_contract(AddBias.apply, [x, b])
    assert check_vjp_contract(lambda x, b: (x * b).tanh() + b, [x, b])
    assert check_vjp_contract(Double.apply, x)


def test_missing_unbroadcast_passes_gradcheck_but_breaks_the_contract():
    x, b = randn(2, 3), randn(3, seed=1)
    assert gradcheck(AddBiasNoUnbroadcast.apply, [x, b])  # the engine's sum_to rescues it
    with pytest.raises(
        VJPContractError,
        match=r"AddBiasNoUnbroadcast\.backward returned a gradient of shape \(2, 3\) for its "
        r"input 1 of shape \(3,\)",
    ):
        check_vjp_contract(AddBiasNoUnbroadcast.apply, [x, b])
    # A caller can exempt an op that relies on the engine's unbroadcast on purpose.
    assert check_vjp_contract(AddBiasNoUnbroadcast.apply, [x, b], ops=())


def test_dtype_downcast_breaks_the_contract():
    x = randn(3)
    assert gradcheck(DoubleDowncast.apply, [x])  # float32 is precise enough to pass
    with pytest.raises(
        VJPContractError,
        match=r"DoubleDowncast\.backward returned a gradient of dtype float32 for its input 0 "
        r"of dtype float64",
    ):
        check_vjp_contract(DoubleDowncast.apply, [x])


def test_transposed_weight_gradient_of_a_non_square_matmul_has_the_wrong_shape():
    x, w = randn(2, 3), randn(3, 4, seed=1)
    with pytest.raises(VJPContractError, match=r"shape \(4, 3\) for its input 1 of shape \(3, 4\)"):
        check_vjp_contract(MatMulTransposedWeightGrad.apply, [x, w])


def test_wrong_number_of_gradients():
    class TwoForOne(Double):
        @staticmethod
        def backward(ctx, grad):
            return grad * 2, None

    with pytest.raises(VJPContractError, match=r"TwoForOne\.backward returned 2 gradients for 1"):
        check_vjp_contract(TwoForOne.apply, [randn(2)])


def test_backward_writing_into_the_incoming_gradient():
    class ScalesGradInPlace(Double):
        @staticmethod
        def backward(ctx, grad):
            grad.array *= 2
            return grad

    with pytest.raises(VJPContractError, match=r"modified the incoming gradient \(shape \(2,\)\)"):
        check_vjp_contract(ScalesGradInPlace.apply, [randn(2)])


def test_backward_writing_into_its_input():
    class Square(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.x = x
            return x * x

        @staticmethod
        def backward(ctx, grad):
            ctx.x *= 2  # deliberately wrong: reuses the input's buffer
            return grad.array * ctx.x

    with pytest.raises(VJPContractError, match=r"Square\.backward modified its input 0"):
        check_vjp_contract(Square.apply, [randn(2)])


def test_fn_writing_into_its_input_is_reported():
    def fn(x):
        x.array[...] += 1
        return x * 1

    with pytest.raises(VJPContractError, match=r"input 0 \(shape \(2,\)\) was modified in place"):
        check_vjp_contract(fn, [randn(2)])


def test_hidden_state_in_backward():
    class Drifts(Double):
        calls = 0

        @staticmethod
        def backward(ctx, grad):
            Drifts.calls += 1
            return grad * (2 + 1e-12 * Drifts.calls)

    x = randn(3)
    assert gradcheck(Drifts.apply, [x])
    with pytest.raises(
        VJPContractError, match=r"gradient w\.r\.t\. input 0 \(shape \(3,\)\) differs between two"
    ):
        check_vjp_contract(Drifts.apply, [x])


def test_unseeded_randomness_in_forward():
    rng = np.random.default_rng()
    with pytest.raises(VJPContractError, match="output 0 differs between two runs"):
        check_vjp_contract(lambda x: x * float(rng.uniform(1, 2)), [randn(2)])


def test_gradient_leaking_into_an_input_the_output_ignores():
    class Leaks(Function):
        @staticmethod
        def forward(ctx, x, y):
            return 2 * x

        @staticmethod
        def backward(ctx, grad):
            return grad * 2, grad * 1e-7  # below gradcheck's atol

    x, y = randn(3), randn(3, seed=1)
    assert gradcheck(Leaks.apply, [x, y])
    with pytest.raises(
        VJPContractError,
        match=r"do not depend on input 1 \(shape \(3,\)\).*nonzero, e\.g\. .* at element \(0,\)",
    ):
        check_vjp_contract(Leaks.apply, [x, y])
    assert check_vjp_contract(lambda x, y: 2 * x + 0 * y, [x, y])  # exact zeros are fine


def test_raise_exception_false_and_error_class():
    assert issubclass(VJPContractError, GradcheckError)
    x, b = randn(2, 3), randn(3, seed=1)
    assert check_vjp_contract(AddBiasNoUnbroadcast.apply, [x, b], raise_exception=False) is False


def test_given_grad_outputs_and_non_tensor_arguments():
    x = randn(2, 2)
    assert check_vjp_contract(lambda x, k: Double.apply(x) * k, [x, 3.0], [np.ones((2, 2))])
