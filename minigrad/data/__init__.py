"""Data loading: datasets, the batching :class:`DataLoader`, and MNIST."""

from .dataloader import DataLoader, default_collate
from .dataset import Dataset, Subset, TensorDataset, random_split
from .mnist import MNIST, read_idx

__all__ = [
    "MNIST",
    "DataLoader",
    "Dataset",
    "Subset",
    "TensorDataset",
    "default_collate",
    "random_split",
    "read_idx",
]
