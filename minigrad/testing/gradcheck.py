"""Numerical gradient checks: analytical derivatives against central differences.

``gradcheck`` compares what backward computes with what finite differences measure, either
entry by entry (the full Jacobian, column by column) or along one random projection ``vᵀJu``
(``fast_mode``). ``gradgradcheck`` applies the same check to the gradient itself. Where a
function has a kink (``relu`` at 0, tied maxima, ``abs`` at 0) the two one-sided differences
disagree; the checkers recognise that, accept any gradient between them, warn with
:class:`KinkWarning`, and fail only if the gradient is not a valid one-sided choice.

The evaluations compared (outputs at perturbed inputs, VJPs, Jacobians) are in
``testing/_jacobians.py``; this module holds the verdicts and the public checkers.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import Any, cast

import numpy as np

from .. import autograd
from ..tensor import Tensor
from ._jacobians import Evaluations, float_outputs

# Above this many Jacobian entries a failed fast-mode check does not rebuild the full
# Jacobians to locate the element (they would not fit in memory).
_LOCATE_LIMIT = 1_000_000
# The Jacobian slice shown on failure extends this many rows/columns either side of the entry.
_SLICE = 2


class GradcheckError(AssertionError):
    """An analytical gradient disagrees with the numerical one."""


class GradcheckWarning(UserWarning):
    """Base class of the warnings the gradient checkers emit."""


class PrecisionWarning(GradcheckWarning):
    """An input is not float64, so central differences are too noisy to be trusted."""


class KinkWarning(GradcheckWarning):
    """A checked point sits on a kink; the gradient there was accepted as a one-sided choice."""


def _describe_row(outs: Sequence[Tensor], row: int) -> str:
    """``row`` of the stacked Jacobian as "output k element (i, j)"."""
    for k, o in enumerate(outs):
        if row < o.numel():
            where = tuple(int(w) for w in np.unravel_index(row, o.shape))
            return f"element {where}" if len(outs) == 1 else f"output {k} element {where}"
        row -= o.numel()
    raise AssertionError("row out of range")


def _elements(mask: np.ndarray, shape: tuple[int, ...]) -> str:
    """The flat positions set in ``mask`` as a list of index tuples of ``shape``."""
    return str([tuple(int(w) for w in np.unravel_index(j, shape)) for j in np.flatnonzero(mask)])


def _tolerance(reference: Any, atol: float, rtol: float) -> Any:
    return atol + rtol * np.abs(reference)


class _Check(Evaluations):
    """One run of a checker: the evaluations of :class:`Evaluations`, and the verdicts."""

    def warn_precision(self) -> None:
        for i in self.checked:
            x = self.inputs[i]
            if x.dtype != np.float64:
                self.warnings.append(
                    (
                        PrecisionWarning,
                        f"{self.label}: {self.names[i]} has dtype {x.dtype}; central differences "
                        "need float64 to tell a wrong gradient from rounding error, so this check "
                        "may fail (or pass) spuriously. Pass float64 inputs.",
                    )
                )

    def require_finite(self) -> None:
        values = self.evaluate()
        bad = np.flatnonzero(~np.isfinite(values))
        if bad.size:
            raise GradcheckError(
                f"{self.label}: {_describe_row(self.outs, int(bad[0]))} of the output is "
                f"{values[bad[0]]} at the checked point ({bad.size} non-finite output elements); "
                "there is no derivative to compare there. Check fn at points where it is finite."
            )

    # -- verdicts ----------------------------------------------------------------------------

    def on_kink(self, a: Any, minus: Any, center: Any, plus: Any) -> Any:
        """Where the one-sided differences of the evaluations disagree (a kink) and ``a``
        lies between them (a valid one-sided gradient)."""
        return self.between(a, (plus - center) / self.eps, (center - minus) / self.eps)

    def between(self, a: Any, fwd: Any, bwd: Any) -> Any:
        """Where the one-sided derivatives ``fwd`` and ``bwd`` disagree and ``a`` lies between."""
        lo, hi = np.minimum(fwd, bwd), np.maximum(fwd, bwd)
        tol = _tolerance(np.maximum(np.abs(lo), np.abs(hi)), self.atol, self.rtol)
        return (hi - lo > tol) & (a >= lo - tol) & (a <= hi + tol)

    def fail_entry(
        self, i: int, A: np.ndarray, N: np.ndarray, bad: np.ndarray, prefix: str = ""
    ) -> None:
        x = self.inputs[i]
        r, c = (int(k) for k in np.argwhere(bad)[0])
        a, n = A[r, c], N[r, c]
        where = tuple(int(w) for w in np.unravel_index(c, x.shape))
        r0, c0 = max(r - _SLICE, 0), max(c - _SLICE, 0)
        r1, c1 = min(r + _SLICE + 1, A.shape[0]), min(c + _SLICE + 1, A.shape[1])

        def show(m: np.ndarray) -> str:
            text = np.array2string(m[r0:r1, c0:c1], precision=4, suppress_small=True)
            return "\n".join("    " + line for line in text.splitlines())

        raise GradcheckError(
            f"{prefix}{self.label}: the gradient w.r.t. {self.names[i]} (shape {x.shape}) is "
            f"wrong at element {where} for output {_describe_row(self.outs, r)}: "
            f"analytical {a:.6g}, numerical {n:.6g}, difference {a - n:.3g} "
            f"(allowed {_tolerance(n, self.atol, self.rtol):.3g}); "
            f"{int(bad.sum())} of {bad.size} Jacobian entries disagree.\n"
            f"  Jacobian rows {r0}..{r1 - 1} (output elements) x columns {c0}..{c1 - 1} "
            f"(elements of {self.names[i]}, flattened):\n"
            f"  analytical:\n{show(A)}\n  numerical:\n{show(N)}"
        )

    def slow(self, prefix: str = "") -> None:
        """Compare the full Jacobians; accept kinks but check them jointly (see module doc)."""
        analytical = self.analytical_jacobians()
        kinks: dict[int, np.ndarray] = {}
        for k, i in enumerate(self.checked):
            minus, center, plus = self.numerical_columns(i)
            A = analytical[k]
            N = (plus - minus) / (2 * self.eps)
            bad = ~np.isclose(A, N, rtol=self.rtol, atol=self.atol)
            if not bad.any():
                continue
            kink = self.on_kink(A, minus, center[:, None], plus)
            if (bad & ~kink).any():
                self.fail_entry(i, A, N, bad & ~kink, prefix)
            kinks[i] = bad.any(axis=0)
        if kinks:
            self.check_kinks_jointly(kinks, analytical)

    def check_kinks_jointly(self, kinks: dict[int, np.ndarray], analytical: list[np.ndarray]):
        """Each kink coordinate passed alone; now move all of them at once.

        Along the sum of the kink coordinates a tied maximum is smooth (every tied value rises
        together), so a gradient sent to *every* tied maximum (each one a valid one-sided
        choice on its own) shows up here as a sum that no one-sided difference matches.
        """
        u = {i: m.reshape(self.inputs[i].shape).astype(np.float64) for i, m in kinks.items()}
        # kinks is not empty here: the sum is an array.
        a = cast(
            np.ndarray,
            sum(analytical[self.checked.index(i)] @ m.astype(np.float64) for i, m in kinks.items()),
        )
        minus = self.evaluate_along(u, -self.eps)
        center = self.evaluate()
        plus = self.evaluate_along(u, self.eps)
        n = (plus - minus) / (2 * self.eps)
        bad = ~np.isclose(a, n, rtol=self.rtol, atol=self.atol) & ~self.on_kink(
            a, minus, center, plus
        )
        where = "; ".join(
            f"{self.names[i]} at {_elements(m, self.inputs[i].shape)}" for i, m in kinks.items()
        )
        if bad.any():
            r = int(np.argmax(bad))
            raise GradcheckError(
                f"{self.label}: the gradient is not a valid choice at a kink ({where}): moving "
                f"all these elements together changes output {_describe_row(self.outs, r)} at "
                f"rate {n[r]:.6g}, but the analytical gradients sum to {a[r]:.6g} (difference "
                f"{a[r] - n[r]:.3g}). Each element alone looked like a one-sided derivative; "
                "together they are not (e.g. the gradient of a maximum sent to every tied "
                "position instead of being shared or given to one)."
            )
        self.warnings.append(
            (
                KinkWarning,
                f"{self.label}: the check sits on a kink ({where}): the one-sided differences "
                "disagree there and the analytical gradient is one valid choice between them, so "
                "those entries were not compared with the central difference. Draw inputs away "
                "from kinks (e.g. strategies.distinct_values) to check them fully.",
            )
        )

    def fast(self) -> None:
        """Compare vᵀJu for random u, v: one backward pass, two evaluations per input."""
        v = self.rng.standard_normal(self.n_out)
        vjps = self.vjp(v)
        center = None
        for k, i in enumerate(self.checked):
            u = self.rng.standard_normal(self.inputs[i].shape)
            a = float(np.sum(vjps[k] * u))
            minus = self.evaluate_along({i: u}, -self.eps)
            plus = self.evaluate_along({i: u}, self.eps)
            n = float(v @ (plus - minus)) / (2 * self.eps)
            if np.isclose(a, n, rtol=self.rtol, atol=self.atol):
                continue
            center = self.evaluate() if center is None else center
            # vᵀ(one-sided differences) row by row: the interval any valid gradient falls in.
            fwd, bwd = v * (plus - center) / self.eps, v * (center - minus) / self.eps
            lo, hi = np.minimum(fwd, bwd).sum(), np.maximum(fwd, bwd).sum()
            if self.between(a, lo, hi):
                # On a kink a projection cannot tell a valid one-sided gradient from a wrong
                # one: fall back to the full check, which can.
                self.slow()
                return
            prefix = (
                f"{self.label} (fast mode): the projection vᵀJu for {self.names[i]} (shape "
                f"{self.inputs[i].shape}) is analytical {a:.6g}, numerical {n:.6g}, difference "
                f"{a - n:.3g}.\n"
            )
            if self.n_out * self.inputs[i].numel() > _LOCATE_LIMIT:
                raise GradcheckError(
                    prefix + "  The Jacobians are too large to locate the element; rerun with "
                    "fast_mode=False on a smaller input."
                )
            self.slow(prefix)  # raises naming the element when the Jacobians disagree
            raise GradcheckError(
                prefix + "  The full Jacobians agree within tolerance: the projection's "
                "difference is accumulated rounding; loosen atol/rtol."
            )


def _run(check: _Check, fast_mode: bool, raise_exception: bool) -> bool:
    check.warn_precision()
    try:
        if check.checked and check.n_out:
            check.require_finite()
            check.fast() if fast_mode else check.slow()
    except GradcheckError:
        if raise_exception:
            raise
        return False
    finally:
        for category, message in check.warnings:
            # Point at the caller of gradcheck/gradgradcheck.
            warnings.warn(message, category, stacklevel=3)
    return True


def gradcheck(
    fn: Callable[..., Any],
    inputs: Sequence[Any] | Tensor,
    *,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    fast_mode: bool = False,
    raise_exception: bool = True,
    seed: int = 0,
) -> bool:
    """Check ``fn``'s gradients w.r.t. ``inputs`` against central differences in float64.

    Parameters
    ----------
    fn
        Takes the inputs, returns a Tensor or a tuple of Tensors (any shapes; non-float
        outputs are ignored).
    inputs
        A Tensor or a sequence of arguments. Tensors with ``requires_grad`` are checked;
        everything else is passed through unchanged. Use float64 (a
        :class:`PrecisionWarning` says so otherwise).
    eps
        The step of the differences.
    atol, rtol
        The tolerance ``|analytical - numerical| <= atol + rtol * |numerical|``.
    fast_mode
        Compare one random projection ``vᵀJu`` per input (one backward pass, two evaluations
        per input) instead of the full Jacobians (one backward pass per output element, two
        evaluations per input element). On failure the full Jacobians are built to locate
        the element, if they fit (at most 10⁶ entries).
    raise_exception
        Raise :class:`GradcheckError` on failure (default) or return False.
    seed
        Seed of the random projections (fast mode).

    Returns
    -------
    True when every gradient matches.

    Raises
    ------
    GradcheckError
        Naming the input, the element, the output element, both values, their difference,
        and showing a slice of both Jacobians around the entry.

    Notes
    -----
    At a kink the one-sided differences ``(f(x+εe) - f(x))/ε`` and ``(f(x) - f(x-εe))/ε``
    disagree. An analytical value between them is accepted (with a :class:`KinkWarning`),
    then all kink elements are moved together and checked once more, which rejects e.g. a
    gradient sent to every tied maximum.

    Examples
    --------
    >>> import numpy as np, minigrad as mg
    >>> from minigrad.testing import gradcheck
    >>> x = mg.tensor(np.array([0.5, -1.5]), requires_grad=True)
    >>> gradcheck(lambda x: (x * x).tanh(), [x])
    True
    """
    inputs = [inputs] if isinstance(inputs, Tensor) else list(inputs)
    names = [f"input {i}" for i in range(len(inputs))]
    check = _Check(fn, inputs, names, "gradcheck", eps, atol, rtol, seed)
    return _run(check, fast_mode, raise_exception)


def gradgradcheck(
    fn: Callable[..., Any],
    inputs: Sequence[Any] | Tensor,
    grad_outputs: Sequence[Any] | None = None,
    *,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    fast_mode: bool = False,
    raise_exception: bool = True,
    seed: int = 0,
) -> bool:
    """Check second-order gradients: :func:`gradcheck` of ``(x, v) -> vᵀ J_fn(x)``.

    The first-order gradients are computed with ``create_graph=True`` and checked w.r.t. the
    inputs *and* the output gradients ``v``: a VJP that computes with NumPy arrays instead of
    Tensor ops has no graph, and fails here.

    Parameters
    ----------
    fn, inputs, eps, atol, rtol, fast_mode, raise_exception
        As in :func:`gradcheck`.
    grad_outputs
        ``v``, one per float output of ``fn``; by default random float64 normals drawn with
        ``seed``.
    seed
        Seed of ``v`` and of the projections (fast mode).

    Examples
    --------
    >>> import numpy as np, minigrad as mg
    >>> from minigrad.testing import gradgradcheck
    >>> x = mg.tensor(np.array([0.5, -1.5]), requires_grad=True)
    >>> gradgradcheck(lambda x: x.sin() * x, [x])
    True
    """
    inputs = [inputs] if isinstance(inputs, Tensor) else list(inputs)
    with autograd.enable_grad():
        outs = float_outputs(fn, inputs)
    if grad_outputs is None:
        rng = np.random.default_rng(seed)
        grad_outputs = [Tensor(rng.standard_normal(o.shape)) for o in outs]
    vs = [
        (g.detach() if isinstance(g, Tensor) else Tensor(np.asarray(g, dtype=o.dtype)))
        .astype(o.dtype)
        .requires_grad_()
        for g, o in zip(grad_outputs, outs)
    ]
    diff = [i for i, x in enumerate(inputs) if isinstance(x, Tensor) and x.requires_grad]
    n = len(inputs)

    def first_order(*args: Any) -> tuple[Tensor, ...]:
        xs, v = args[:n], args[n:]
        with autograd.enable_grad():  # also when the numerical part runs it under no_grad
            live = [(o, g) for o, g in zip(float_outputs(fn, xs), v) if o.requires_grad]
            if not live:
                return ()
            grads = autograd.grad(
                [o for o, _ in live],
                [xs[i] for i in diff],
                grad_outputs=[g for _, g in live],
                create_graph=True,
                allow_unused=True,
            )
        return tuple(g for g in grads if g is not None)

    names = [f"input {i}" for i in range(n)] + [f"grad_outputs[{k}]" for k in range(len(vs))]
    check = _Check(first_order, [*inputs, *vs], names, "gradgradcheck", eps, atol, rtol, seed)
    return _run(check, fast_mode, raise_exception)
