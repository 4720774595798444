"""Tests for minigrad/serialization.py: save/load round trips, safety, atomicity, errors."""

import io
import json
import math
import os
import stat
import zipfile

import hypothesis.extra.numpy as hnp
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import minigrad as mg
from minigrad import serialization


def _same(a, b):
    """Deep equality that also checks types and dtypes (and treats NaN as equal to NaN)."""
    assert type(a) is type(b), (type(a), type(b))
    if isinstance(a, mg.Tensor):
        assert a.requires_grad == b.requires_grad
        _same(a.array, b.array)
    elif isinstance(a, (np.ndarray, np.generic)):
        assert a.dtype == b.dtype and np.shape(a) == np.shape(b)
        np.testing.assert_array_equal(a, b)
    elif isinstance(a, dict):
        assert list(a) == list(b)
        for k in a:
            _same(a[k], b[k])
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            _same(x, y)
    elif isinstance(a, float) and math.isnan(a):
        assert math.isnan(b)
    else:
        assert a == b


def _roundtrip(obj, tmp_path):
    path = tmp_path / "ckpt.npz"
    mg.save(obj, path)
    return mg.load(path)


def test_nested_state_roundtrip_keeps_types(tmp_path):
    obj = {
        "model": {
            "conv.weight": mg.randn(4, 1, 3, 3),
            "conv.bias": mg.zeros(4, dtype=np.float64),
            "bn.num_batches_tracked": np.array(7, np.int64),
        },
        "optimizer": {"state": {0: {"step": 3, "exp_avg": np.ones((2, 2))}}, "lr": 1e-3},
        "epoch": 5,
        "best": float("inf"),
        "loss": float("nan"),
        "scale": np.float32(0.5),
        "flags": [True, False, None],
        "name": "mnist ✓",
        "betas": (0.9, 0.999),
        ("fold", 1): [],
        2.5: {},
        np.int64(3): "numpy key",
    }
    _same(obj, _roundtrip(obj, tmp_path))


def test_tensor_keeps_requires_grad_and_has_no_graph(tmp_path):
    w = mg.randn(3, requires_grad=True)
    out = _roundtrip({"w": w, "c": mg.ones(2)}, tmp_path)
    assert out["w"].requires_grad and out["w"].is_leaf and out["w"].grad is None
    assert not out["c"].requires_grad
    np.testing.assert_array_equal(out["w"].array, w.array)
    out["w"].sum().backward()
    np.testing.assert_array_equal(out["w"].grad.array, np.ones(3, np.float32))


def test_shared_objects_load_shared(tmp_path):
    w = mg.ones(2)
    a = np.zeros(3)
    out = _roundtrip({"w": w, "tied": w, "a": [a, a]}, tmp_path)
    assert out["w"] is out["tied"]
    assert out["a"][0] is out["a"][1]
    with zipfile.ZipFile(tmp_path / "ckpt.npz") as z:
        assert sorted(z.namelist()) == ["a0.npy", "a1.npy", "minigrad.json"]


def test_loaded_arrays_are_writable_copies(tmp_path):
    a = np.arange(4.0)
    out = _roundtrip({"a": a}, tmp_path)
    out["a"][0] = 9.0
    assert a[0] == 0.0


@given(
    hnp.arrays(
        dtype=st.one_of(
            hnp.boolean_dtypes(),
            hnp.integer_dtypes(endianness="="),
            hnp.unsigned_integer_dtypes(endianness="="),
            hnp.floating_dtypes(endianness="="),
            hnp.complex_number_dtypes(endianness="="),
        ),
        shape=hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=4),
    )
)
def test_arrays_roundtrip_bit_exact(array):
    buf = io.BytesIO()
    mg.save({"x": array, "t": mg.Tensor(array)}, buf)
    out = mg.load(io.BytesIO(buf.getvalue()))
    for got in (out["x"], out["t"].array):
        assert got.dtype == array.dtype and got.shape == array.shape
        assert got.tobytes() == array.tobytes()


_keys = st.one_of(st.text(max_size=5), st.integers(-5, 5), st.booleans(), st.none())
_leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True),
    st.text(max_size=8),
    hnp.arrays(np.float32, hnp.array_shapes(min_dims=0, max_dims=2, max_side=3)),
)
_trees = st.recursive(
    _leaves,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.lists(children, max_size=3).map(tuple),
        st.dictionaries(_keys, children, max_size=3),
    ),
    max_leaves=12,
)


@given(_trees)
def test_any_supported_tree_roundtrips(tree):
    buf = io.BytesIO()
    mg.save(tree, buf)
    _same(tree, mg.load(io.BytesIO(buf.getvalue())))


def test_file_is_a_plain_npz_with_a_tagged_structure(tmp_path):
    path = tmp_path / "ckpt.npz"
    mg.save({"w": np.arange(3)}, path)
    with np.load(path, allow_pickle=False) as npz:
        np.testing.assert_array_equal(npz["a0"], np.arange(3))
        header = json.loads(npz["minigrad.json"])
    assert header["format"] == "minigrad.checkpoint" and header["version"] == 1


def test_save_writes_the_exact_path_with_normal_permissions(tmp_path):
    path = tmp_path / "model.ckpt"
    mg.save({}, str(path))
    assert os.listdir(tmp_path) == ["model.ckpt"]
    umask = serialization._UMASK
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o666 & ~umask


# --------------------------------------------------------------------------------------------
# Atomic writes
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("exc", [OSError("disk full"), KeyboardInterrupt()])
def test_crash_mid_save_keeps_the_previous_checkpoint(tmp_path, monkeypatch, exc):
    path = tmp_path / "ckpt.npz"
    mg.save({"epoch": 1, "w": np.ones(1000)}, path)
    before = path.read_bytes()
    real_write = np.lib.format.write_array

    def write_half_then_fail(fp, array, **kwargs):
        real_write(fp, array[: array.size // 2], **kwargs)
        raise exc

    monkeypatch.setattr(np.lib.format, "write_array", write_half_then_fail)
    with pytest.raises(type(exc)):
        mg.save({"epoch": 2, "w": np.zeros(1000)}, path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert mg.load(path)["epoch"] == 1
    assert os.listdir(tmp_path) == ["ckpt.npz"], "the temporary file was left behind"


def test_failed_rename_leaves_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "ckpt.npz"

    def fail(src, dst):
        raise PermissionError("read-only target")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(PermissionError):
        mg.save({"a": 1}, path)
    assert os.listdir(tmp_path) == []


# --------------------------------------------------------------------------------------------
# Bad input to save: rejected before anything is written
# --------------------------------------------------------------------------------------------


class _HasStateDict:
    def state_dict(self):
        return {}


@pytest.mark.parametrize(
    ("obj", "exc", "match"),
    [
        ({"a": [1, object()]}, TypeError, r"save: cannot store object at obj\['a'\]\[1\]"),
        ({"s": {1, 2}}, TypeError, r"cannot store set at obj\['s'\]"),
        (_HasStateDict(), TypeError, r"save its state_dict\(\) instead"),
        ({"o": np.array([None, 1])}, TypeError, r"array at obj\['o'\] has dtype object"),
        ({"k": {b"x": 2}}, TypeError, r"dict key b'x' at obj\['k'\] has type bytes"),
        ({frozenset(): 1}, TypeError, r"dict key frozenset\(\) at obj has type frozenset"),
    ],
)
def test_save_rejects_unsupported_objects(tmp_path, obj, exc, match):
    path = tmp_path / "ckpt.npz"
    mg.save({"old": 1}, path)
    with pytest.raises(exc, match=match):
        mg.save(obj, path)
    assert mg.load(path) == {"old": 1}
    assert os.listdir(tmp_path) == ["ckpt.npz"]


def test_save_rejects_a_cycle(tmp_path):
    cyclic = {"a": []}
    cyclic["a"].append(cyclic)
    with pytest.raises(ValueError, match=r"save: obj\['a'\]\[0\] contains itself"):
        mg.save(cyclic, tmp_path / "x.npz")
    shared = [1]
    out = _roundtrip({"x": shared, "y": shared}, tmp_path)
    assert out == {"x": [1], "y": [1]}


# --------------------------------------------------------------------------------------------
# Bad files given to load: a clear ValueError naming the path, never code execution
# --------------------------------------------------------------------------------------------


def test_load_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        mg.load(tmp_path / "nope.npz")


def test_load_refuses_foreign_files(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(ValueError, match=r"notes.txt' is not a minigrad checkpoint \(it is not a"):
        mg.load(text)
    npy = tmp_path / "a.npy"
    np.save(npy, np.ones(3))
    with pytest.raises(ValueError, match=r"a.npy' is not a minigrad checkpoint"):
        mg.load(npy)
    plain = tmp_path / "plain.npz"
    np.savez(plain, w=np.ones(3))
    with pytest.raises(ValueError, match=r"plain.npz' is a .npz/zip archive but not a minigrad"):
        mg.load(plain)
    empty = tmp_path / "empty.npz"
    empty.write_bytes(b"")
    with pytest.raises(ValueError, match=r"empty.npz' is empty"):
        mg.load(empty)


def _write_zip(path, members):
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)


@pytest.mark.parametrize(
    ("header", "match"),
    [
        ({"format": "other", "version": 1, "root": None}, "is not a minigrad checkpoint"),
        ([1, 2], "is not a minigrad checkpoint"),
        ({"format": "minigrad.checkpoint", "version": 2, "root": None}, "format version 2"),
        ({"format": "minigrad.checkpoint", "root": None}, "format version None"),
        (
            {"format": "minigrad.checkpoint", "version": 1, "root": {"array": "a7"}},
            "'a7' is missing",
        ),
        ({"format": "minigrad.checkpoint", "version": 1, "root": {"what": 1}}, "unexpected entry"),
        (
            {"format": "minigrad.checkpoint", "version": 1, "root": {"dict": [[1]]}},
            "malformed dict",
        ),
        (
            {"format": "minigrad.checkpoint", "version": 1, "root": {"dict": [[[1], 2]]}},
            "unhashable",
        ),
        (
            {"format": "minigrad.checkpoint", "version": 1, "root": {"tensor": [1]}},
            "unexpected entry",
        ),
    ],
)
def test_load_refuses_bad_structures(tmp_path, header, match):
    path = tmp_path / "bad.npz"
    _write_zip(path, {"minigrad.json": json.dumps(header)})
    with pytest.raises(ValueError, match=match) as info:
        mg.load(path)
    assert "bad.npz" in str(info.value)


def test_load_refuses_unparsable_structure(tmp_path):
    path = tmp_path / "bad.npz"
    _write_zip(path, {"minigrad.json": b"{not json"})
    with pytest.raises(ValueError, match=r"bad.npz' is a damaged minigrad checkpoint: its"):
        mg.load(path)


def test_load_never_unpickles(tmp_path):
    ran = []

    class Evil:
        def __reduce__(self):
            return (ran.append, ("pwned",))

    member = io.BytesIO()
    np.lib.format.write_array(member, np.array([Evil()], dtype=object), allow_pickle=True)
    header = {"format": "minigrad.checkpoint", "version": 1, "root": {"array": "a0"}}
    path = tmp_path / "evil.npz"
    _write_zip(path, {"minigrad.json": json.dumps(header), "a0.npy": member.getvalue()})
    with pytest.raises(ValueError, match=r"evil.npz' holds an array of dtype object in 'a0.npy'"):
        mg.load(path)
    assert ran == []


def test_every_truncation_is_refused(tmp_path):
    path = tmp_path / "ckpt.npz"
    mg.save({"w": np.arange(20.0), "b": [1, "x"]}, path)
    blob = path.read_bytes()
    cut = tmp_path / "cut.npz"
    for n in range(1, len(blob)):
        cut.write_bytes(blob[:n])
        with pytest.raises(ValueError, match="cut.npz"):
            mg.load(cut)


def test_flipped_bit_in_array_data_is_caught(tmp_path):
    path = tmp_path / "ckpt.npz"
    values = np.arange(20.0)
    mg.save({"w": values}, path)
    blob = bytearray(path.read_bytes())
    at = blob.find(values.tobytes())
    assert at > 0
    blob[at + 8] ^= 0x01
    path.write_bytes(bytes(blob))
    with pytest.raises(ValueError, match=r"ckpt.npz' is a damaged .*Bad CRC-32"):
        mg.load(path)


# --------------------------------------------------------------------------------------------
# With models and optimizers
# --------------------------------------------------------------------------------------------


def _mlp():
    from minigrad import nn

    return nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))


def _train_step(model, opt, x):
    opt.zero_grad()
    (model(x) ** 2).sum().backward()
    opt.step()


def test_model_and_optimizer_checkpoint_resumes_training_exactly(tmp_path):
    from minigrad import optim

    mg.manual_seed(0)
    x = mg.randn(5, 4)
    model = _mlp()
    opt = optim.Adam(model.parameters(), lr=1e-2)
    _train_step(model, opt, x)
    path = tmp_path / "ckpt.npz"
    mg.save({"model": model.state_dict(), "optimizer": opt.state_dict(), "epoch": 1}, path)

    resumed = _mlp()
    resumed_opt = optim.Adam(resumed.parameters(), lr=1e-2)
    state = mg.load(path)
    resumed.load_state_dict(state["model"])
    resumed_opt.load_state_dict(state["optimizer"])
    assert state["epoch"] == 1
    _train_step(model, opt, x)
    _train_step(resumed, resumed_opt, x)
    np.testing.assert_array_equal(resumed(x).array, model(x).array)


def test_checkpoint_of_another_model_is_refused_by_load_state_dict(tmp_path):
    from minigrad import nn

    path = tmp_path / "ckpt.npz"
    mg.save(_mlp().state_dict(), path)
    wider = nn.Sequential(nn.Linear(4, 5), nn.ReLU(), nn.Linear(5, 2))
    with pytest.raises(ValueError, match=r"size mismatch for 0.weight: .* \(3, 4\), .* \(5, 4\)"):
        wider.load_state_dict(mg.load(path))
