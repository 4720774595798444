"""Tests for minigrad/data/dataset.py: TensorDataset, Subset, random_split."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import minigrad as mg
from minigrad.data import Dataset, Subset, TensorDataset, random_split


def _dataset(n=6):
    x = np.arange(n * 2, dtype=np.float32).reshape(n, 2)
    y = np.arange(n, dtype=np.int64) * 10
    return TensorDataset(mg.Tensor(x), y), x, y


def test_tensor_dataset_items_are_rows():
    ds, x, y = _dataset()
    assert len(ds) == 6
    xi, yi = ds[4]
    assert isinstance(xi, mg.Tensor) and isinstance(yi, mg.Tensor)
    np.testing.assert_array_equal(xi.array, x[4])
    assert yi.item() == 40 and yi.dtype == np.int64
    np.testing.assert_array_equal(ds[-1][0].array, x[-1])
    np.testing.assert_array_equal(ds[np.int64(2)][1].array, y[2])


@given(st.lists(st.integers(-6, 5), max_size=10))
def test_tensor_dataset_getitems_matches_items(indices):
    ds = _dataset()[0]
    bx, by = ds.__getitems__(indices)
    assert bx.shape == (len(indices), 2) and by.shape == (len(indices),)
    for row, i in enumerate(indices):
        np.testing.assert_array_equal(bx.array[row], ds[i][0].array)
        np.testing.assert_array_equal(by.array[row], ds[i][1].array)


def test_tensor_dataset_getitems_accepts_arrays_and_empty():
    ds = _dataset()[0]
    _, by = ds.__getitems__(np.array([5, 0], np.int32))
    np.testing.assert_array_equal(by.array, [50, 0])
    bx, by = ds.__getitems__([])
    assert bx.shape == (0, 2) and by.dtype == np.int64


@pytest.mark.parametrize(
    ("args", "exc", "match"),
    [
        ((), ValueError, "TensorDataset: needs at least one tensor"),
        ((np.zeros((3, 2)), np.zeros(4)), ValueError, r"same first dimension .*\(3, 2\), \(4,\)"),
        ((np.zeros(3), np.zeros(())), ValueError, r"at least 1-D\), got shapes \[\(3,\), \(\)\]"),
        ((np.zeros(3), [1, 2, 3]), TypeError, "TensorDataset: argument 1 must be a Tensor or nd"),
    ],
)
def test_tensor_dataset_rejects_bad_tensors(args, exc, match):
    with pytest.raises(exc, match=match):
        TensorDataset(*args)


def test_tensor_dataset_bad_indices():
    ds, _, _ = _dataset()
    with pytest.raises(IndexError, match="TensorDataset: index 6 is out of range for a dataset"):
        ds[6]
    with pytest.raises(IndexError, match="TensorDataset: index -7 is out of range"):
        ds[-7]
    with pytest.raises(TypeError, match="TensorDataset: index must be an int, got float"):
        ds[1.0]
    with pytest.raises(TypeError, match="TensorDataset: index must be an int, got bool"):
        ds[True]
    with pytest.raises(IndexError, match="TensorDataset: index 9 is out of range"):
        ds.__getitems__([0, 9])
    with pytest.raises(TypeError, match=r"1-D sequence of ints, got shape \(1, 2\) dtype int64"):
        ds.__getitems__(np.array([[0, 1]]))
    with pytest.raises(TypeError, match=r"got shape \(2,\) dtype bool"):
        ds.__getitems__(np.array([True, False]))


def test_dataset_base_needs_subclassing():
    with pytest.raises(NotImplementedError, match="Dataset must define __getitem__"):
        Dataset()[0]
    with pytest.raises(NotImplementedError, match="Dataset must define __len__"):
        len(Dataset())


def test_subset_maps_indices():
    ds, x, _ = _dataset()
    sub = Subset(ds, [4, -1, 0])
    assert len(sub) == 3
    np.testing.assert_array_equal(sub.indices, [4, 5, 0])
    np.testing.assert_array_equal(sub[1][0].array, x[5])
    _, by = sub.__getitems__([2, 0])
    np.testing.assert_array_equal(by.array, [0, 40])
    with pytest.raises(IndexError, match="Subset: index 6 is out of range for a dataset of 6"):
        Subset(ds, [0, 6])
    with pytest.raises(IndexError, match="Subset: index 3 is out of range for a dataset of 3"):
        sub[3]


def test_subset_of_a_plain_sequence_returns_samples():
    sub = Subset(["a", "b", "c"], [2, 0])
    assert sub[0] == "c"
    assert sub.__getitems__([1, 0]) == ["a", "c"]


def test_random_split_with_lengths_partitions_the_dataset():
    parts = random_split(range(10), [3, 7], generator=np.random.default_rng(0))
    assert [len(p) for p in parts] == [3, 7]
    taken = np.concatenate([p.indices for p in parts])
    np.testing.assert_array_equal(np.sort(taken), np.arange(10))
    assert not np.array_equal(taken, np.arange(10)), "the split is not shuffled"


@pytest.mark.parametrize(
    ("n", "fractions"),
    [
        (10, [0.5, 0.5]),
        (10, [0.7, 0.2, 0.1]),
        (7, [0.5, 0.5]),
        (11, [1 / 3, 1 / 3, 1 / 3]),
        (5, [0.25, 0.25, 0.25, 0.25]),
        (3, [1.0, 0.0]),
        (60000, [5 / 6, 1 / 6]),
    ],
)
@pytest.mark.filterwarnings("ignore:.*(is empty|Length of split):UserWarning")
def test_random_split_fractions_match_pytorch(torch, n, fractions):
    expected = [len(s) for s in torch.utils.data.random_split(range(n), fractions)]
    got = [len(s) for s in random_split(range(n), fractions)]
    assert got == expected
    assert sum(got) == n


def test_random_split_warns_for_an_empty_subset():
    with pytest.warns(UserWarning, match="random_split: subset 1 is empty"):
        random_split(range(3), [1.0, 0.0])


def test_random_split_is_reproducible_with_manual_seed():
    mg.manual_seed(3)
    a = random_split(range(20), [0.5, 0.5])
    mg.manual_seed(3)
    b = random_split(range(20), [0.5, 0.5])
    np.testing.assert_array_equal(a[0].indices, b[0].indices)
    g1, g2 = np.random.default_rng(9), np.random.default_rng(9)
    np.testing.assert_array_equal(
        random_split(range(20), [5, 15], g1)[1].indices,
        random_split(range(20), [5, 15], g2)[1].indices,
    )


@pytest.mark.parametrize(
    ("lengths", "kwargs", "exc", "match"),
    [
        ([3, 3], {}, ValueError, r"lengths \[3, 3\] must be ints summing to the dataset's len"),
        ([0.5, 0.6], {}, ValueError, "or fractions summing to 1"),
        ([-1, 11], {}, ValueError, "lengths must not be negative"),
        ([], {}, TypeError, "random_split: lengths must be a non-empty list of numbers"),
        (["5", 5], {}, TypeError, "lengths must be a non-empty list of numbers"),
        ([5, 5], {"generator": 0}, TypeError, "generator must be a np.random.Generator, got int"),
    ],
)
def test_random_split_rejects_bad_arguments(lengths, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        random_split(range(10), lengths, **kwargs)


def test_tensor_dataset_slice_is_every_tensor_sliced_as_in_pytorch():
    # "What is torch.nn really?": xb, yb = train_ds[i * bs : i * bs + bs]
    x, y = np.arange(20.0).reshape(10, 2), np.arange(10)
    ds = TensorDataset(x, y)
    xb, yb = ds[4:8]
    np.testing.assert_array_equal(xb.numpy(), x[4:8])
    np.testing.assert_array_equal(yb.numpy(), y[4:8])
    xb, yb = ds[8:12]  # past the end: shorter, as tensor[8:12]
    assert xb.shape == (2, 2) and yb.shape == (2,)
    assert ds[::3][1].tolist() == [0, 3, 6, 9]
