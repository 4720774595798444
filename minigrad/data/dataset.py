"""Datasets: the map-style :class:`Dataset` protocol, :class:`IterableDataset`,
:class:`TensorDataset`, :class:`Subset`, :class:`ConcatDataset` and :func:`random_split`.

A dataset gives one sample per index (``ds[i]``) and its length. A dataset that can also
fetch a whole batch at once defines ``__getitems__(indices)``, returning the batch: the
structure of one sample with every leaf stacked along a new first axis. The
:class:`~minigrad.data.DataLoader` then gets each batch with one fancy-index instead of a
Python loop over samples. (PyTorch's ``__getitems__`` returns a *list* of samples; a
``__getitems__`` that returns a list is treated that way and collated.)
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..creation import default_generator
from ..tensor import Tensor

__all__ = [
    "ChainDataset",
    "ConcatDataset",
    "Dataset",
    "IterableDataset",
    "StackDataset",
    "Subset",
    "TensorDataset",
    "random_split",
]


def check_index(op: str, index: Any, length: int) -> int:
    """``index`` as a non-negative int below ``length``; raises ``TypeError``/``IndexError``."""
    if isinstance(index, (bool, np.bool_)) or not isinstance(index, (int, np.integer)):
        raise TypeError(f"{op}: index must be an int, got {type(index).__name__}")
    if not -length <= index < length:
        raise IndexError(f"{op}: index {index} is out of range for a dataset of {length} samples")
    return int(index) % length


def check_indices(op: str, indices: Any, length: int) -> np.ndarray:
    """``indices`` as a 1-D int64 array in ``[0, length)`` (negative ones wrap, as in NumPy)."""
    idx = np.asarray(indices)
    if idx.size == 0:
        return np.zeros(0, np.int64)
    if idx.ndim != 1 or idx.dtype.kind not in "iu":
        raise TypeError(
            f"{op}: indices must be a 1-D sequence of ints, got shape {idx.shape} dtype {idx.dtype}"
        )
    lo, hi = idx.min(), idx.max()
    if lo < -length or hi >= length:
        bad = lo if lo < -length else hi
        raise IndexError(f"{op}: index {bad} is out of range for a dataset of {length} samples")
    return np.where(idx < 0, idx + length, idx).astype(np.int64, copy=False)


class Dataset:
    """A map-style dataset: subclass it and define ``__getitem__(index)`` and ``__len__``.

    Optionally define ``__getitems__(indices)`` (a 1-D int64 array) returning a whole batch,
    which :class:`~minigrad.data.DataLoader` then uses instead of one call per sample.
    """

    def __getitem__(self, index: int) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must define __getitem__")

    def __len__(self) -> int:
        raise NotImplementedError(f"{type(self).__name__} must define __len__")

    def __add__(self, other: Any) -> ConcatDataset:
        return ConcatDataset([self, other])


class IterableDataset(Dataset):
    """A dataset given as a stream: subclass it and define ``__iter__`` (yielding samples).

    The :class:`~minigrad.data.DataLoader` batches the stream in order; ``shuffle`` and
    samplers do not apply.
    """

    def __iter__(self) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must define __iter__")

    def __getitem__(self, index: int) -> Any:
        raise TypeError(f"{type(self).__name__} is an IterableDataset: iterate over it instead")

    def __add__(self, other: Any) -> Any:
        raise TypeError("IterableDataset: + (ConcatDataset) needs map-style datasets")


class TensorDataset(Dataset):
    """Samples are the rows of one or more tensors: ``ds[i] == (t1[i], t2[i], ...)``.

    Parameters
    ----------
    *tensors
        Tensors or arrays with the same first dimension ``N`` (e.g. images ``(N, C, H, W)``
        and labels ``(N,)``). Arrays are wrapped as Tensors without a copy.

    Notes
    -----
    ``ds[a:b]`` slices every tensor, as PyTorch's ``tensor[a:b]``. Samples and batches are
    constant Tensors (they carry no graph back to ``tensors``); a
    batch is fetched with one fancy-index per tensor (``__getitems__``).

    Examples
    --------
    >>> import numpy as np, minigrad as mg
    >>> ds = mg.data.TensorDataset(np.zeros((5, 3)), np.arange(5))
    >>> len(ds), ds[2][1].item()
    (5, 2)
    """

    def __init__(self, *tensors: Tensor | np.ndarray) -> None:
        if not tensors:
            raise ValueError("TensorDataset: needs at least one tensor")
        for i, t in enumerate(tensors):
            if not isinstance(t, (Tensor, np.ndarray)):
                raise TypeError(
                    f"TensorDataset: argument {i} must be a Tensor or ndarray, "
                    f"got {type(t).__name__}"
                )
        shapes = [tuple(t.shape) for t in tensors]
        if any(len(s) == 0 for s in shapes) or len({s[0] for s in shapes}) != 1:
            raise ValueError(
                f"TensorDataset: all tensors need the same first dimension (at least 1-D), "
                f"got shapes {shapes}"
            )
        self.tensors = tuple(t if isinstance(t, Tensor) else Tensor.constant(t) for t in tensors)

    def __len__(self) -> int:
        return self.tensors[0].shape[0]

    def __getitem__(self, index: int | slice) -> tuple[Tensor, ...]:
        if type(index) is slice:  # PyTorch's ds[a:b]: every tensor sliced ("torch.nn really?")
            return tuple(Tensor.constant(t.array[index]) for t in self.tensors)
        i = check_index("TensorDataset", index, len(self))
        return tuple(Tensor.constant(t.array[i]) for t in self.tensors)

    def __getitems__(self, indices: Sequence[int] | np.ndarray) -> tuple[Tensor, ...]:
        idx = check_indices("TensorDataset", indices, len(self))
        return tuple(Tensor.constant(t.array[idx]) for t in self.tensors)


class Subset(Dataset):
    """The samples of ``dataset`` at ``indices``, in that order.

    Parameters
    ----------
    dataset
        Any dataset with ``__len__``.
    indices
        Ints in ``[-len(dataset), len(dataset))``; checked here, stored as an int64 array.
    """

    def __init__(self, dataset: Any, indices: Sequence[int] | np.ndarray) -> None:
        self.dataset = dataset
        self.indices = check_indices("Subset", indices, len(dataset))

    def __len__(self) -> int:
        return len(self.indices)

    def __getitem__(self, index: int) -> Any:
        return self.dataset[int(self.indices[check_index("Subset", index, len(self))])]

    def __getitems__(self, indices: Sequence[int] | np.ndarray) -> Any:
        idx = self.indices[check_indices("Subset", indices, len(self))]
        if hasattr(self.dataset, "__getitems__"):
            return self.dataset.__getitems__(idx)
        return [self.dataset[int(i)] for i in idx]


def random_split(
    dataset: Any,
    lengths: Sequence[int | float],
    generator: np.random.Generator | None = None,
) -> list[Subset]:
    """Split ``dataset`` at random into non-overlapping :class:`Subset` s of given lengths.

    Parameters
    ----------
    dataset
        Any dataset with ``__len__`` (``N`` samples).
    lengths
        Ints summing to ``N``, or fractions summing to 1: each subset then gets
        ``floor(N * fraction)`` samples and the remainder is dealt out one at a time to the
        subsets in order (as PyTorch does).
    generator
        A ``np.random.Generator``; default: ``minigrad.default_generator()``, so
        ``minigrad.manual_seed`` makes the split reproducible.

    Examples
    --------
    >>> import numpy as np, minigrad as mg
    >>> train, val = mg.data.random_split(np.arange(10), [0.8, 0.2])
    >>> len(train), len(val)
    (8, 2)
    """
    n = len(dataset)
    lengths = list(lengths)
    if not lengths or not all(
        isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, bool)
        for x in lengths
    ):
        raise TypeError(f"random_split: lengths must be a non-empty list of numbers, got {lengths}")
    if any(x < 0 for x in lengths):
        raise ValueError(f"random_split: lengths must not be negative, got {lengths}")
    if all(float(x).is_integer() for x in lengths) and sum(lengths) == n:
        sizes = [int(x) for x in lengths]
    elif math.isclose(sum(lengths), 1.0) and all(x <= 1 for x in lengths):
        sizes = [math.floor(n * x) for x in lengths]
        for i in range(n - sum(sizes)):
            sizes[i % len(sizes)] += 1
        for i, size in enumerate(sizes):
            if size == 0:
                warnings.warn(f"random_split: subset {i} is empty", UserWarning, stacklevel=2)
    else:
        raise ValueError(
            f"random_split: lengths {lengths} must be ints summing to the dataset's length {n} "
            "or fractions summing to 1"
        )
    if generator is not None and not isinstance(generator, np.random.Generator):
        raise TypeError(
            f"random_split: generator must be a np.random.Generator, got {type(generator).__name__}"
        )
    order = (generator or default_generator()).permutation(n)
    ends = np.cumsum(sizes)
    return [Subset(dataset, order[end - size : end]) for size, end in zip(sizes, ends)]


class ConcatDataset(Dataset):
    """The samples of several datasets, one after the other (``ds1 + ds2`` builds one).

    Parameters
    ----------
    datasets
        Map-style datasets (each with ``__len__``); at least one.

    Attributes
    ----------
    cumulative_sizes : list of int
        The running totals of the lengths.
    """

    def __init__(self, datasets: Sequence[Any]) -> None:
        self.datasets = list(datasets)
        if not self.datasets:
            raise ValueError("ConcatDataset: datasets should not be an empty iterable")
        for i, d in enumerate(self.datasets):
            if isinstance(d, IterableDataset) or not hasattr(d, "__len__"):
                raise TypeError(
                    f"ConcatDataset: dataset {i} ({type(d).__name__}) is not a map-style "
                    "dataset with __len__"
                )
        self.cumulative_sizes = np.cumsum([len(d) for d in self.datasets]).tolist()

    def __len__(self) -> int:
        return self.cumulative_sizes[-1]

    def __getitem__(self, index: int) -> Any:
        i = check_index("ConcatDataset", index, len(self))
        which = int(np.searchsorted(self.cumulative_sizes, i, side="right"))
        start = self.cumulative_sizes[which - 1] if which else 0
        return self.datasets[which][i - start]


class ChainDataset(IterableDataset):
    """Several :class:`IterableDataset` s, streamed one after the other."""

    def __init__(self, datasets: Sequence[Any]) -> None:
        self.datasets = list(datasets)

    def __iter__(self) -> Any:
        for d in self.datasets:
            if not isinstance(d, IterableDataset):
                raise TypeError(f"ChainDataset: {type(d).__name__} is not an IterableDataset")
            yield from d

    def __len__(self) -> int:
        return sum(len(d) for d in self.datasets)


class StackDataset(Dataset):
    """Samples of several equally long datasets side by side: ``StackDataset(a, b)[i] ==
    (a[i], b[i])``, or, with keywords, ``StackDataset(x=a, y=b)[i] == {"x": a[i], "y": b[i]}``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if bool(args) == bool(kwargs):
            raise ValueError(
                "StackDataset: give the datasets either as positional or as keyword arguments"
            )
        self.datasets: Any = args or kwargs
        parts = list(args) if args else list(kwargs.values())
        lengths = {len(d) for d in parts}
        if len(lengths) != 1:
            raise ValueError(f"StackDataset: size mismatch between datasets ({sorted(lengths)})")
        self._length = lengths.pop()

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index: int) -> Any:
        if isinstance(self.datasets, dict):
            return {k: d[index] for k, d in self.datasets.items()}
        return tuple(d[index] for d in self.datasets)
