"""``torch.utils.data`` under its PyTorch name: datasets, samplers and the
:class:`DataLoader`. One implementation, in :mod:`minigrad.data`; this module re-exports it,
so ``from minigrad.utils.data import DataLoader, TensorDataset`` is the same class as
``minigrad.data.DataLoader``."""

from ...data.dataloader import DataLoader, default_collate, default_convert, get_worker_info
from ...data.dataset import (
    ChainDataset,
    ConcatDataset,
    Dataset,
    IterableDataset,
    StackDataset,
    Subset,
    TensorDataset,
    random_split,
)
from ...data.sampler import (
    BatchSampler,
    RandomSampler,
    Sampler,
    SequentialSampler,
    SubsetRandomSampler,
    WeightedRandomSampler,
)

__all__ = [
    "BatchSampler",
    "ChainDataset",
    "ConcatDataset",
    "DataLoader",
    "Dataset",
    "IterableDataset",
    "RandomSampler",
    "Sampler",
    "SequentialSampler",
    "StackDataset",
    "Subset",
    "SubsetRandomSampler",
    "TensorDataset",
    "WeightedRandomSampler",
    "default_collate",
    "default_convert",
    "get_worker_info",
    "random_split",
]
