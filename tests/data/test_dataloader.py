"""Tests for minigrad/data/dataloader.py: DataLoader and default_collate."""

from collections import namedtuple

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import minigrad as mg
from minigrad.data import DataLoader, Dataset, TensorDataset, default_collate


class _ItemsOnly(Dataset):
    """Sample ``i`` is ``(i as float32 row of 3, i)``; no batch fetch."""

    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return np.full(3, i, np.float32), i


class _BatchOnly(_ItemsOnly):
    """Has a batch fetch, and fails if the loader falls back to one call per sample."""

    calls = 0

    def __getitem__(self, i):
        raise AssertionError("the DataLoader fetched a single sample")

    def __getitems__(self, indices):
        self.calls += 1
        idx = np.asarray(indices)
        return np.repeat(idx[:, None], 3, axis=1).astype(np.float32), idx


@given(
    n=st.integers(0, 30),
    batch_size=st.integers(1, 8),
    shuffle=st.booleans(),
    drop_last=st.booleans(),
    batched=st.booleans(),
)
def test_batches_cover_the_dataset(n, batch_size, shuffle, drop_last, batched):
    ds = (_BatchOnly if batched else _ItemsOnly)(n)
    loader = DataLoader(
        ds,
        batch_size=batch_size,
        shuffle=shuffle,
        drop_last=drop_last,
        generator=np.random.default_rng(0),
    )
    batches = list(loader)
    assert len(batches) == len(loader)
    expected_len = n // batch_size if drop_last else -(-n // batch_size)
    assert len(loader) == expected_len
    seen = []
    for k, (x, y) in enumerate(batches):
        assert isinstance(x, mg.Tensor) and isinstance(y, mg.Tensor)
        assert x.dtype == np.float32 and y.dtype == np.int64
        full = k < len(batches) - 1 or drop_last or n % batch_size == 0
        assert len(y) == (batch_size if full else n % batch_size)
        np.testing.assert_array_equal(x.array, np.repeat(y.array[:, None], 3, axis=1))
        seen.extend(y.array.tolist())
    assert len(set(seen)) == len(seen)
    if drop_last:
        assert len(seen) == expected_len * batch_size
    else:
        assert sorted(seen) == list(range(n))
    if not shuffle:
        assert seen == list(range(len(seen)))


def test_len_matches_pytorch(torch):
    for n, bs, drop in [(10, 3, False), (10, 3, True), (9, 3, False), (0, 4, False), (2, 5, True)]:
        ours = DataLoader(_ItemsOnly(n), batch_size=bs, drop_last=drop)
        theirs = torch.utils.data.DataLoader(range(n), batch_size=bs, drop_last=drop)
        assert len(ours) == len(theirs)


def test_batch_fetch_is_one_call_per_batch():
    ds = _BatchOnly(10)
    assert len(list(DataLoader(ds, batch_size=4, shuffle=True))) == 3
    assert ds.calls == 3


def test_tensor_dataset_batches_without_per_sample_calls(monkeypatch):
    ds = TensorDataset(np.arange(20.0).reshape(10, 2), np.arange(10))
    monkeypatch.setattr(TensorDataset, "__getitem__", None)
    (_, y), *_ = DataLoader(ds, batch_size=4)
    np.testing.assert_array_equal(y.array, [0, 1, 2, 3])


def test_getitems_returning_a_list_is_collated():
    class ListBatches(_ItemsOnly):
        def __getitems__(self, indices):
            return [self[int(i)] for i in indices]

    x, y = next(iter(DataLoader(ListBatches(5), batch_size=2)))
    assert x.shape == (2, 3) and y.array.tolist() == [0, 1]


def test_custom_collate_gets_the_samples():
    got = []

    def collate(samples):
        got.append(samples)
        return len(samples)

    loader = DataLoader(_BatchOnly(5), batch_size=2, collate_fn=collate)
    with pytest.raises(AssertionError, match="fetched a single sample"):
        list(loader)
    assert list(DataLoader(_ItemsOnly(5), batch_size=2, collate_fn=collate)) == [2, 2, 1]
    assert got[0][1][1] == 1


def test_shuffle_is_reproducible_and_changes_every_epoch():
    ds = _ItemsOnly(50)

    def order(loader):
        return np.concatenate([y.array for _, y in loader])

    mg.manual_seed(0)
    loader = DataLoader(ds, batch_size=7, shuffle=True)
    first, second = order(loader), order(loader)
    assert not np.array_equal(first, second)
    mg.manual_seed(0)
    np.testing.assert_array_equal(order(loader), first)
    a = DataLoader(ds, batch_size=7, shuffle=True, generator=np.random.default_rng(5))
    b = DataLoader(ds, batch_size=7, shuffle=True, generator=np.random.default_rng(5))
    np.testing.assert_array_equal(order(a), order(b))


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"batch_size": 0}, ValueError, "DataLoader: batch_size must be at least 1, got 0"),
        ({"batch_size": 2.0}, TypeError, "DataLoader: batch_size must be an int, got 2.0"),
        ({"batch_size": True}, TypeError, "DataLoader: batch_size must be an int, got True"),
        ({"generator": 1}, TypeError, "DataLoader: generator must be a np.random.Generator"),
        ({"collate_fn": 3}, TypeError, "DataLoader: collate_fn must be callable, got 3"),
    ],
)
def test_dataloader_rejects_bad_arguments(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        DataLoader(_ItemsOnly(3), **kwargs)


def test_dataloader_needs_a_map_style_dataset():
    with pytest.raises(TypeError, match="dataset must define __getitem__ and __len__, got gen"):
        DataLoader(x for x in range(3))


# --------------------------------------------------------------------------------------------
# default_collate
# --------------------------------------------------------------------------------------------


def test_collate_stacks_leaves_with_their_dtypes():
    batch = default_collate(
        [
            (mg.ones(2, 3), np.zeros(4, np.float64), np.int32(1), 1.5, 3, True, "a"),
            (mg.zeros(2, 3), np.ones(4, np.float64), np.int32(2), 2.5, 4, False, "b"),
        ]
    )
    assert isinstance(batch, tuple)
    t, a, s, f, i, b, names = batch
    assert t.shape == (2, 2, 3) and t.dtype == np.float32
    assert a.shape == (2, 4) and a.dtype == np.float64
    assert s.dtype == np.int32 and s.array.tolist() == [1, 2]
    assert f.dtype == np.float32 and f.array.tolist() == [1.5, 2.5]
    assert i.dtype == np.int64 and i.array.tolist() == [3, 4]
    assert b.dtype == np.bool_ and b.array.tolist() == [True, False]
    assert names == ["a", "b"]


def test_collate_recurses_into_dicts_lists_and_namedtuples():
    Pair = namedtuple("Pair", "x y")
    batch = default_collate(
        [{"p": Pair(1, [2.0, 3]), "q": "u"}, {"p": Pair(4, [5.0, 6]), "q": "v"}]
    )
    assert isinstance(batch["p"], Pair)
    assert batch["p"].x.array.tolist() == [1, 4]
    assert isinstance(batch["p"].y, list)
    assert batch["p"].y[0].array.tolist() == [2.0, 5.0]
    assert batch["q"] == ["u", "v"]


def test_collate_matches_pytorch_on_numbers_and_arrays(torch):
    samples = [(np.arange(6).reshape(2, 3) + k, k, {"w": np.full(2, k / 2)}) for k in range(4)]
    ours = default_collate(samples)
    theirs = torch.utils.data.default_collate(samples)
    np.testing.assert_array_equal(ours[0].array, theirs[0].numpy())
    np.testing.assert_array_equal(ours[1].array, theirs[1].numpy())
    np.testing.assert_array_equal(ours[2]["w"].array, theirs[2]["w"].numpy())


@pytest.mark.parametrize(
    ("batch", "exc", "match"),
    [
        ([], ValueError, "default_collate: needs a non-empty list of samples"),
        ([np.zeros(2), np.zeros(3)], ValueError, r"different shapes \[\(2,\), \(3,\)\]"),
        ([{"a": 1}, {"b": 1}], ValueError, r"different keys \(first: \['a'\]\)"),
        ([(1, 2), (1,)], ValueError, r"different lengths \(first has 2\)"),
        ([None, None], TypeError, "default_collate: cannot batch NoneType"),
    ],
)
def test_collate_rejects_mismatched_samples(batch, exc, match):
    with pytest.raises(exc, match=match):
        default_collate(batch)
