"""safetensors, checked against the reference package; malformed files."""

from __future__ import annotations

import json
import struct

import numpy as np
import pytest

import minigrad as mg

st = pytest.importorskip("safetensors.numpy")


def test_minigrad_writes_what_the_reference_reads(tmp_path):
    tensors = {
        "w": mg.randn(3, 4), "b": mg.zeros(4, dtype=np.float64), "i": mg.tensor(np.arange(5)),
        "m": mg.tensor(np.array([True, False])), "h": np.ones((2, 2), np.float16),
        "e": np.zeros((0, 3), np.float32), "s": np.float32(2.0) * np.ones((), np.float32),
    }  # fmt: skip
    mg.save(tensors, tmp_path / "t.safetensors")
    got = st.load_file(str(tmp_path / "t.safetensors"))
    assert sorted(got) == sorted(tensors)
    for k, v in tensors.items():
        np.testing.assert_array_equal(got[k], np.asarray(v))
        assert got[k].dtype == np.asarray(v).dtype


def test_minigrad_reads_what_the_reference_writes(tmp_path):
    arrays = {"a": np.arange(6, dtype=np.int32).reshape(2, 3), "b": np.ones(3, np.float64)}
    st.save_file(arrays, str(tmp_path / "r.safetensors"))
    got = mg.load(tmp_path / "r.safetensors")
    for k, v in arrays.items():
        assert isinstance(got[k], mg.Tensor) and got[k].dtype == v.dtype
        np.testing.assert_array_equal(got[k].array, v)


def test_nested_or_non_numeric_values_are_refused(tmp_path):
    with pytest.raises(TypeError, match="flat map"):
        mg.save({"a": {"b": mg.ones(1)}}, tmp_path / "x.safetensors")
    with pytest.raises(TypeError, match="expected a flat dict"):
        mg.save([mg.ones(1)], tmp_path / "x.safetensors")


def _file(tmp_path, header: dict, body: bytes = b"") -> str:
    raw = json.dumps(header).encode()
    path = tmp_path / "bad.safetensors"
    path.write_bytes(struct.pack("<Q", len(raw)) + raw + body)
    return str(path)


@pytest.mark.parametrize(
    ("header", "body", "message"),
    [
        ({"a": {"dtype": "F32", "shape": [10**6], "data_offsets": [0, 4 * 10**6]}}, b"", "outside"),
        ({"a": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}, b"\0" * 8, "does not fill"),
        ({"a": {"dtype": "C64", "shape": [1], "data_offsets": [0, 8]}}, b"\0" * 8, "no valid"),
        ({"a": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 4]}}, b"\0" * 4, "outside"),
    ],
)
def test_malformed_files_are_refused_by_name(tmp_path, header, body, message):
    with pytest.raises(ValueError, match=f"not a valid safetensors file.*{message}"):
        mg.load(_file(tmp_path, header, body))


def test_a_header_longer_than_the_file_is_refused(tmp_path):
    path = tmp_path / "h.safetensors"
    path.write_bytes(struct.pack("<Q", 1000) + b"{}")
    with pytest.raises(ValueError, match="header"):
        mg.load(path)
