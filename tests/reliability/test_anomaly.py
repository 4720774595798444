"""Anomaly mode: the first NaN/Inf in a forward op or a VJP names the op, the input shapes and
the user's line that created the op; off by default, and then nothing is recorded or checked."""

import re
import warnings

import numpy as np
import pytest

import minigrad as mg
from minigrad import nn
from minigrad.autograd import (
    AnomalyError,
    Function,
    anomaly,
    detect_anomaly,
    is_anomaly_enabled,
    set_detect_anomaly,
)


@pytest.fixture(autouse=True)
def _quiet_numpy():
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        yield


def line_of(marker: str) -> str:
    """``File "<this file>", line N`` (escaped) for the one line holding ``# <marker>``."""
    with open(__file__) as f:
        (n,) = [i for i, line in enumerate(f, 1) if line.rstrip().endswith(f"# {marker}")]
    return re.escape(f'File "{__file__}", line {n}')


def test_off_by_default():
    assert not is_anomaly_enabled()
    x = mg.tensor([-1.0, 0.0], requires_grad=True)
    y = x.log()  # NaN and -Inf pass silently, as in PyTorch
    assert np.isnan(y.array[0]) and np.isneginf(y.array[1])
    assert y._ctx.stack is None


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda x: x.log(), "Log produced NaN"),
        (lambda x: x / 0.0, "Divide produced NaN"),  # 0 / 0
        (lambda x: (x * 1e30).exp(), "Exp produced Inf"),
        (lambda x: x.sqrt(), "Sqrt produced NaN"),
        (lambda x: mg.logsumexp(x * 1e38 * 10), "Multiply produced Inf"),
    ],
    ids=["log", "divide", "exp", "sqrt", "first-of-several"],
)
def test_forward_nan_or_inf_names_op_shapes_and_line(make, message):
    x = mg.tensor([[-1.0, 0.0, 3.0]], requires_grad=True)
    with detect_anomaly(), pytest.raises(AnomalyError) as err:
        make(x)
    text = str(err.value)
    assert text.startswith(f"{message} in its forward output (input shapes: (1, 3)")
    assert re.search(
        re.escape(f'File "{__file__}", line ') + r"\d+, in <lambda>\n    \(lambda x", text
    )
    assert "already held" not in text  # these ops made the NaN/Inf themselves


def test_forward_message_exact_for_a_binary_op():
    a = mg.tensor([1.0, 0.0], requires_grad=True)
    b = mg.zeros(3, 1)
    with detect_anomaly(), pytest.raises(AnomalyError) as err:
        a / b  # binary-op
    assert str(err.value).startswith(
        "Divide produced NaN in its forward output (input shapes: "
        "(2,), (3, 1)).\nThe op was created at:\n"
    )
    assert re.search(
        line_of("binary-op") + r", in test_forward_message_exact_for_a_binary_op\n    a / b",
        str(err.value),
    )


def test_forward_check_also_covers_ops_that_need_no_gradient():
    with detect_anomaly(), pytest.raises(AnomalyError, match="Log produced Inf"):
        mg.tensor([0.0]).log()


def test_integer_results_are_not_checked():
    with detect_anomaly():
        assert (mg.tensor([1, 2]) * 3).tolist() == [3, 6]


def test_vjp_inf_names_op_and_creation_line():
    x = mg.tensor([4.0, 0.0], requires_grad=True)
    with detect_anomaly():
        y = x.sqrt().sum()  # vjp-inf
        with pytest.raises(AnomalyError) as err:
            y.backward()
    message = str(err.value)
    assert message.startswith("Sqrt produced Inf in its backward (VJP) (input shapes: (2,))")
    assert re.search(line_of("vjp-inf") + r".*\n    y = x.sqrt\(\).sum\(\)", message)


def test_vjp_nan_from_0_times_inf_is_blamed_on_the_op_whose_vjp_made_it():
    x = mg.tensor([0.0, 1.0], requires_grad=True)
    with detect_anomaly():
        y = (x.sqrt() * mg.tensor([0.0, 1.0])).sum()
        with pytest.raises(AnomalyError, match=r"^Sqrt produced NaN in its backward \(VJP\)"):
            y.backward()


def test_a_nan_inside_a_composite_vjp_is_blamed_on_the_outer_op():
    # Sqrt's VJP divides by its output: the inner Divide raises first, the engine re-blames it.
    x = mg.tensor([0.0], requires_grad=True)
    with detect_anomaly():
        y = x.sqrt().sum()
        with pytest.raises(AnomalyError) as err:
            y.backward()
    assert str(err.value).startswith("Sqrt produced Inf in its backward")
    assert isinstance(err.value.__cause__, AnomalyError)  # the inner op's report is kept


def test_vjp_check_in_a_user_function():
    class BadGrad(Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def backward(ctx, grad):
            return grad * np.nan

    x = mg.tensor(np.ones((2, 3)), requires_grad=True)
    with detect_anomaly():
        y = BadGrad.apply(x).sum()
        with pytest.raises(
            AnomalyError,
            match=r"^BadGrad produced NaN in its backward \(VJP\) "
            r"\(input shapes: \(2, 3\)\)",
        ):
            y.backward()


def test_the_user_line_inside_a_module_forward_is_reported():
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(2, 2)

        def forward(self, x):
            return (self.fc(x) * 0.0 - 1.0).log()

    model = Net()
    with detect_anomaly(), pytest.raises(AnomalyError) as err:
        model(mg.full((1, 2), -1e3))
    assert "in forward\n    return (self.fc(x) * 0.0 - 1.0).log()" in str(err.value)


def test_ops_inside_builtin_layers_report_the_callers_line():
    model = nn.Sequential(nn.Linear(2, 2))
    with mg.no_grad():
        model[0].weight.fill_(np.inf)
    x = mg.tensor([[1.0, -1.0]])
    with detect_anomaly(), pytest.raises(AnomalyError) as err:
        model(x)  # layer-call
    assert re.search(line_of("layer-call") + r".*\n    model\(x\)", str(err.value))
    assert "input 0 already held NaN/Inf" in str(err.value)  # the weight was Inf already
    assert "minigrad/nn" not in str(err.value)


def test_backward_in_anomaly_mode_after_a_forward_outside_it_says_not_recorded():
    x = mg.tensor([0.0], requires_grad=True)
    y = x.sqrt().sum()
    with detect_anomaly(), pytest.raises(AnomalyError, match=r"Sqrt.*\n.*\n  \(not recorded\)"):
        y.backward()


def test_finite_programs_run_unchanged_in_anomaly_mode():
    rng = np.random.default_rng(0)
    x_np = rng.standard_normal((3, 4))
    grads = []
    for mode in (False, True):
        x = mg.tensor(x_np, requires_grad=True)
        with set_detect_anomaly(mode):
            (x.tanh() * x.sigmoid()).logsumexp(axis=1).sum().backward()
        grads.append(x.grad.array)
    np.testing.assert_array_equal(*grads)


def test_context_manager_and_decorator_restore_the_previous_mode():
    with detect_anomaly():
        assert is_anomaly_enabled()
        with set_detect_anomaly(False):
            assert not is_anomaly_enabled()
            mg.tensor([-1.0]).log()  # off inside: no error
        assert is_anomaly_enabled()
    assert not is_anomaly_enabled()

    with pytest.raises(KeyError), detect_anomaly():
        {}["missing"]
    assert not is_anomaly_enabled()  # restored after an exception too

    @set_detect_anomaly(True)
    def f():
        return mg.tensor([-1.0]).sqrt()

    with pytest.raises(AnomalyError, match="Sqrt produced NaN"):
        f()
    assert not is_anomaly_enabled()


def test_off_records_and_checks_nothing(monkeypatch):
    """'Free when off': no stack capture and no finiteness scan on the hot path."""

    def forbidden(*args, **kwargs):
        raise AssertionError("anomaly work done while anomaly mode is off")

    monkeypatch.setattr(anomaly.traceback, "extract_stack", forbidden)
    monkeypatch.setattr(anomaly, "check_finite", forbidden)
    monkeypatch.setattr(anomaly, "checked_vjp", forbidden)
    monkeypatch.setattr(anomaly, "digest", forbidden)
    x = mg.tensor([[1.0, -2.0]], requires_grad=True)
    y = (x * x).exp().log().sum()
    y.backward()
    assert x.grad.tolist() == [[2.0, -4.0]]
    with mg.no_grad():
        mg.tensor([1.0]).exp()


def test_on_records_the_stack_and_checks(monkeypatch):
    # The counterpart of the test above: the same patches do fire when the mode is on.
    calls = []
    original = anomaly.check_finite
    monkeypatch.setattr(anomaly, "check_finite", lambda *a: (calls.append(a[2]), original(*a))[1])
    x = mg.tensor([1.0], requires_grad=True)
    with detect_anomaly():
        y = x.exp().sum()
        y.backward()
    assert y._ctx.stack is not None
    assert "forward output" in calls and "backward (VJP)" in calls


def test_an_op_that_only_passes_on_a_given_nan_says_so():
    x = mg.tensor([1.0, np.nan], requires_grad=True)
    with detect_anomaly(), pytest.raises(AnomalyError) as err:
        x * 2.0
    assert "(input shapes: (2,), float; input 0 already held NaN/Inf)" in str(err.value)
