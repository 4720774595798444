"""minigrad.amp (autocast, GradScaler) and its torch.cuda.amp spellings, against PyTorch's
behaviour on a machine without CUDA."""

import warnings

import numpy as np
import pytest

import minigrad

real_torch = pytest.importorskip("torch")


def test_autocast_on_a_missing_device_warns_and_runs_in_full_precision():
    x = minigrad.ones(2, 3)
    with pytest.warns(UserWarning, match="CUDA is not available. Disabling"):
        ctx = minigrad.autocast("cuda")
    with ctx:
        y = x @ x.T
    assert y.dtype == minigrad.float32
    assert minigrad.autocast is minigrad.amp.autocast


def test_autocast_as_a_decorator_calls_through():
    with pytest.warns(UserWarning):

        @minigrad.amp.autocast("cuda", dtype=minigrad.float16)
        def f(a, b=1):
            return a + b

    assert f(2, b=3) == 5
    assert f.__name__ == "f"


def test_enabled_cpu_autocast_is_refused_and_disabled_is_accepted():
    with pytest.raises(RuntimeError, match=r"autocast\(device_type='cpu'.*enabled=False"):
        minigrad.autocast("cpu", dtype=minigrad.float16)
    with minigrad.autocast("cpu", enabled=False):
        pass
    assert minigrad.amp.is_autocast_available("cpu") == real_torch.amp.is_autocast_available("cpu")


@pytest.mark.parametrize(
    "args, error, match",
    [
        ((3,), TypeError, "device_type must be a str, got int"),
        (("tpu",), RuntimeError, "device_type must be one of"),
    ],
)
def test_autocast_bad_device_names_the_argument(args, error, match):
    with pytest.raises(error, match=match):
        minigrad.autocast(*args)


def test_cuda_amp_spellings_warn_deprecated_and_disable_themselves():
    deprecated = r"torch.cuda.amp.autocast\(args...\)` is deprecated"
    with pytest.warns(FutureWarning, match=deprecated), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        ctx = minigrad.cuda.amp.autocast()
    assert ctx.fast_dtype == minigrad.float16
    with pytest.warns(FutureWarning, match="GradScaler"):
        scaler = minigrad.cuda.amp.GradScaler(enabled=False)
    assert not scaler.is_enabled()
    from minigrad.cuda.amp import GradScaler, autocast  # the import programs write

    assert issubclass(autocast, minigrad.amp.autocast)
    assert issubclass(GradScaler, minigrad.amp.GradScaler)


def _step(lib, scaler, grad_value):
    p = lib.nn.Parameter(lib.tensor([1.0, 2.0]))
    opt = lib.optim.SGD([p], lr=0.1)
    loss = (p * lib.tensor(grad_value)).sum()
    scaler.scale(loss).backward()
    scaler.unscale_(opt)
    unscaled = p.grad.detach().numpy().copy()
    scaler.step(opt)
    scaler.update()
    return p.detach().numpy().copy(), unscaled, scaler.get_scale(), scaler.state_dict()


@pytest.mark.parametrize("grad_value", [[0.5, -1.0], [float("inf"), 1.0]], ids=["finite", "inf"])
def test_cpu_grad_scaler_scales_unscales_skips_and_updates_as_pytorch(grad_value):
    kw = dict(init_scale=8.0, growth_interval=1)
    ours = _step(minigrad, minigrad.amp.GradScaler("cpu", **kw), grad_value)
    theirs = _step(real_torch, real_torch.amp.GradScaler("cpu", **kw), grad_value)
    np.testing.assert_allclose(ours[0], theirs[0])
    np.testing.assert_allclose(ours[1], theirs[1])
    assert ours[2] == theirs[2]
    assert ours[3] == theirs[3]


def test_disabled_grad_scaler_is_transparent_like_pytorchs():
    for lib in (minigrad, real_torch):
        scaler = lib.amp.GradScaler("cpu", enabled=False)
        loss = lib.tensor(3.0)
        assert scaler.scale(loss) is loss
        assert scaler.get_scale() == 1.0 and scaler.state_dict() == {}
        p = lib.nn.Parameter(lib.tensor([1.0]))
        p.grad = lib.tensor([2.0])
        opt = lib.optim.SGD([p], lr=0.5)
        scaler.unscale_(opt)
        scaler.step(opt)
        scaler.update()
        assert p.item() == 0.0


def test_grad_scaler_refuses_what_pytorch_refuses():
    scaler = minigrad.amp.GradScaler("cpu")
    p = minigrad.nn.Parameter(minigrad.tensor([1.0]))
    p.grad = minigrad.tensor([1.0])
    opt = minigrad.optim.SGD([p], lr=0.1)
    scaler.unscale_(opt)
    with pytest.raises(RuntimeError, match="already been called on this optimizer"):
        scaler.unscale_(opt)
    with pytest.raises(RuntimeError, match="Closure use is not currently supported"):
        scaler.step(opt, closure=lambda: None)
    with pytest.raises(RuntimeError, match="source state dict is empty"):
        scaler.load_state_dict({})
    with pytest.raises(ValueError, match="GradScaler.scale: outputs must be a Tensor"):
        scaler.scale(3.0)
    with pytest.raises(ValueError, match="growth_factor must be > 1.0"):
        minigrad.amp.GradScaler("cpu", growth_factor=1.0)


def test_grad_scaler_state_dict_round_trip():
    a = minigrad.amp.GradScaler("cpu", init_scale=4.0)
    b = minigrad.amp.GradScaler("cpu")
    b.load_state_dict(a.state_dict())
    assert b.get_scale() == 4.0
    assert b.state_dict() == a.state_dict()


def test_cuda_grad_scaler_without_cuda_warns_and_disables():
    with pytest.warns(UserWarning, match="GradScaler is enabled, but CUDA is not available"):
        scaler = minigrad.amp.GradScaler("cuda")
    assert not scaler.is_enabled()


def test_backends_cuda_flags_are_settable():
    assert minigrad.backends.cuda.matmul.allow_tf32 == real_torch.backends.cuda.matmul.allow_tf32
    assert minigrad.backends.cudnn.allow_tf32 is True
    assert minigrad.backends.cuda.is_built() is False
