"""Tests for devices (minigrad.devices, cuda, backends, accelerator) against PyTorch."""

import pytest

import minigrad as mg

torch = pytest.importorskip("torch")


@pytest.fixture(autouse=True)
def _pytorch_default_float32():
    """The shared ``torch`` fixture makes PyTorch's default float64; these tests compare
    dtypes with minigrad's default (float32), so PyTorch's is float32 while they run."""
    old = torch.get_default_dtype()
    torch.set_default_dtype(torch.float32)
    yield
    torch.set_default_dtype(old)


def test_device_objects_behave_like_pytorchs():
    for m in (mg, torch):
        d = m.device("cpu")
        assert d.type == "cpu" and d.index is None and str(d) == "cpu"
        assert repr(d) == "device(type='cpu')"
        assert d == m.device("cpu") and (d == "cpu") is False
        assert str(m.device("cuda", 1)) == "cuda:1" and m.device("cuda:1").index == 1
        assert m.tensor([1.0]).device == d
        assert len({d, m.device("cpu")}) == 1
    assert mg.tensor([1.0]).to(mg.device("cpu")).device.type == "cpu"
    with pytest.raises(RuntimeError, match="Expected one of"):
        mg.device("gpu")
    with pytest.raises(RuntimeError):
        torch.device("gpu")


def test_asking_for_another_device_names_it_and_says_cpu_only():
    x = mg.tensor([1.0])
    for call in (
        lambda: x.to("cuda"),
        lambda: x.cuda(),
        lambda: mg.zeros(2, device="cuda"),
        lambda: mg.tensor([1.0], device=mg.device("cuda", 0)),
        lambda: x.to("mps"),
    ):
        with pytest.raises(RuntimeError, match="device '(cuda|cuda:0|mps)' is not available; "):
            call()
    assert mg.zeros(2, device="cpu").device == mg.device("cpu")


def test_availability_queries_answer_no_gpu():
    assert mg.cuda.is_available() is False and mg.cuda.device_count() == 0
    assert mg.backends.mps.is_available() is False
    assert mg.accelerator.is_available() is False
    assert mg.accelerator.current_accelerator() is None
    device = mg.device("cuda" if mg.cuda.is_available() else "cpu")
    assert mg.ones(2).to(device).device == mg.device("cpu")
    mg.backends.cudnn.deterministic = True  # accepted, as programs set it


def test_default_device_and_the_resolver_other_modules_use():
    assert mg.get_default_device() == mg.device("cpu")
    mg.set_default_device("cpu")
    mg.set_default_device(None)
    with pytest.raises(RuntimeError, match="set_default_device: device 'cuda' is not available"):
        mg.set_default_device("cuda")
    assert mg.device._resolve("cpu") == mg.devices.resolve(None) == mg.device("cpu")
    with pytest.raises(RuntimeError, match="Module.to: device 'cuda:0' is not available"):
        mg.devices.resolve(0, "Module.to")
