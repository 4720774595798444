"""The :class:`DataLoader` (batches of Tensors from a dataset) and :func:`default_collate`."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import numpy as np

from ..creation import default_generator
from ..tensor import Tensor

__all__ = ["DataLoader", "default_collate"]


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
    """Iterate over a dataset in batches of Tensors.

    Parameters
    ----------
    dataset
        A map-style dataset (``__getitem__`` and ``__len__``). If it defines
        ``__getitems__(indices)`` (as :class:`TensorDataset`, :class:`Subset` and
        :class:`MNIST` do) and ``collate_fn`` is None, each batch is fetched with that one
        call: a fancy-index, no Python loop over samples.
    batch_size
        Samples per batch ``B``.
    shuffle
        Draw a new random order every epoch (every ``iter(loader)``).
    drop_last
        Drop the last batch if it has fewer than ``batch_size`` samples.
    collate_fn
        Turns a list of ``B`` samples into a batch; default :func:`default_collate`.
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
        batch_size: int = 1,
        shuffle: bool = False,
        drop_last: bool = False,
        collate_fn: Callable[[list[Any]], Any] | None = None,
        generator: np.random.Generator | None = None,
    ) -> None:
        if not (hasattr(dataset, "__getitem__") and hasattr(dataset, "__len__")):
            raise TypeError(
                f"DataLoader: dataset must define __getitem__ and __len__, got "
                f"{type(dataset).__name__}"
            )
        if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)):
            raise TypeError(f"DataLoader: batch_size must be an int, got {batch_size!r}")
        if batch_size < 1:
            raise ValueError(f"DataLoader: batch_size must be at least 1, got {batch_size}")
        if collate_fn is not None and not callable(collate_fn):
            raise TypeError(f"DataLoader: collate_fn must be callable, got {collate_fn!r}")
        if generator is not None and not isinstance(generator, np.random.Generator):
            raise TypeError(
                f"DataLoader: generator must be a np.random.Generator, got "
                f"{type(generator).__name__}"
            )
        self.dataset = dataset
        self.batch_size = int(batch_size)
        self.shuffle = bool(shuffle)
        self.drop_last = bool(drop_last)
        self.collate_fn = collate_fn
        self.generator = generator

    def __len__(self) -> int:
        n = len(self.dataset)
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)

    def __iter__(self) -> Iterator[Any]:
        n = len(self.dataset)
        if self.shuffle:
            order = (self.generator or default_generator()).permutation(n)
        else:
            order = np.arange(n)
        fetch_batch = self.collate_fn is None and hasattr(self.dataset, "__getitems__")
        collate = self.collate_fn or default_collate
        for start in range(0, len(self) * self.batch_size, self.batch_size):
            indices = order[start : start + self.batch_size]
            if fetch_batch:
                batch = self.dataset.__getitems__(indices)
                yield collate(batch) if isinstance(batch, list) else _as_tensors(batch)
            else:
                yield collate([self.dataset[int(i)] for i in indices])
