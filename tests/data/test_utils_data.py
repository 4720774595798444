"""minigrad.utils.data against torch.utils.data: samplers, batch samplers, DataLoader's
options and errors, IterableDataset, ConcatDataset, random_split; one implementation shared
with minigrad.data."""

import numpy as np
import pytest

import minigrad.data
from minigrad.utils import data as D


class Squares(D.Dataset):
    def __len__(self):
        return 7

    def __getitem__(self, i):
        return np.float32(i * i), i


class Stream(D.IterableDataset):
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return iter(np.arange(self.n, dtype=np.float64))

    def __len__(self):
        return self.n


def test_one_implementation_under_two_names():
    assert D.DataLoader is minigrad.data.DataLoader
    assert D.TensorDataset is minigrad.data.TensorDataset


def test_samplers_match_torch_where_deterministic(torch):
    ds = Squares()
    assert list(D.SequentialSampler(ds)) == list(torch.utils.data.SequentialSampler(ds))
    bs = D.BatchSampler(D.SequentialSampler(ds), 3, drop_last=False)
    tbs = torch.utils.data.BatchSampler(torch.utils.data.SequentialSampler(ds), 3, False)
    assert list(bs) == list(tbs) and len(bs) == len(tbs)
    assert len(D.BatchSampler(range(7), 3, True)) == 2
    rs = list(D.RandomSampler(ds, generator=np.random.default_rng(0)))
    assert sorted(rs) == list(range(7))
    assert len(list(D.RandomSampler(ds, replacement=True, num_samples=20))) == 20
    assert sorted(D.SubsetRandomSampler([5, 1, 3])) == [1, 3, 5]
    w = list(D.WeightedRandomSampler([0, 0, 1.0], 10))
    assert w == [2] * 10
    with pytest.raises(ValueError, match="num_samples should be a positive integer"):
        D.RandomSampler(ds, num_samples=0)
    with pytest.raises(ValueError):
        torch.utils.data.RandomSampler(ds, num_samples=0)
    with pytest.raises(ValueError, match="batch_size should be a positive integer"):
        D.BatchSampler(range(3), 0, False)


def test_dataloader_options_match_torch(torch):
    x = np.arange(20, dtype=np.float32).reshape(10, 2)
    y = np.arange(10)
    ours = D.DataLoader(
        D.TensorDataset(x, y), batch_size=4, drop_last=True, num_workers=2, pin_memory=True
    )
    theirs = torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(torch.tensor(x), torch.tensor(y)),
        batch_size=4,
        drop_last=True,
    )
    assert len(ours) == len(theirs) == 2
    for (a, b), (ta, tb) in zip(ours, theirs):
        np.testing.assert_array_equal(a.array, ta.numpy())
        np.testing.assert_array_equal(b.array, tb.numpy())
    sampled = D.DataLoader(D.TensorDataset(x, y), batch_size=3, sampler=[9, 0, 4, 4])
    assert [b.tolist() for _, b in sampled] == [[9, 0, 4], [4]]
    batched = D.DataLoader(Squares(), batch_sampler=[[6, 1], [0]])
    assert [b.tolist() for _, b in batched] == [[6, 1], [0]]
    single = list(D.DataLoader(Squares(), batch_size=None))
    assert len(single) == 7 and single[3][1] == 3
    shuffled = D.DataLoader(
        Squares(), batch_size=7, shuffle=True, generator=np.random.default_rng(1)
    )
    ((sq, idx),) = list(shuffled)
    assert sorted(idx.tolist()) == list(range(7)) and sq.dtype == np.float32


def test_dataloader_mutually_exclusive_options_raise_like_torch(torch):
    ds = Squares()
    cases = [
        {"sampler": [0, 1], "shuffle": True},
        {"batch_sampler": [[0]], "batch_size": 2},
        {"batch_sampler": [[0]], "drop_last": True},
        {"batch_size": None, "drop_last": True},
        {"num_workers": -1},
    ]
    for kw in cases:
        with pytest.raises(ValueError):
            torch.utils.data.DataLoader(ds, **kw)
        with pytest.raises(ValueError, match="DataLoader"):
            D.DataLoader(ds, **kw)


def test_iterable_dataset_and_concat(torch):
    loader = D.DataLoader(Stream(5), batch_size=2)
    assert [b.tolist() for b in loader] == [[0.0, 1.0], [2.0, 3.0], [4.0]] and len(loader) == 3
    with pytest.raises(ValueError, match="IterableDataset"):
        D.DataLoader(Stream(5), shuffle=True)
    both = Squares() + D.TensorDataset(np.zeros((2, 1)), np.arange(2))
    assert isinstance(both, D.ConcatDataset) and len(both) == 9
    tboth = torch.utils.data.ConcatDataset([Squares(), Squares()])
    ours = D.ConcatDataset([Squares(), Squares()])
    assert [ours[i][1] for i in range(14)] == [tboth[i][1] for i in range(14)]
    assert ours.cumulative_sizes == tboth.cumulative_sizes
    with pytest.raises(ValueError, match="should not be an empty"):
        D.ConcatDataset([])
    assert D.get_worker_info() is None


def test_random_split_lengths_and_fractions(torch):
    a, b, c = D.random_split(range(10), [0.5, 0.3, 0.2], generator=np.random.default_rng(0))
    ta, tb, tc = torch.utils.data.random_split(range(10), [0.5, 0.3, 0.2])
    assert (len(a), len(b), len(c)) == (len(ta), len(tb), len(tc))
    assert sorted([*a.indices, *b.indices, *c.indices]) == list(range(10))
    with pytest.raises(ValueError):
        D.random_split(range(10), [3, 3])
    with pytest.raises(ValueError):
        torch.utils.data.random_split(range(10), [3, 3])


def test_chain_and_stack_datasets_match_torch(torch):
    class TorchStream(torch.utils.data.IterableDataset):
        def __iter__(self):
            return iter(Stream(self.n))

        def __init__(self, n):
            self.n = n

    ours = list(D.ChainDataset([Stream(2), Stream(3)]))
    theirs = list(torch.utils.data.ChainDataset([TorchStream(2), TorchStream(3)]))
    assert ours == theirs == [0.0, 1.0, 0.0, 1.0, 2.0]
    assert len(D.ChainDataset([Stream(2), Stream(3)])) == 5
    a, b = Squares(), D.TensorDataset(np.arange(7.0))
    assert D.StackDataset(a, b)[3][0] == torch.utils.data.StackDataset(a, b)[3][0]
    assert D.StackDataset(x=a, y=a)[2] == torch.utils.data.StackDataset(x=a, y=a)[2]
    with pytest.raises(ValueError, match="size mismatch"):
        D.StackDataset(a, D.TensorDataset(np.arange(3.0)))
    with pytest.raises(ValueError):
        torch.utils.data.StackDataset(a, D.TensorDataset(np.arange(3.0)))
