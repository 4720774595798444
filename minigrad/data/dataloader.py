"""The :class:`DataLoader` (batches of Tensors from a dataset), :func:`default_collate`,
:func:`default_convert` and :func:`get_worker_info`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import numpy as np

from ..creation import default_generator
from ..tensor import Tensor
from .dataset import IterableDataset
from .sampler import BatchSampler, RandomSampler, Sampler, SequentialSampler

__all__ = ["DataLoader", "default_collate", "default_convert", "get_worker_info"]


def default_collate(batch: list[Any]) -> Any:
    """Stack a list of samples into one batch.

    Tensors, ndarrays and NumPy scalars are stacked along a new first axis into a Tensor
    (dtype kept); Python floats become a float32 Tensor, ints int64, bools bool; strings stay
    a list. Tuples, lists and dicts are collated field by field, keeping their type
    (namedtuples included).

    Parameters
    ----------
    batch
        ``B`` samples of one structure, e.g. ``[(image (1, 28, 28), label), ...]``.

    Returns
    -------
    The structure of one sample with Tensors of shape ``(B, ...)`` at the leaves.

    Raises
    ------
    ValueError
        If the samples' shapes or structures differ (the message names them).
    TypeError
        For leaves of another type.
    """
    if not isinstance(batch, (list, tuple)) or not batch:
        raise ValueError("default_collate: needs a non-empty list of samples")
    elem = batch[0]
    if isinstance(elem, (Tensor, np.ndarray, np.generic)):
        arrays = [b.array if isinstance(b, Tensor) else b for b in batch]
        shapes = {np.shape(a) for a in arrays}
        if len(shapes) != 1:
            raise ValueError(
                f"default_collate: cannot stack samples of different shapes {sorted(shapes)}"
            )
        return Tensor.constant(np.stack(arrays))
    if isinstance(elem, bool):
        return Tensor.constant(np.array(batch, np.bool_))
    if isinstance(elem, int):
        return Tensor.constant(np.array(batch, np.int64))
    if isinstance(elem, float):
        return Tensor.constant(np.array(batch, np.float32))
    if isinstance(elem, str):
        return list(batch)
    if isinstance(elem, Mapping):
        keys = set(elem)
        if any(not isinstance(b, Mapping) or set(b) != keys for b in batch):
            raise ValueError(
                f"default_collate: samples have different keys (first: {sorted(keys, key=str)})"
            )
        return type(elem)({k: default_collate([b[k] for b in batch]) for k in elem})  # type: ignore[call-arg]
    if isinstance(elem, (tuple, list)):
        if any(not isinstance(b, (tuple, list)) or len(b) != len(elem) for b in batch):
            raise ValueError(
                f"default_collate: samples have different lengths (first has {len(elem)})"
            )
        fields = [default_collate(list(f)) for f in zip(*batch)]
        if hasattr(elem, "_fields"):
            return type(elem)(*fields)
        return type(elem)(fields)
    raise TypeError(
        f"default_collate: cannot batch {type(elem).__name__}; samples must be Tensors, "
        "arrays, numbers, strings, or tuples/lists/dicts of those (or pass a collate_fn)"
    )


def default_convert(data: Any) -> Any:
    """Arrays (at any depth of tuples, lists and dicts) as Tensors; everything else as it is.

    What a :class:`DataLoader` with ``batch_size=None`` applies to each sample.
    """
    if isinstance(data, (np.ndarray, np.generic)) and data.dtype.kind in "biuf":
        return Tensor.constant(np.asarray(data))
    if isinstance(data, Mapping):
        return type(data)({k: default_convert(v) for k, v in data.items()})  # type: ignore[call-arg]
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return type(data)(*(default_convert(v) for v in data))
    if isinstance(data, (tuple, list)):
        return type(data)(default_convert(v) for v in data)
    return data


def get_worker_info() -> None:
    """``None``: minigrad loads data in the main process (no worker processes)."""
    return None


def _as_tensors(batch: Any) -> Any:
    """A batch from ``__getitems__`` with its array leaves wrapped as Tensors."""
    if isinstance(batch, np.ndarray):
        return Tensor.constant(batch)
    if isinstance(batch, Mapping):
        return type(batch)({k: _as_tensors(v) for k, v in batch.items()})  # type: ignore[call-arg]
    if isinstance(batch, tuple):
        fields = [_as_tensors(v) for v in batch]
        return type(batch)(*fields) if hasattr(batch, "_fields") else tuple(fields)
    return batch


class DataLoader:
    """Iterate over a dataset in batches of Tensors, with PyTorch's arguments.

    Parameters
    ----------
    dataset
        A map-style dataset (``__getitem__`` and ``__len__``) or an
        :class:`~minigrad.data.IterableDataset`. If a map-style dataset defines
        ``__getitems__(indices)`` (as :class:`TensorDataset`, :class:`Subset` and
        :class:`MNIST` do) and ``collate_fn`` is None, each batch is fetched with that one
        call: a fancy-index, no Python loop over samples.
    batch_size
        Samples per batch ``B``; ``None`` yields single samples (converted by
        :func:`default_convert`, or by ``collate_fn``).
    shuffle
        Draw a new random order every epoch (every ``iter(loader)``).
    sampler
        The order of the indices (a :class:`~minigrad.data.Sampler` or any iterable of
        indices); excludes ``shuffle``.
    batch_sampler
        Yields lists of indices, one per batch; excludes ``batch_size``, ``shuffle``,
        ``sampler`` and ``drop_last``.
    num_workers, pin_memory, timeout, worker_init_fn, multiprocessing_context,
    prefetch_factor, persistent_workers, pin_memory_device, in_order
        Accepted for PyTorch compatibility and checked, but minigrad loads in the main
        process (``num_workers`` > 0 behaves as 0; ``worker_init_fn`` is never called) and has
        no pinned memory: the batches are the same.
    collate_fn
        Turns a list of ``B`` samples into a batch; default :func:`default_collate`.
    drop_last
        Drop the last batch if it has fewer than ``batch_size`` samples.
    generator
        A ``np.random.Generator`` for shuffling; default: ``minigrad.default_generator()`` at
        the start of each epoch, so ``minigrad.manual_seed`` makes the order reproducible.

    Examples
    --------
    >>> import numpy as np, minigrad as mg
    >>> ds = mg.data.TensorDataset(np.zeros((10, 3), np.float32), np.arange(10))
    >>> loader = mg.data.DataLoader(ds, batch_size=4)
    >>> len(loader), [x.shape for x, y in loader]
    (3, [(4, 3), (4, 3), (2, 3)])
    """

    def __init__(
        self,
        dataset: Any,
        batch_size: int | None = 1,
        shuffle: bool | None = None,
        sampler: Sampler | Iterable[int] | None = None,
        batch_sampler: Iterable[list[int]] | None = None,
        num_workers: int = 0,
        collate_fn: Callable[[list[Any]], Any] | None = None,
        pin_memory: bool = False,
        drop_last: bool = False,
        timeout: float = 0,
        worker_init_fn: Callable[[int], None] | None = None,
        multiprocessing_context: Any = None,
        generator: np.random.Generator | None = None,
        *,
        prefetch_factor: int | None = None,
        persistent_workers: bool = False,
        pin_memory_device: str = "",
        in_order: bool = True,
    ) -> None:
        iterable = isinstance(dataset, IterableDataset)
        _check_options(dataset, iterable, batch_size, num_workers, timeout, collate_fn, generator)
        _check_sampling(iterable, shuffle, sampler, batch_sampler, batch_size, drop_last)
        if batch_sampler is not None:
            batch_size, drop_last = None, False
        if not iterable and sampler is None:
            sampler = (
                RandomSampler(dataset, generator=generator)
                if shuffle
                else SequentialSampler(dataset)
            )
        if not iterable and batch_size is not None and batch_sampler is None:
            batch_sampler = BatchSampler(sampler, int(batch_size), bool(drop_last))  # type: ignore[arg-type]
        self.dataset = dataset
        self.batch_size = None if batch_size is None else int(batch_size)
        self.shuffle = bool(shuffle)
        self.drop_last = bool(drop_last)
        self.sampler, self.batch_sampler = sampler, batch_sampler
        self.num_workers, self.pin_memory, self.timeout = num_workers, pin_memory, timeout
        self.worker_init_fn, self.prefetch_factor = worker_init_fn, prefetch_factor
        self.persistent_workers = persistent_workers
        self.collate_fn = collate_fn
        self.generator = generator

    def __len__(self) -> int:
        if isinstance(self.dataset, IterableDataset):
            n = len(self.dataset)  # a TypeError if the dataset has no length, as in PyTorch
            if self.batch_size is None:
                return n
            return n // self.batch_size if self.drop_last else -(-n // self.batch_size)
        return len(self.batch_sampler if self.batch_sampler is not None else self.sampler)  # type: ignore[arg-type]

    def _index_batches(self) -> Iterator[Any]:
        """The batches of indices; the default samplers' as NumPy slices (no Python loop)."""
        bs = self.batch_sampler
        if (
            type(bs) is BatchSampler
            and type(bs.sampler) in (SequentialSampler, RandomSampler)
            and not getattr(bs.sampler, "replacement", False)
            and getattr(bs.sampler, "_num_samples", None) is None
        ):
            n = len(self.dataset)
            sampler = bs.sampler
            if type(sampler) is RandomSampler:
                order = (sampler.generator or default_generator()).permutation(n)
            else:
                order = np.arange(n)
            for start in range(0, len(bs) * bs.batch_size, bs.batch_size):
                yield order[start : start + bs.batch_size]
            return
        yield from bs  # type: ignore[misc]

    def __iter__(self) -> Iterator[Any]:
        if isinstance(self.dataset, IterableDataset):
            yield from self._iterate_iterable()
            return
        if self.batch_sampler is None:  # batch_size=None: one sample at a time
            convert = self.collate_fn or default_convert
            for i in self.sampler:  # type: ignore[union-attr]
                yield convert(self.dataset[i])
            return
        fetch_batch = self.collate_fn is None and hasattr(self.dataset, "__getitems__")
        collate = self.collate_fn or default_collate
        for indices in self._index_batches():
            if fetch_batch:
                batch = self.dataset.__getitems__(np.asarray(indices, np.int64))
                yield collate(batch) if isinstance(batch, list) else _as_tensors(batch)
            else:
                yield collate([self.dataset[int(i)] for i in indices])

    def _iterate_iterable(self) -> Iterator[Any]:
        if self.batch_size is None:
            convert = self.collate_fn or default_convert
            for sample in self.dataset:
                yield convert(sample)
            return
        collate = self.collate_fn or default_collate
        batch: list[Any] = []
        for sample in self.dataset:
            batch.append(sample)
            if len(batch) == self.batch_size:
                yield collate(batch)
                batch = []
        if batch and not self.drop_last:
            yield collate(batch)


def _check_options(
    dataset: Any,
    iterable: bool,
    batch_size: Any,
    num_workers: Any,
    timeout: Any,
    collate_fn: Any,
    generator: Any,
) -> None:
    """The DataLoader's arguments one by one: the dataset's protocol and each option's type."""
    where = "DataLoader"
    if not iterable and not (hasattr(dataset, "__getitem__") and hasattr(dataset, "__len__")):
        raise TypeError(
            f"{where}: dataset must define __getitem__ and __len__, got "
            f"{type(dataset).__name__} (a stream? subclass IterableDataset)"
        )
    if batch_size is not None:
        if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)):
            raise TypeError(f"{where}: batch_size must be an int, got {batch_size!r}")
        if batch_size < 1:
            raise ValueError(f"{where}: batch_size must be at least 1, got {batch_size}")
    if isinstance(num_workers, bool) or not isinstance(num_workers, int) or num_workers < 0:
        raise ValueError(
            f"{where}: num_workers option should be non-negative; use num_workers=0 to "
            f"disable multiprocessing (got {num_workers!r})"
        )
    if timeout < 0:
        raise ValueError(f"{where}: timeout option should be non-negative, got {timeout}")
    if collate_fn is not None and not callable(collate_fn):
        raise TypeError(f"{where}: collate_fn must be callable, got {collate_fn!r}")
    if generator is not None and not isinstance(generator, np.random.Generator):
        raise TypeError(
            f"{where}: generator must be a np.random.Generator, got {type(generator).__name__}"
        )


def _check_sampling(
    iterable: bool, shuffle: Any, sampler: Any, batch_sampler: Any, batch_size: Any, drop_last: Any
) -> None:
    """Who decides the order and the batches: an IterableDataset itself, or one of shuffle
    and sampler; a batch_sampler, or batch_size and drop_last."""
    if iterable and (shuffle or sampler is not None or batch_sampler is not None):
        raise ValueError(
            "DataLoader: with an IterableDataset, shuffle, sampler and batch_sampler must not "
            "be given (the dataset decides the order)"
        )
    if sampler is not None and shuffle:
        raise ValueError("DataLoader: sampler option is mutually exclusive with shuffle")
    if batch_sampler is not None:
        if batch_size != 1 or shuffle or sampler is not None or drop_last:
            raise ValueError(
                "DataLoader: batch_sampler option is mutually exclusive with batch_size, "
                "shuffle, sampler, and drop_last"
            )
    elif batch_size is None and drop_last:
        raise ValueError(
            "DataLoader: batch_size=None option disables auto-batching and is mutually "
            "exclusive with drop_last"
        )
