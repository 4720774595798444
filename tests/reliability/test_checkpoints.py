"""Checkpoints refuse what is not theirs (foreign, truncated, damaged files; tensors that do
not fit the model) with clear errors, and a crash while saving leaves the previous file intact."""

import io
import os
import pickle
import signal
import subprocess
import sys
import textwrap
import time
import zipfile

import numpy as np
import pytest

import minigrad as mg
from minigrad import nn
from minigrad.optim import Adam


def model() -> nn.Module:
    mg.manual_seed(0)
    return nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.Flatten(), nn.Linear(8, 3))


def snapshot(m: nn.Module) -> dict[str, np.ndarray]:
    return {k: np.array(v, copy=True) for k, v in m.state_dict().items()}


def assert_unchanged(m: nn.Module, before: dict[str, np.ndarray]) -> None:
    after = m.state_dict()
    for k, v in before.items():
        np.testing.assert_array_equal(after[k], v, err_msg=k)


@pytest.fixture
def saved(tmp_path):
    path = tmp_path / "model.npz"
    mg.save(model().state_dict(), path)
    return path


# --------------------------------------------------------------------------------------------
# Not a checkpoint
# --------------------------------------------------------------------------------------------


def write_zip(path, members):
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)


FOREIGN = {
    "empty": lambda p: p.write_bytes(b""),
    "text": lambda p: p.write_text("weights: 1 2 3\n"),
    "random-bytes": lambda p: p.write_bytes(np.random.default_rng(0).bytes(300)),
    "pickle": lambda p: p.write_bytes(pickle.dumps({"weight": [1.0]})),
    "npy": lambda p: np.save(p.open("wb"), np.ones(3)),
    "plain-savez": lambda p: np.savez(p.open("wb"), weight=np.ones(3)),
    "zip-of-text": lambda p: write_zip(p, {"readme.txt": "hi"}),
    "wrong-format-tag": lambda p: write_zip(p, {"minigrad.json": '{"format": "other", "root": 1}'}),
    "json-not-an-object": lambda p: write_zip(p, {"minigrad.json": "[1, 2]"}),
    "json-garbage": lambda p: write_zip(p, {"minigrad.json": "{not json"}),
    "newer-version": lambda p: write_zip(
        p, {"minigrad.json": '{"format": "minigrad.checkpoint", "version": 99, "root": 1}'}
    ),
    "missing-array-member": lambda p: write_zip(
        p,
        {
            "minigrad.json": '{"format": "minigrad.checkpoint", "version": 1, "root": '
            '{"array": "a0"}}'
        },
    ),
}


@pytest.mark.parametrize("make", FOREIGN.values(), ids=FOREIGN.keys())
def test_files_that_are_not_minigrad_checkpoints_are_refused(tmp_path, make):
    path = tmp_path / "thing.npz"
    make(path)
    with pytest.raises(ValueError, match=r"^load: '.*thing\.npz' (is|has)") as err:
        mg.load(path)
    assert "checkpoint" in str(err.value)


def test_a_missing_file_and_a_folder_raise_os_errors_naming_the_path(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.npz"):
        mg.load(tmp_path / "nope.npz")
    with pytest.raises(IsADirectoryError):
        mg.load(tmp_path)


@pytest.mark.parametrize("bad", [3, 2.5, None, ["a.npz"]], ids=["int", "float", "None", "list"])
def test_load_and_save_reject_non_paths_naming_the_function(tmp_path, bad):
    with pytest.raises(TypeError, match=r"^load: f must be a path or a binary file"):
        mg.load(bad)
    with pytest.raises(TypeError, match=r"^save: f must be a path or a binary file"):
        mg.save({}, bad)


# --------------------------------------------------------------------------------------------
# Truncated and damaged
# --------------------------------------------------------------------------------------------


def test_every_truncation_of_a_checkpoint_is_refused(saved):
    raw = saved.read_bytes()
    for n in range(0, len(raw), 13):
        with pytest.raises(ValueError, match=r"^load: .* (empty|truncated|damaged|not a minigrad)"):
            mg.load(io.BytesIO(raw[:n]))
    assert mg.load(io.BytesIO(raw)).keys() == model().state_dict().keys()


def test_a_flipped_byte_in_the_weights_is_refused_not_loaded(saved):
    raw = bytearray(saved.read_bytes())
    weight = mg.load(saved)["3.weight"]
    at = bytes(raw).find(weight.numpy().tobytes())
    assert at > 0
    raw[at + 5] ^= 0x01
    with pytest.raises(ValueError, match=r"damaged minigrad checkpoint.*CRC"):
        mg.load(io.BytesIO(bytes(raw)))


# --------------------------------------------------------------------------------------------
# Tensors that do not fit the model
# --------------------------------------------------------------------------------------------


def test_shape_mismatch_is_refused_and_nothing_is_copied(saved):
    m = model()
    before = snapshot(m)
    state = mg.load(saved)
    state["3.weight"] = np.zeros((3, 9), np.float32)
    state["0.weight"] = state["0.weight"] + 1  # a fitting change that must not be applied
    with pytest.raises(
        ValueError,
        match=r"size mismatch for 3\.weight: the state dict has shape \(3, 9\), "
        r"the model has shape \(3, 8\)",
    ):
        m.load_state_dict(state)
    assert_unchanged(m, before)


def test_another_models_checkpoint_is_refused_with_the_keys_named(tmp_path):
    path = tmp_path / "other.npz"
    mg.save(nn.Linear(8, 3).state_dict(), path)
    m = model()
    with pytest.raises(
        ValueError,
        match=r"missing keys: '0\.weight'.*\n.*unexpected keys: "
        r"'weight', 'bias'",
    ):
        m.load_state_dict(mg.load(path))


def test_non_numeric_and_complex_values_are_refused(saved):
    m = model()
    for bad in (np.array(["a"] * 3), np.ones(3, np.complex64), "weights", None):
        state = mg.load(saved)
        state["3.bias"] = bad
        with pytest.raises(ValueError, match=r"3\.bias: expected an array of numbers"):
            m.load_state_dict(state)


def test_float_values_for_an_integer_buffer_are_refused(saved):
    m = model()
    before = snapshot(m)
    state = mg.load(saved)
    state["1.num_batches_tracked"] = np.array(2.7)
    with pytest.raises(
        ValueError,
        match=r"dtype mismatch for 1\.num_batches_tracked: the state dict has "
        r"float64, the model has int64",
    ):
        m.load_state_dict(state)
    assert_unchanged(m, before)


def test_compatible_dtypes_load_and_keep_the_models_dtype(saved):
    m = model()
    state = mg.load(saved)
    state["3.weight"] = state["3.weight"].astype(np.float64)  # as PyTorch: cast on copy
    m.load_state_dict(state)
    assert m[3].weight.dtype == np.float32
    np.testing.assert_array_equal(m[3].weight.array, state["3.weight"].astype(np.float32))


def test_a_round_trip_restores_the_model_exactly(saved):
    m = model()
    with mg.no_grad():
        for p in m.parameters():
            p.fill_(0.5)
    m.load_state_dict(mg.load(saved))
    assert_unchanged(m, snapshot(model()))


def test_optimizer_state_of_another_model_is_refused(tmp_path):
    m = model()
    opt = Adam(m.parameters())
    other = Adam(nn.Linear(2, 2).parameters())
    with pytest.raises(ValueError, match="Adam"):
        opt.load_state_dict(other.state_dict())


# --------------------------------------------------------------------------------------------
# A crash while saving
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "exc", [OSError("disk full"), KeyboardInterrupt()], ids=["OSError", "KeyboardInterrupt"]
)
def test_an_error_mid_save_leaves_the_previous_checkpoint_intact(saved, monkeypatch, exc):
    before = saved.read_bytes()
    writes = []
    original = np.lib.format.write_array

    def failing_write(fp, array, *args, **kwargs):
        writes.append(array.shape)
        if len(writes) == 3:  # after two arrays are already in the new file
            raise exc
        return original(fp, array, *args, **kwargs)

    monkeypatch.setattr(np.lib.format, "write_array", failing_write)
    with pytest.raises(type(exc)):
        mg.save({"w": mg.ones(4), "b": mg.ones(2), "c": mg.ones(3)}, saved)
    assert saved.read_bytes() == before
    assert os.listdir(saved.parent) == [saved.name]  # no temporary file left behind
    assert mg.load(saved).keys() == model().state_dict().keys()


def test_a_failing_rename_leaves_the_previous_checkpoint_intact(saved, monkeypatch):
    before = saved.read_bytes()

    def no_rename(src, dst):
        raise OSError("rename failed")

    monkeypatch.setattr(os, "replace", no_rename)
    with pytest.raises(OSError, match="rename failed"):
        mg.save({"w": mg.zeros(5)}, saved)
    assert saved.read_bytes() == before
    assert os.listdir(saved.parent) == [saved.name]


def test_a_killed_process_never_leaves_a_damaged_checkpoint(tmp_path):
    """SIGKILL a process that keeps saving a 16 MB checkpoint, at random moments once it has
    saved at least once: the file at the path is always a complete checkpoint."""
    if not hasattr(signal, "SIGKILL"):
        pytest.skip("needs SIGKILL")
    path = tmp_path / "ckpt.npz"
    mg.save({"step": -1, "w": np.zeros(4_000_000, np.float32)}, path)
    script = textwrap.dedent(
        f"""
        import numpy as np, minigrad as mg
        w = np.zeros(4_000_000, np.float32)
        for step in range(100_000):
            w[:] = step
            mg.save({{"step": step, "w": w}}, {str(path)!r})
        """
    )
    rng = np.random.default_rng(0)
    steps = []
    for _ in range(3):
        proc = subprocess.Popen([sys.executable, "-c", script])
        try:
            start = path.stat().st_mtime_ns
            deadline = time.monotonic() + 20
            while path.stat().st_mtime_ns == start and time.monotonic() < deadline:
                time.sleep(0.005)
            time.sleep(rng.uniform(0.0, 0.05))  # somewhere inside a later save
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        state = mg.load(path)
        assert state["w"].shape == (4_000_000,)
        assert (state["w"] == max(state["step"], 0)).all()
        steps.append(state["step"])
    assert max(steps) >= 0  # the writer did replace the file before it was killed
