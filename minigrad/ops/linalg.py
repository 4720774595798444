"""Linear algebra: ``matmul`` (1-D, 2-D and batched with broadcasting) and ``einsum``.

``MatMul`` computes ``op(a) @ op(b)`` where ``op`` optionally swaps the last two axes. The flags
make the primitive closed under differentiation: ``dA = G @ Bᵀ`` and ``dB = Aᵀ @ G`` are the
same primitive with other flags, so gradients of any order stay one BLAS call on a transposed
*view* (NumPy's matmul hands transposed strides straight to GEMM; nothing is copied).

``einsum`` is its own adjoint family: the VJP for each operand is an einsum of the output
gradient with the other operands. Repeated labels inside one operand (traces, diagonals) get
their gradient onto the diagonal through a constant identity matrix.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..autograd import Function
from ..tensor import Tensor

Operand = Any  # a Tensor, an ndarray, or nested lists of numbers


def _operand(op: str, x: Operand) -> Tensor | np.ndarray:
    if isinstance(x, (Tensor, np.ndarray)):
        return x
    if isinstance(x, (list, tuple, int, float, np.generic)):
        return Tensor(x)
    raise TypeError(f"{op}: expected a Tensor or an array, got {type(x).__name__}")


# --------------------------------------------------------------------------------------------
# matmul
# --------------------------------------------------------------------------------------------


def _t(x: np.ndarray, flag: bool) -> np.ndarray:
    return x.swapaxes(-1, -2) if flag else x


class MatMul(Function):
    """``op(a) @ op(b)`` for operands with at least 2 dimensions; ``op`` = swap last two axes
    where the flag ``ta``/``tb`` is set."""

    @staticmethod
    def forward(ctx, a, b, *, ta=False, tb=False):
        ctx.ta, ctx.tb = ta, tb
        ctx.save_for_backward(a, b)
        return np.matmul(_t(a, ta), _t(b, tb))

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        ta, tb = ctx.ta, ctx.tb
        need_a, need_b = ctx.needs_input_grad
        # With C = op(A) op(B): d op(A) = G op(B)ᵀ and d op(B) = op(A)ᵀ G; a transposed
        # operand takes the transpose of that, i.e. the product with its factors swapped.
        ga = gb = None
        if need_a:
            ga = MatMul.apply(b, grad, ta=tb, tb=True) if ta else MatMul.apply(grad, b, tb=not tb)
        if need_b:
            gb = MatMul.apply(grad, a, ta=True, tb=ta) if tb else MatMul.apply(a, grad, ta=not ta)
        return ga, gb


def matmul(a: Operand, b: Operand) -> Tensor:
    """Matrix product with NumPy's ``matmul`` semantics (the ``@`` operator).

    Parameters
    ----------
    a : Tensor, shape ``(k,)``, ``(m, k)`` or ``(*batch_a, m, k)``
    b : Tensor, shape ``(k,)``, ``(k, n)`` or ``(*batch_b, k, n)``

    Returns
    -------
    Tensor
        ``(*batch, m, n)`` where ``batch`` is ``batch_a`` and ``batch_b`` broadcast together.
        A 1-D ``a`` is treated as a row ``(1, k)`` and a 1-D ``b`` as a column ``(k, 1)``; the
        added axis is removed from the result (so 1-D @ 1-D is the 0-d inner product).

    Raises
    ------
    ValueError
        If an operand is 0-d, the contracted dimensions differ, or the batch dimensions do not
        broadcast; the message names both shapes.

    Notes
    -----
    The gradients are matrix products themselves (``dA = G Bᵀ``, ``dB = Aᵀ G``) computed on
    transposed views, so they are one GEMM each and differentiable again. A gradient nobody
    asked for is not computed.

    Examples
    --------
    >>> import minigrad as mg
    >>> (mg.ones(2, 3) @ mg.ones(3)).tolist()
    [3.0, 3.0]
    """
    a, b = _operand("matmul", a), _operand("matmul", b)
    sa, sb = a.shape, b.shape
    if not sa or not sb:
        raise ValueError(
            f"matmul: operands must have at least 1 dimension, got shapes {sa} and {sb} "
            "(use * to multiply by a scalar)"
        )
    k_b = sb[-2] if len(sb) > 1 else sb[0]
    if sa[-1] != k_b:
        raise ValueError(
            f"matmul: shapes {sa} and {sb} are not aligned: the last dimension of a ({sa[-1]}) "
            f"must equal the {'second-to-last' if len(sb) > 1 else 'only'} dimension of b ({k_b})"
        )
    if len(sa) > 2 and len(sb) > 2 and sa[:-2] != sb[:-2]:
        try:
            np.broadcast_shapes(sa[:-2], sb[:-2])
        except ValueError:
            raise ValueError(
                f"matmul: the batch dimensions of shapes {sa} and {sb} do not broadcast "
                f"({sa[:-2]} vs {sb[:-2]})"
            ) from None
    if len(sa) >= 2 and len(sb) >= 2:
        return MatMul.apply(a, b)
    # A 1-D operand is a contraction over one label: einsum states it exactly, and its VJP
    # sums the broadcast batch dimensions away without materialising them.
    if len(sa) == 1 and len(sb) == 1:
        return einsum("i,i->", a, b)
    if len(sa) == 1:
        return einsum("k,...kn->...n", a, b)
    return einsum("...mk,k->...m", a, b)


# --------------------------------------------------------------------------------------------
# einsum
# --------------------------------------------------------------------------------------------

_LETTERS = frozenset(string.ascii_letters)


@functools.lru_cache(maxsize=1024)
def _parse_einsum(
    subscripts: str, shapes: tuple[tuple[int, ...], ...]
) -> tuple[tuple[str, ...], str]:
    """Validate ``subscripts`` against the operand shapes and make them fully explicit.

    Returns one label string per operand and the output labels, with every ``...`` replaced by
    unused letters (right-aligned, as broadcasting aligns them) and implicit mode resolved the
    way NumPy resolves it: the broadcast ellipsis, then the labels used once, in ASCII order.
    Cached: a training loop asks the same question every step.
    """
    spec = subscripts.replace(" ", "")
    lhs, arrow, rhs = spec.partition("->")
    terms = lhs.split(",")
    ell_ndims = _ellipsis_ndims(subscripts, terms, rhs, shapes)
    fresh = sorted(_LETTERS - set(spec))
    n_ell = max(ell_ndims, default=0)
    if n_ell > len(fresh):
        raise ValueError(f"einsum: too many dimensions under '...' in {subscripts!r}")
    ell = "".join(fresh[:n_ell])
    ins = tuple(t.replace("...", ell[n_ell - k :]) for t, k in zip(terms, ell_ndims))
    sizes = _label_sizes(terms, ins, shapes)
    if not arrow:
        labels = "".join(ins)
        return ins, ell + "".join(sorted(c for c in set(labels) - set(ell) if labels.count(c) == 1))
    return ins, _explicit_output(subscripts, rhs, ell, sizes, shapes)


def _ellipsis_ndims(
    subscripts: str, terms: list[str], rhs: str, shapes: tuple[tuple[int, ...], ...]
) -> list[int]:
    """Check the terms' syntax and ranks; how many dimensions each operand's ``...`` covers."""
    for term in [*terms, rhs]:
        if term.count("...") > 1 or not set(term.replace("...", "")) <= _LETTERS:
            raise ValueError(
                f"einsum: invalid subscripts {subscripts!r} (bad term {term!r}): use letters, "
                "',' between operands, at most one '...' per term and one '->'"
            )
    if len(terms) != len(shapes):
        raise ValueError(
            f"einsum: subscripts {subscripts!r} name {len(terms)} operand(s) but "
            f"{len(shapes)} were given"
        )
    ell_ndims = []
    for i, (term, shape) in enumerate(zip(terms, shapes)):
        n_labels = len(term.replace("...", ""))
        if len(shape) < n_labels or ("..." not in term and len(shape) != n_labels):
            raise ValueError(
                f"einsum: term {term!r} has {n_labels} label(s) but operand {i} has shape "
                f"{shape} ({len(shape)} dimensions)"
            )
        ell_ndims.append(len(shape) - n_labels)
    return ell_ndims


def _label_sizes(
    terms: list[str], ins: tuple[str, ...], shapes: tuple[tuple[int, ...], ...]
) -> dict[str, tuple[int, int]]:
    """``{label: (operand, size)}``, a size > 1 preferred; a label's sizes must agree (or
    broadcast from 1) across the operands and within each."""
    sizes: dict[str, tuple[int, int]] = {}
    for i, (term, shape) in enumerate(zip(ins, shapes)):
        local: dict[str, int] = {}
        for label, size in zip(term, shape):
            if local.setdefault(label, size) != size:
                raise ValueError(
                    f"einsum: label {label!r} repeats in operand {i} (term {terms[i]!r}) with "
                    f"different sizes: shape {shape}"
                )
            first, known = sizes.get(label, (i, size))
            if size != known and 1 not in (size, known):
                raise ValueError(
                    f"einsum: label {label!r} has size {known} in operand {first} (shape "
                    f"{shapes[first]}) but {size} in operand {i} (shape {shape})"
                )
            if label not in sizes or known == 1:
                sizes[label] = (i, size)
    return sizes


def _explicit_output(
    subscripts: str,
    rhs: str,
    ell: str,
    sizes: dict[str, tuple[int, int]],
    shapes: tuple[tuple[int, ...], ...],
) -> str:
    """The output labels after ``->``, with ``...`` expanded; each once, each from an input."""
    if ell and "..." not in rhs:
        raise ValueError(
            f"einsum: the inputs of {subscripts!r} have dimensions under '...' (shapes "
            f"{', '.join(map(str, shapes))}) but the output has no '...' to keep them"
        )
    out = rhs.replace("...", ell)
    for label in out:
        if out.count(label) > 1 or label not in sizes:
            problem = "repeats" if out.count(label) > 1 else "is in no input"
            raise ValueError(f"einsum: output label {label!r} {problem} in {subscripts!r}")
    return out


def _einsum_vjp(
    ins: Sequence[str], out: str, i: int, grad: Tensor, operands: tuple[Any, ...]
) -> Tensor:
    """The gradient w.r.t. operand ``i``: an einsum of ``grad`` with the other operands.

    A label repeated inside operand ``i`` (a diagonal) is renamed and tied to its first use by
    an identity matrix, so the gradient lands on the diagonal only. A label that only operand
    ``i`` has at full size (summed away, or broadcast from size 1 elsewhere) is restored by a
    ones factor: the gradient of a sum is a broadcast. Labels that operand ``i`` broadcast from
    size 1 come back at full size and the engine sums them.
    """
    shape = operands[i].shape
    unused = iter(sorted(_LETTERS - set("".join(ins))))
    target, diagonals, factors = "", [], []
    for label, size in zip(ins[i], shape):
        if label in target:
            twin = next(unused)
            target += twin
            diagonals.append(label + twin)
            factors.append(np.eye(size, dtype=grad.dtype))
        else:
            target += label
    others = [op for j, op in enumerate(operands) if j != i]
    terms = [out, *(t for j, t in enumerate(ins) if j != i), *diagonals]
    reach: dict[str, int] = {}  # the size each label gets from the other factors
    for term, op in zip(terms, [grad, *others, *factors]):
        for label, size in zip(term, op.shape):
            reach[label] = max(reach.get(label, 0), size)
    lonely = [(label, size) for label, size in zip(ins[i], shape) if reach.get(label, 0) < size]
    if lonely:
        terms.append("".join(label for label, _ in lonely))
        factors.append(np.ones([size for _, size in lonely], dtype=grad.dtype))
    return Einsum.apply(grad, *others, *factors, spec=(terms, target))


class Einsum(Function):
    """``np.einsum`` over explicit labels ``spec = (input terms, output term)``."""

    @staticmethod
    def forward(ctx, *operands, spec):
        ins, out = spec
        ctx.spec = spec
        ctx.save_for_backward(*operands)
        # A path only pays off with two or more operands (it routes contractions to BLAS); for
        # one it is ~15 us of planning to reach the same C loop.
        expr = f"{','.join(ins)}->{out}"
        return np.asarray(np.einsum(expr, *operands, optimize=len(operands) > 1))

    @staticmethod
    def backward(ctx, grad):
        ins, out = ctx.spec
        operands = ctx.saved_tensors
        return tuple(
            _einsum_vjp(ins, out, i, grad, operands) if need else None
            for i, need in enumerate(ctx.needs_input_grad)
        )


def einsum(subscripts: str, *operands: Operand) -> Tensor:
    """Einstein summation with NumPy's notation, differentiable in every operand.

    Parameters
    ----------
    subscripts : str
        Comma-separated labels, one term per operand, e.g. ``"ij,jk->ik"``. Explicit mode
        (``->`` then the output labels) or implicit mode (no ``->``: the output is the labels
        used exactly once, in alphabetical order). ``...`` stands for broadcast dimensions.
        A label repeated within one operand takes its diagonal (``"ii->"`` is the trace).
    *operands : Tensor
        One per term; each has as many dimensions as its term has labels (plus the ``...``).

    Returns
    -------
    Tensor
        Shape given by the output labels; computed by ``np.einsum(..., optimize=True)``.

    Raises
    ------
    ValueError
        Malformed subscripts, a term that does not match its operand's dimensions, a label
        with inconsistent sizes, or an output label that is repeated or in no input.

    Notes
    -----
    The gradient w.r.t. each operand is an einsum of the output gradient with the other
    operands, so it is differentiable again. A repeated label puts the gradient on the
    diagonal (off-diagonal entries get 0).

    Examples
    --------
    >>> import minigrad as mg
    >>> a = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> mg.einsum("ii", a).item()
    5.0
    >>> mg.einsum("ij->j", a).tolist()
    [4.0, 6.0]
    """
    if not isinstance(subscripts, str):
        raise TypeError(f"einsum: subscripts must be a str, got {type(subscripts).__name__}")
    ops = [_operand("einsum", x) for x in operands]
    spec = _parse_einsum(subscripts, tuple(x.shape for x in ops))
    return Einsum.apply(*ops, spec=spec)
