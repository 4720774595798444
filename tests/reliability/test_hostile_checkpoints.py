"""Hostile checkpoint files: every one is refused with a ValueError naming the file, before
any large allocation, and none runs code."""

from __future__ import annotations

import io
import json
import random
import tracemalloc
import zipfile

import numpy as np
import pytest

import minigrad as mg

HEADER = {"format": "minigrad.checkpoint", "version": 1}


def _npy(array: np.ndarray) -> bytes:
    buf = io.BytesIO()
    np.lib.format.write_array(buf, array, allow_pickle=False)
    return buf.getvalue()


def _archive(path, root, members, compression=zipfile.ZIP_STORED):
    with zipfile.ZipFile(path, "w", compression) as z:
        z.writestr("minigrad.json", json.dumps({**HEADER, "root": root}))
        for name, data in members.items():
            z.writestr(name, data)
    return path


def test_a_declared_shape_larger_than_the_member_is_refused_before_allocating(tmp_path):
    # Build a header that declares 10**12 elements but carries 16 bytes of data.
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000000,), }"
    raw = b"\x93NUMPY\x01\x00" + len(header.ljust(118) + "\n").to_bytes(2, "little")
    raw += (header.ljust(118) + "\n").encode() + b"\0" * 16
    path = _archive(tmp_path / "huge.npz", {"array": "a0"}, {"a0.npy": raw})
    with pytest.raises(ValueError, match=r"huge.npz.*declares shape \(1000000000000,\)"):
        mg.load(path)


def test_a_zip_bomb_is_refused_not_inflated(tmp_path):
    zeros = np.zeros(64 * 2**20 // 4, np.float32)  # 64 MiB that deflate to ~64 KiB
    path = _archive(
        tmp_path / "bomb.npz", {"array": "a0"}, {"a0.npy": _npy(zeros)}, zipfile.ZIP_DEFLATED
    )
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match=r"bomb.npz.*inflates .* \(a zip bomb\?\)"):
            mg.load(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 2**20


def test_every_single_bit_flip_is_refused_with_a_value_error_or_loads_equal(tmp_path):
    state = {"w": mg.randn(3, 4), "b": np.arange(5), "meta": {"step": 3, "name": "x"}}
    path = tmp_path / "ok.npz"
    mg.save(state, path)
    data = path.read_bytes()
    rng = random.Random(0)
    for bit in rng.sample(range(len(data) * 8), 600):
        flipped = bytearray(data)
        flipped[bit // 8] ^= 1 << (bit % 8)
        try:
            got = mg.load(io.BytesIO(bytes(flipped)))
        except ValueError:
            continue
        # A flip in a part nothing reads (zip comments, padding) may load: the same values.
        np.testing.assert_array_equal(got["w"].array, state["w"].array)
        np.testing.assert_array_equal(got["b"], state["b"])


@pytest.mark.parametrize(
    ("local", "central", "value"),
    [(8, 10, 99), (6, 8, 1)],
    ids=["unknown compression method", "encrypted flag"],
)
def test_damaged_zip_fields_are_value_errors(tmp_path, local, central, value):
    path = tmp_path / "ok.npz"
    mg.save({"w": mg.ones(8)}, path)
    bad = bytearray(path.read_bytes())
    bad[bad.index(b"a0.npy") - 30 + local] = value  # the member's local header
    bad[bad.rindex(b"a0.npy") - 46 + central] = value  # and its central directory entry
    with pytest.raises(ValueError, match="a0.npy"):
        mg.load(io.BytesIO(bytes(bad)))


@pytest.mark.parametrize(
    "root",
    [
        "[" * 5000 + "]" * 5000,
        '{"tuple": [' * 990 + "1" + "]}" * 990,
        '{"dict": [[1, ' * 2000 + "1" + "]]}" * 2000,
    ],
    ids=["5000 lists", "990 tuples", "2000 dicts"],
)
def test_deeply_nested_structures_are_refused(tmp_path, root):
    path = tmp_path / "deep.npz"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            "minigrad.json", '{"format": "minigrad.checkpoint", "version": 1, "root": ' + root + "}"
        )
    with pytest.raises(ValueError, match=r"deep.npz.*nested"):
        mg.load(path)


def test_saving_a_deeply_nested_object_is_refused():
    obj: list = []
    for _ in range(500):
        obj = [obj]
    with pytest.raises(ValueError, match="nested more than"):
        mg.save(obj, io.BytesIO())


@pytest.mark.parametrize(
    "array",
    [
        np.array(["a", "bc"]),
        np.array([b"a"]),
        np.array(["2026-12-01"], "datetime64[D]"),
        np.zeros(2, "V4"),
        np.zeros(2, [("x", "<f4"), ("y", "<i4")]),
    ],
    ids=["str", "bytes", "datetime", "void", "structured"],
)
def test_non_numeric_members_are_refused_up_front(tmp_path, array):
    path = _archive(tmp_path / "odd.npz", {"tensor": "a0"}, {"a0.npy": _npy(array)})
    with pytest.raises(ValueError, match=r"odd.npz.*holds only booleans and numbers"):
        mg.load(path)


def test_a_file_opened_in_text_mode_is_named(tmp_path):
    path = tmp_path / "ok.npz"
    mg.save({"w": mg.ones(2)}, path)
    with open(path) as text, pytest.raises(TypeError, match="opened in text mode.*'rb'"):
        mg.load(text)
    with open(tmp_path / "new.npz", "w") as text, pytest.raises(TypeError, match="'wb'"):
        mg.save({"w": mg.ones(2)}, text)


def test_loading_holds_one_copy_of_the_data(tmp_path):
    big = np.ones(8 * 2**20 // 4, np.float32)  # 8 MiB
    path = tmp_path / "big.npz"
    mg.save({"w": mg.tensor(big)}, path)
    tracemalloc.start()
    try:
        state = mg.load(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert state["w"].array.nbytes == big.nbytes
    assert peak < 1.5 * big.nbytes
