"""``Embedding``: a lookup table of learnable vectors indexed by integers."""

# ruff: noqa: A002 - `input` is PyTorch's argument name

from __future__ import annotations

from typing import Any

import numpy as np

from ..autograd import no_grad
from ..tensor import Tensor
from . import functional as F
from . import init
from ._device import check_device
from ._sparse import check_padding_idx
from .module import Module, Parameter, empty_parameter


class Embedding(Module):
    """A table of ``num_embeddings`` vectors of size ``embedding_dim``; ``layer(idx)`` picks rows.

    Parameters
    ----------
    num_embeddings, embedding_dim
        Table size.
    padding_idx
        A row that stays zero-initialised and gets no gradient (negative counts from the end).
    max_norm, norm_type, scale_grad_by_freq, sparse
        As in :func:`~minigrad.nn.functional.embedding`.
    _weight, _freeze
        PyTorch's way to start from a given table (``from_pretrained`` uses them).
    device
        ``None`` or the CPU.
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
        max_norm: float | None = None,
        norm_type: float = 2.0,
        scale_grad_by_freq: bool = False,
        sparse: bool = False,
        _weight: Tensor | None = None,
        _freeze: bool = False,
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        check_device("Embedding", device)
        self.num_embeddings = num_embeddings
        self.embedding_dim = embedding_dim
        self.padding_idx = check_padding_idx("Embedding", padding_idx, num_embeddings)
        self.max_norm, self.norm_type = max_norm, norm_type
        self.scale_grad_by_freq, self.sparse = scale_grad_by_freq, sparse
        if _weight is None:
            self.weight = empty_parameter("Embedding", (num_embeddings, embedding_dim), dtype)
            self.reset_parameters()
        else:
            data = _weight.array if isinstance(_weight, Tensor) else np.asarray(_weight)
            if data.shape != (num_embeddings, embedding_dim):
                raise ValueError(
                    f"Embedding: _weight must have shape ({num_embeddings}, {embedding_dim}), "
                    f"got {data.shape}"
                )
            self.weight = Parameter(data, requires_grad=not _freeze)

    def reset_parameters(self) -> None:
        """Draw ``N(0, 1)`` again and zero the padding row."""
        init.normal_(self.weight)
        if self.padding_idx is not None:
            with no_grad():
                self.weight[self.padding_idx] = 0

    @classmethod
    def from_pretrained(
        cls,
        embeddings: Tensor | np.ndarray,
        freeze: bool = True,
        padding_idx: int | None = None,
        max_norm: float | None = None,
        norm_type: float = 2.0,
        scale_grad_by_freq: bool = False,
        sparse: bool = False,
    ) -> Embedding:
        """An Embedding whose table is ``embeddings`` (2-D), frozen unless ``freeze=False``."""
        data = embeddings.array if isinstance(embeddings, Tensor) else np.asarray(embeddings)
        if data.ndim != 2:
            raise ValueError(f"Embedding.from_pretrained: embeddings must be 2-D, got {data.shape}")
        num_embeddings, embedding_dim = data.shape
        return cls(
            num_embeddings,
            embedding_dim,
            padding_idx=padding_idx,
            max_norm=max_norm,
            norm_type=norm_type,
            scale_grad_by_freq=scale_grad_by_freq,
            sparse=sparse,
            _weight=data.copy(),
            _freeze=freeze,
        )

    def forward(self, input: Tensor) -> Tensor:
        return F.embedding(
            input,
            self.weight,
            self.padding_idx,
            self.max_norm,
            self.norm_type,
            self.scale_grad_by_freq,
            self.sparse,
        )

    def extra_repr(self) -> str:
        s = f"{self.num_embeddings}, {self.embedding_dim}"
        if self.padding_idx is not None:
            s += f", padding_idx={self.padding_idx}"
        if self.max_norm is not None:
            s += f", max_norm={self.max_norm}"
        if self.norm_type != 2:
            s += f", norm_type={self.norm_type}"
        if self.scale_grad_by_freq:
            s += ", scale_grad_by_freq=True"
        if self.sparse:
            s += ", sparse=True"
        return s
