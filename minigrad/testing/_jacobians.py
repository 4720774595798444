"""What a gradient check compares, for :mod:`minigrad.testing.gradcheck`: the function's
float outputs at perturbed copies of its inputs, vector-Jacobian products from backward, the
full analytical Jacobians (one backward pass per output element) and the numerical columns
(two evaluations per input element). The verdicts built on them are in ``gradcheck``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .. import autograd
from ..tensor import Tensor


def float_outputs(fn: Callable[..., Any], inputs: Sequence[Any]) -> list[Tensor]:
    out = fn(*inputs)
    outs = list(out) if isinstance(out, (tuple, list)) else [out]
    return [o for o in outs if isinstance(o, Tensor) and o.dtype.kind in "fc"]


class Evaluations:
    """The function, its inputs (and private copies to perturb), how the report names them."""

    def __init__(
        self,
        fn: Callable[..., Any],
        inputs: Sequence[Any],
        names: Sequence[str],
        label: str,
        eps: float,
        atol: float,
        rtol: float,
        seed: int,
    ) -> None:
        self.fn, self.inputs, self.names, self.label = fn, list(inputs), list(names), label
        self.eps, self.atol, self.rtol = eps, atol, rtol
        self.rng = np.random.default_rng(seed)
        self.warnings: list[tuple[type[Warning], str]] = []
        self.checked = [
            i for i, x in enumerate(self.inputs) if isinstance(x, Tensor) and x.requires_grad
        ]
        # Private contiguous copies to perturb: the caller's arrays are never written to.
        self.work = [
            Tensor(np.array(x.array, order="C"), requires_grad=x.requires_grad)
            if isinstance(x, Tensor)
            else x
            for x in self.inputs
        ]
        with autograd.enable_grad():
            self.outs = float_outputs(fn, self.inputs)
        self.n_out = sum(o.numel() for o in self.outs)

    def evaluate(self) -> np.ndarray:
        """All float outputs at the current (perturbed) ``work`` inputs, as one float64 vector."""
        with autograd.no_grad():
            outs = float_outputs(self.fn, self.work)
        return np.concatenate([np.ravel(o.array).astype(np.float64) for o in outs] + [np.zeros(0)])

    def evaluate_along(self, directions: dict[int, np.ndarray], t: float) -> np.ndarray:
        """The outputs at ``x + t * u`` (each input ``i`` in ``directions`` moved along its u)."""
        saved = {i: self.work[i].array for i in directions}
        try:
            for i, u in directions.items():
                self.work[i].array = (saved[i] + t * u).astype(saved[i].dtype)
            return self.evaluate()
        finally:
            for i, data in saved.items():
                self.work[i].array = data

    def vjp(self, v: np.ndarray) -> list[np.ndarray]:
        """Jᵀv for every checked input (zeros where backward gives None)."""
        live = [(o, k) for k, o in enumerate(self.outs) if o.requires_grad]
        diff = [self.inputs[i] for i in self.checked]
        if not live:
            return [np.zeros(x.shape) for x in diff]
        offsets = np.cumsum([0] + [o.numel() for o in self.outs])
        seeds = [v[offsets[k] : offsets[k + 1]].reshape(o.shape).astype(o.dtype) for o, k in live]
        grads = autograd.grad(
            [o for o, _ in live], diff, grad_outputs=seeds, retain_graph=True, allow_unused=True
        )
        return [
            np.zeros(x.shape) if g is None else np.asarray(g.array, dtype=np.float64)
            for x, g in zip(diff, grads)
        ]

    def analytical_jacobians(self) -> list[np.ndarray]:
        """Row r of every checked input's Jacobian is Jᵀe_r: one backward pass per output."""
        jacs = [np.zeros((self.n_out, self.inputs[i].numel())) for i in self.checked]
        eye = np.zeros(self.n_out)
        for r in range(self.n_out):
            eye[r] = 1.0
            for jac, g in zip(jacs, self.vjp(eye)):
                jac[r] = g.ravel()
            eye[r] = 0.0
        return jacs

    def numerical_columns(self, i: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Outputs at ``x - eps e_j``, at ``x``, at ``x + eps e_j``, for every element j of
        input i (columns of the first and last)."""
        flat = self.work[i].array.reshape(-1)  # a view of the private contiguous copy
        center = self.evaluate()
        minus = np.zeros((self.n_out, flat.size))
        plus = np.zeros((self.n_out, flat.size))
        for j in range(flat.size):
            orig = flat[j]
            flat[j] = orig + self.eps
            plus[:, j] = self.evaluate()
            flat[j] = orig - self.eps
            minus[:, j] = self.evaluate()
            flat[j] = orig
        return minus, center, plus
