"""``Embedding``: a lookup table of learnable vectors indexed by integers."""

# ruff: noqa: A002 - `input` is PyTorch's argument name

from __future__ import annotations

from typing import Any

import numpy as np

from ..autograd import no_grad
from ..tensor import Tensor
from . import functional as F
from . import init
from .module import Module, Parameter, empty_parameter


class Embedding(Module):
    """A table of ``num_embeddings`` vectors of size ``embedding_dim``; ``layer(idx)`` picks rows.

    Parameters
    ----------
    num_embeddings, embedding_dim
        Table size.
    padding_idx
        A row that stays zero-initialised and gets no gradient (negative counts from the end).
    dtype
        Parameter dtype (float32 by default).

    Notes
    -----
    Shapes: input integer ``(*)``, output ``(*, embedding_dim)``. ``weight`` is drawn from
    ``N(0, 1)``, as in PyTorch.
    """

    def __init__(
        self,
        num_embeddings: int,
        embedding_dim: int,
        padding_idx: int | None = None,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        if padding_idx is not None:
            if not -num_embeddings <= padding_idx < num_embeddings:
                raise ValueError(
                    f"Embedding: padding_idx must be within [-{num_embeddings}, "
                    f"{num_embeddings - 1}] (num_embeddings={num_embeddings}), got {padding_idx}"
                )
            padding_idx %= num_embeddings
        self.num_embeddings = num_embeddings
        self.embedding_dim = embedding_dim
        self.padding_idx = padding_idx
        self.weight = empty_parameter("Embedding", (num_embeddings, embedding_dim), dtype)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw ``N(0, 1)`` again and zero the padding row."""
        init.normal_(self.weight)
        if self.padding_idx is not None:
            with no_grad():
                self.weight[self.padding_idx] = 0

    @classmethod
    def from_pretrained(
        cls, embeddings: Tensor | np.ndarray, freeze: bool = True, padding_idx: int | None = None
    ) -> Embedding:
        """An Embedding whose table is ``embeddings`` (2-D), frozen unless ``freeze=False``."""
        data = embeddings.array if isinstance(embeddings, Tensor) else np.asarray(embeddings)
        if data.ndim != 2:
            raise ValueError(f"Embedding.from_pretrained: embeddings must be 2-D, got {data.shape}")
        layer = cls(*data.shape, padding_idx=padding_idx, dtype=data.dtype)
        layer.weight = Parameter(data.copy(), requires_grad=not freeze)
        return layer

    def forward(self, input: Tensor) -> Tensor:
        return F.embedding(input, self.weight, self.padding_idx)

    def extra_repr(self) -> str:
        s = f"{self.num_embeddings}, {self.embedding_dim}"
        return s + (f", padding_idx={self.padding_idx}" if self.padding_idx is not None else "")
