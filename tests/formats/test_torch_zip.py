"""PyTorch's checkpoint format, both ways, with PyTorch as the oracle; hostile archives."""

from __future__ import annotations

import io
import os
import pickle
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

import minigrad as mg

torch = pytest.importorskip("torch")

sys.path.insert(0, str(Path(__file__).parents[2] / "examples"))
from mnist_cnn import build_model  # noqa: E402


def _torch_flagship():
    tn = torch.nn
    layers = [
        tn.Conv2d(1, 16, 5), tn.ReLU(), tn.MaxPool2d(2), tn.Conv2d(16, 32, 5), tn.ReLU(),
        tn.MaxPool2d(2), tn.Flatten(), tn.Linear(512, 128), tn.ReLU(), tn.Dropout(0.25),
        tn.Linear(128, 10),
    ]  # fmt: skip
    return tn.Sequential(*layers).float()  # float32 whatever default dtype a test left


def _same_logits(ours, theirs) -> None:
    x = np.random.default_rng(0).standard_normal((4, 1, 28, 28)).astype(np.float32)
    ours.eval()
    theirs.eval()
    with torch.no_grad():
        expected = theirs(torch.tensor(x)).numpy()
    np.testing.assert_allclose(ours(mg.tensor(x)).array, expected, rtol=1e-4, atol=1e-5)


def test_flagship_weights_go_from_minigrad_to_pytorch(tmp_path):
    mg.manual_seed(0)
    ours = build_model()
    mg.save(ours.state_dict(), tmp_path / "m.pt")
    theirs = _torch_flagship()
    theirs.load_state_dict(torch.load(tmp_path / "m.pt", weights_only=True))
    _same_logits(ours, theirs)


def test_flagship_weights_go_from_pytorch_to_minigrad(tmp_path):
    torch.manual_seed(0)
    theirs = _torch_flagship()
    torch.save(theirs.state_dict(), tmp_path / "t.pth")
    ours = build_model()
    ours.load_state_dict(mg.load(tmp_path / "t.pth"))
    _same_logits(ours, theirs)


def test_pytorch_values_of_every_kind_load(tmp_path):
    p = torch.nn.Parameter(torch.randn(3, dtype=torch.float64))
    obj = {
        "p": p, "strided": torch.arange(12).reshape(3, 4).t(), "empty": torch.zeros(0, 2),
        "scalar": torch.tensor(2.5), "half": torch.ones(2, dtype=torch.float16),
        "flags": torch.tensor([True, False]), "n": 3, "x": 1.5, "s": "text", "none": None,
        "nested": [1, (2, 3), {"k": torch.ones(1)}],
    }  # fmt: skip
    torch.save(obj, tmp_path / "a.pt")
    got = mg.load(tmp_path / "a.pt")
    assert got["p"].requires_grad and got["p"].dtype == np.float64
    np.testing.assert_array_equal(got["p"].array, p.detach().numpy())
    np.testing.assert_array_equal(got["strided"].array, np.arange(12).reshape(3, 4).T)
    assert got["empty"].shape == (0, 2) and got["scalar"].item() == 2.5
    assert got["half"].dtype == np.float16 and got["flags"].dtype == np.bool_
    assert (got["n"], got["x"], got["s"], got["none"]) == (3, 1.5, "text", None)
    assert got["nested"][:2] == [1, (2, 3)] and got["nested"][2]["k"].tolist() == [1.0]


def test_what_minigrad_writes_as_torch_loads_with_weights_only(tmp_path):
    obj = {
        "w": mg.ones(2, 3), "p": mg.tensor([1.0, 2.0], requires_grad=True),
        "i": mg.tensor(np.arange(4)), "step": 7, "lr": 1e-3, "betas": (0.9, 0.999),
        "state": {0: {"exp_avg": np.zeros(2, np.float32)}}, "big": 2**40, "neg": -5,
    }  # fmt: skip
    buf = io.BytesIO()
    mg.save(obj, buf, format="torch")
    buf.seek(0)
    got = torch.load(buf, weights_only=True)
    assert isinstance(got["p"], torch.nn.Parameter) and got["p"].requires_grad
    assert got["w"].shape == (2, 3) and got["i"].dtype == torch.int64
    assert (got["step"], got["lr"], got["betas"], got["big"], got["neg"]) == (
        7, 1e-3, (0.9, 0.999), 2**40, -5,
    )  # fmt: skip
    assert got["state"][0]["exp_avg"].tolist() == [0.0, 0.0]
    buf.seek(0)
    assert mg.load(buf)["state"][0]["exp_avg"].tolist() == [0.0, 0.0]


def test_unsupported_values_are_refused_before_writing(tmp_path):
    with pytest.raises(TypeError, match=r"obj\[.f.\] is a builtin_function"):
        mg.save({"f": print}, tmp_path / "x.pt")
    assert not os.path.exists(tmp_path / "x.pt")
    with pytest.raises(ValueError, match="format must be"):
        mg.save({}, tmp_path / "x.bin", format="pickle")


class _Evil:
    def __reduce__(self):
        return (os.system, ("echo pwned > /dev/null",))


def _archive(tmp_path, payload: bytes, extra: dict | None = None) -> Path:
    path = tmp_path / "h.pt"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("h/data.pkl", payload)
        z.writestr("h/byteorder", b"little")
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


def test_an_archive_that_would_run_code_is_refused(tmp_path):
    path = _archive(tmp_path, pickle.dumps({"w": _Evil()}, protocol=2))
    with pytest.raises(ValueError, match=r"refers to posix\.system|refers to os\.system"):
        mg.load(path)


def test_a_pytorch_file_with_a_custom_class_is_refused(tmp_path):
    torch.save({"m": torch.nn.Linear(2, 2)}, tmp_path / "module.pt")  # a whole module, pickled
    with pytest.raises(ValueError, match="may only hold tensors"):
        mg.load(tmp_path / "module.pt")


def test_a_storage_smaller_than_declared_is_refused(tmp_path):
    torch.save({"w": torch.ones(4)}, tmp_path / "ok.pt")
    with zipfile.ZipFile(tmp_path / "ok.pt") as z:
        members = {n: z.read(n) for n in z.namelist()}
    bad = tmp_path / "bad.pt"
    with zipfile.ZipFile(bad, "w") as z:
        for name, data in members.items():
            z.writestr(name, data[:4] if name.endswith("/data/0") else data)
    with pytest.raises(ValueError, match="declares 4 elements but holds 4 bytes"):
        mg.load(bad)


def test_a_garbled_pickle_is_a_value_error(tmp_path):
    with pytest.raises(ValueError, match="not a valid PyTorch archive"):
        mg.load(_archive(tmp_path, b"\x80\x02}q\x00(X\x01"))
