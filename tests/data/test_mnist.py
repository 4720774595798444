"""Tests for minigrad/data/mnist.py: the IDX reader on small files the tests write, and MNIST
on the real files shipped in examples/data/mnist/ (no network: downloads are mocked)."""

import functools
import gzip
import http.server
import re
import shutil
import struct
import subprocess
import sys
import threading
import urllib.error
from pathlib import Path

import hypothesis.extra.numpy as hnp
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import minigrad as mg
from minigrad.data import MNIST, DataLoader, read_idx
from minigrad.data import mnist as mnist_module

REAL = Path(__file__).resolve().parents[2] / "examples" / "data" / "mnist"
_CODES = {"u1": 0x08, "i1": 0x09, ">i2": 0x0B, ">i4": 0x0C, ">f4": 0x0D, ">f8": 0x0E}
# Digit counts of the 60,000 training and 10,000 test labels.
TRAIN_HISTOGRAM = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
TEST_HISTOGRAM = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def idx_bytes(array, dtype="u1"):
    array = np.asarray(array, dtype)
    header = bytes([0, 0, _CODES[dtype], array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.tobytes()


def write_idx(path, array, dtype="u1", compress=False):
    blob = idx_bytes(array, dtype)
    Path(path).write_bytes(gzip.compress(blob) if compress else blob)
    return path


# --------------------------------------------------------------------------------------------
# read_idx
# --------------------------------------------------------------------------------------------


@given(
    dtype=st.sampled_from(list(_CODES)),
    shape=hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=5),
    compress=st.booleans(),
    data=st.data(),
)
def test_read_idx_roundtrips_every_type(tmp_path_factory, dtype, shape, compress, data):
    array = data.draw(hnp.arrays(np.dtype(dtype).newbyteorder("="), shape))
    path = tmp_path_factory.mktemp("idx") / "x-idx"
    got = read_idx(write_idx(path, array, dtype, compress))
    assert got.shape == shape and got.dtype == np.dtype(dtype).newbyteorder("=")
    assert got.flags.writeable
    np.testing.assert_array_equal(got, array)


def test_read_idx_detects_gzip_by_content(tmp_path):
    path = write_idx(tmp_path / "plain.gz", np.arange(6).reshape(2, 3))
    np.testing.assert_array_equal(read_idx(path), np.arange(6).reshape(2, 3))
    path = write_idx(tmp_path / "packed", np.arange(4), compress=True)
    np.testing.assert_array_equal(read_idx(path), np.arange(4))


@pytest.mark.parametrize(
    ("blob", "match"),
    [
        (b"", r"is not an IDX file \(bad magic number none"),
        (b"\x00\x01\x08\x01", "bad magic number 00010801"),
        (b"\x00\x00\x07\x01\x00\x00\x00\x01\x05", "bad magic number 00000701"),
        (b"\x00\x00\x08\x03\x00\x00\x00\x02", "truncated: its header declares 3 dimensions but"),
        (
            idx_bytes(np.zeros((4, 2)))[:-1],
            r"truncated: shape \(4, 2\) of uint8 needs 20 bytes \(12 of header\), the file has 19",
        ),
        (idx_bytes(np.zeros(3), ">i4") + b"\x00", r"longer than its header says: shape \(3,\)"),
        # mtime=0: a fixed gzip header, so every pytest-xdist worker collects the same test id
        (gzip.compress(idx_bytes(np.zeros(100)), mtime=0)[:-6], "damaged or truncated gzip file"),
        (b"\x1f\x8b" + b"not gzip at all", "damaged or truncated gzip file"),
    ],
)
def test_read_idx_rejects_bad_files(tmp_path, blob, match):
    path = tmp_path / "bad-idx3-ubyte"
    path.write_bytes(blob)
    with pytest.raises(ValueError, match=f"read_idx: {re.escape(str(path))} .*{match}"):
        read_idx(path)


# --------------------------------------------------------------------------------------------
# MNIST on the real files
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def full_train():
    return read_idx(REAL / "train-images-idx3-ubyte.gz"), read_idx(
        REAL / "train-labels-idx1-ubyte.gz"
    )


@pytest.fixture(scope="module")
def splits():
    return {split: MNIST(REAL, split) for split in ("train", "val", "test")}


def test_split_sizes_and_arrays(splits):
    for split, n in [("train", 50_000), ("val", 10_000), ("test", 10_000)]:
        ds = splits[split]
        assert len(ds) == n
        assert ds.images.shape == (n, 1, 28, 28) and ds.images.dtype == np.float32
        assert ds.labels.shape == (n,) and ds.labels.dtype == np.int64
        assert ds.images.min() == 0.0 and ds.images.max() == 1.0
    assert repr(splits["val"]) == f"MNIST(root={str(REAL)!r}, split='val', samples=10000)"


def test_split_boundaries(splits, full_train):
    images, labels = full_train
    assert images.shape == (60_000, 28, 28) and labels.shape == (60_000,)
    train, val = splits["train"], splits["val"]
    np.testing.assert_array_equal(train.images[-1, 0], images[49_999] / np.float32(255))
    np.testing.assert_array_equal(val.images[0, 0], images[50_000] / np.float32(255))
    np.testing.assert_array_equal(np.concatenate([train.labels, val.labels]), labels)
    np.testing.assert_array_equal(
        np.rint(np.concatenate([train.images, val.images])[:, 0] * 255).astype(np.uint8), images
    )


def test_label_histograms(splits):
    train = np.bincount(splits["train"].labels, minlength=10)
    val = np.bincount(splits["val"].labels, minlength=10)
    assert (train + val).tolist() == TRAIN_HISTOGRAM
    assert train.sum() == 50_000 and val.min() > 800
    assert np.bincount(splits["test"].labels, minlength=10).tolist() == TEST_HISTOGRAM
    assert splits["train"].labels[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert splits["test"].labels[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]


def test_items_and_batches(splits):
    test = splits["test"]
    image, label = test[-1]
    assert isinstance(image, mg.Tensor) and image.shape == (1, 28, 28)
    assert image.dtype == np.float32 and isinstance(label, np.int64)
    np.testing.assert_array_equal(image.array, test.images[-1])
    x, y = next(iter(DataLoader(test, batch_size=64, shuffle=True)))
    assert x.shape == (64, 1, 28, 28) and x.dtype == np.float32 and y.dtype == np.int64
    with pytest.raises(IndexError, match="MNIST\\('test'\\): index 10000 is out of range"):
        test[10_000]
    with pytest.raises(IndexError, match="MNIST\\('test'\\): index -10001 is out of range"):
        test.__getitems__([0, -10_001])


def test_transform_applies_per_item_and_in_batches():
    ds = MNIST(REAL, "test", transform=lambda img: img.array.sum())
    assert ds[0][0] == pytest.approx(ds.images[0].sum())
    x, y = next(iter(DataLoader(ds, batch_size=5)))
    np.testing.assert_allclose(x.array, ds.images[:5].sum(axis=(1, 2, 3)), rtol=1e-6)
    np.testing.assert_array_equal(y.array, ds.labels[:5])


def test_plain_and_recompressed_files_are_accepted(tmp_path):
    for name in ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"):
        raw = gzip.decompress((REAL / f"{name}.gz").read_bytes())
        if "images" in name:
            (tmp_path / name).write_bytes(raw)
        else:  # a mirror's recompression: other bytes, same content
            (tmp_path / f"{name}.gz").write_bytes(gzip.compress(raw, compresslevel=1, mtime=1))
    ds = MNIST(tmp_path, "test")
    assert ds.labels[:3].tolist() == [7, 2, 1]


# --------------------------------------------------------------------------------------------
# MNIST: bad files, missing files, downloads (mocked)
# --------------------------------------------------------------------------------------------


def test_bad_arguments():
    with pytest.raises(
        ValueError, match="MNIST: split must be 'train', 'val' or 'test', got 'dev'"
    ):
        MNIST(REAL, "dev")
    with pytest.raises(TypeError, match="MNIST: transform must be callable, got 3"):
        MNIST(REAL, "test", transform=3)


def _copy_test_labels(root):
    shutil.copy(REAL / "t10k-labels-idx1-ubyte.gz", root)


def test_a_file_that_is_not_the_original_is_refused(tmp_path):
    _copy_test_labels(tmp_path)
    images = write_idx(
        tmp_path / "t10k-images-idx3-ubyte.gz", np.zeros((10, 28, 28)), compress=True
    )
    with pytest.raises(
        ValueError, match=f"MNIST: {re.escape(str(images))} is not the original t10k"
    ):
        MNIST(tmp_path, "test")


@pytest.mark.parametrize(
    ("mangle", "match"),
    [
        (lambda blob: blob[: len(blob) // 2], "damaged or truncated gzip file"),
        (lambda blob: gzip.compress(gzip.decompress(blob)[:-100], 1), r"truncated: shape \(10000,"),
        (
            lambda blob: gzip.compress(b"\x00\x00\x09" + gzip.decompress(blob)[3:], 1),
            "not the orig",
        ),
        (lambda blob: b"PK" + blob, "is not an IDX file"),
    ],
)
def test_damaged_real_files_are_refused(tmp_path, mangle, match):
    _copy_test_labels(tmp_path)
    path = tmp_path / "t10k-images-idx3-ubyte.gz"
    path.write_bytes(mangle((REAL / path.name).read_bytes()))
    with pytest.raises(ValueError, match=f"MNIST: {re.escape(str(path))} .*{match}"):
        MNIST(tmp_path, "test")


def test_missing_files_say_what_to_put_where(tmp_path):
    _copy_test_labels(tmp_path)
    with pytest.raises(
        FileNotFoundError, match=f"t10k-images-idx3-ubyte.gz not found in {tmp_path}"
    ):
        MNIST(tmp_path, "test")
    with pytest.raises(FileNotFoundError, match=r"train-images-idx3-ubyte.gz, train-labels-idx1"):
        MNIST(tmp_path / "nowhere", "val")


def test_offline_download_fails_with_instructions(tmp_path, monkeypatch):
    urls = []

    def offline(url, timeout):
        urls.append((url, timeout))
        raise urllib.error.URLError("no network")

    monkeypatch.setattr(mnist_module, "_fetch", offline)
    root = tmp_path / "mnist"
    with pytest.raises(RuntimeError, match="could not download t10k-images-idx3-ubyte.gz") as info:
        MNIST(root, "test", download=True)
    message = str(info.value)
    assert "no network" in message
    assert (
        f"Put the files t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz into {root}" in message
    )
    assert [u for u, _ in urls] == [m + "t10k-images-idx3-ubyte.gz" for m in mnist_module.MIRRORS]
    assert all(t == mnist_module.DOWNLOAD_TIMEOUT for _, t in urls)
    assert list(root.iterdir()) == []


def test_download_verifies_tries_the_next_mirror_and_stores(tmp_path, monkeypatch):
    def fetch(url, timeout):
        if url.startswith(mnist_module.MIRRORS[0]):
            return b"<html>mirror error page</html>"
        return (REAL / url.rsplit("/", 1)[1]).read_bytes()

    monkeypatch.setattr(mnist_module, "_fetch", fetch)
    _copy_test_labels(tmp_path)
    ds = MNIST(tmp_path, "test", download=True)
    assert len(ds) == 10_000
    stored = tmp_path / "t10k-images-idx3-ubyte.gz"
    assert stored.read_bytes() == (REAL / stored.name).read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "t10k-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz",
    ]


def test_download_skips_files_that_are_present(tmp_path, monkeypatch):
    def no_fetch(url, timeout):
        raise AssertionError(f"fetched {url}")

    monkeypatch.setattr(mnist_module, "_fetch", no_fetch)
    assert len(MNIST(REAL, "test", download=True)) == 10_000


# --------------------------------------------------------------------------------------------
# The default root, real downloads from a local server, lazy imports
# --------------------------------------------------------------------------------------------


def test_default_root_is_minigrad_data_else_the_user_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MINIGRAD_DATA", str(tmp_path / "data"))
    assert mnist_module.default_root() == tmp_path / "data" / "mnist"
    monkeypatch.delenv("MINIGRAD_DATA")
    if sys.platform.startswith("linux"):
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
        assert mnist_module.default_root() == tmp_path / "cache" / "minigrad" / "mnist"
    with pytest.raises(FileNotFoundError, match="download=True") as info:
        monkeypatch.setenv("MINIGRAD_DATA", str(tmp_path / "empty"))
        MNIST(split="test")
    assert str(tmp_path / "empty" / "mnist") in str(info.value)
    assert "a clone of the minigrad repository has them in examples/data/mnist/" in str(info.value)


@pytest.fixture
def mirror():
    """A local HTTP server on 127.0.0.1 serving the shipped files, as a mirror would."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(REAL))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.RequestHandlerClass.log_message = lambda *args: None
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_download_fills_the_default_root_over_http(tmp_path, monkeypatch, mirror):
    monkeypatch.setenv("MINIGRAD_DATA", str(tmp_path))
    monkeypatch.setattr(mnist_module, "MIRRORS", ("http://127.0.0.1:9/", mirror))  # 1st refuses
    ds = MNIST(split="test", download=True)
    assert len(ds) == 10_000 and ds.root == tmp_path / "mnist"
    for name in ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"):
        assert (tmp_path / "mnist" / name).read_bytes() == (REAL / name).read_bytes()
    monkeypatch.setattr(mnist_module, "MIRRORS", ())
    assert len(MNIST(split="test")) == 10_000  # the second time, from the cache


def test_download_from_a_file_url_and_a_corrupt_mirror(tmp_path, monkeypatch):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "t10k-labels-idx1-ubyte.gz").write_bytes(gzip.compress(b"not mnist"))
    monkeypatch.setattr(mnist_module, "MIRRORS", (bad.as_uri() + "/", REAL.as_uri() + "/"))
    ds = MNIST(tmp_path / "root", split="test", download=True)
    assert np.bincount(ds.labels).tolist() == TEST_HISTOGRAM


def test_import_minigrad_does_not_import_urllib():
    code = (
        "import sys, minigrad; print(sorted({'urllib.request', 'http.client'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
