"""L-BFGS with an optional strong-Wolfe line search, a line-by-line port of PyTorch's (itself
after Mark Schmidt's minFunc), on flat NumPy vectors of all parameters."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import numpy as np

from ..autograd import enable_grad, no_grad
from .optimizer import Optimizer, ParamsT, check_real


def _cubic_interpolate(x1, f1, g1, x2, f2, g2, bounds=None):
    """The minimiser of the cubic through two points with their slopes, within ``bounds``."""
    xmin_bound, xmax_bound = bounds if bounds is not None else (min(x1, x2), max(x1, x2))
    d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
    d2_square = d1**2 - g1 * g2
    if d2_square < 0:
        return (xmin_bound + xmax_bound) / 2.0
    d2 = d2_square**0.5
    if x1 <= x2:
        min_pos = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
    else:
        min_pos = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
    return min(max(min_pos, xmin_bound), xmax_bound)


def _strong_wolfe(obj_func, x, t, d, f, g, gtd, c1=1e-4, c2=0.9, tolerance_change=1e-9, max_ls=25):
    """A step ``t`` along ``d`` satisfying the strong Wolfe conditions: bracket, then zoom.

    Returns the loss, flat gradient and step at the chosen point, and the evaluations made.
    """
    evals = 0

    def phi(t: float) -> tuple[float, Any, float]:
        """The objective, its gradient and its slope along ``d`` at step ``t``."""
        nonlocal evals
        evals += 1
        f_new, g_new = obj_func(x, t, d)
        return f_new, g_new, float(g_new @ d)

    # A point of the search is (t, f, g, g·d); the bracket holds one (done) or two points.
    bracket, done, ls_iter = _bracket(phi, (0.0, f, g.copy(), gtd), t, c1, c2, max_ls)
    low = _zoom(
        phi,
        bracket,
        done,
        (f, gtd, c1, c2),
        float(np.abs(d).max()),
        tolerance_change,
        max_ls - ls_iter,
    )
    return bracket[low][1], bracket[low][2], bracket[low][0], evals


def _bracket(phi, start, t, c1, c2, max_ls):
    """Grow the step from ``start`` until an interval holds a strong-Wolfe point (or ``t``
    itself is one: then ``done``). Returns the bracket, ``done`` and the iterations used."""
    _, f, _, gtd = start
    prev = start
    f_new, g_new, gtd_new = phi(t)
    ls_iter = 0
    while ls_iter < max_ls:
        new = (t, f_new, g_new.copy(), gtd_new)
        if f_new > (f + c1 * t * gtd) or (ls_iter > 1 and f_new >= prev[1]):
            return [prev, new], False, ls_iter
        if abs(gtd_new) <= -c2 * gtd:
            return [new], True, ls_iter
        if gtd_new >= 0:
            return [prev, new], False, ls_iter
        min_step, max_step = t + 0.01 * (t - prev[0]), t * 10
        t = _cubic_interpolate(prev[0], prev[1], prev[3], t, f_new, gtd_new, (min_step, max_step))
        prev = new
        f_new, g_new, gtd_new = phi(t)
        ls_iter += 1
    return [start, (t, f_new, g_new, gtd_new)], False, ls_iter


def _zoom(phi, bracket, done, wolfe, d_norm, tolerance_change, budget):
    """Shrink a two-point ``bracket`` (in place) by cubic interpolation until a point
    satisfies the strong Wolfe conditions ``wolfe = (f, gtd, c1, c2)``, the interval is below
    ``tolerance_change`` or ``budget`` evaluations are spent. Returns the index of the point
    with the lower loss."""
    f, gtd, c1, c2 = wolfe
    insuf_progress = False
    low, high = (0, 1) if bracket[0][1] <= bracket[-1][1] else (1, 0)
    ls_iter = 0
    while not done and ls_iter < budget:
        lo, hi = min(bracket[0][0], bracket[1][0]), max(bracket[0][0], bracket[1][0])
        if abs(bracket[1][0] - bracket[0][0]) * d_norm < tolerance_change:
            break
        (t0, f0, _, gtd0), (t1, f1, _, gtd1) = bracket
        t, insuf_progress = _keep_inside(
            _cubic_interpolate(t0, f0, gtd0, t1, f1, gtd1), lo, hi, insuf_progress
        )
        f_new, g_new, gtd_new = phi(t)
        ls_iter += 1
        new = (t, f_new, g_new.copy(), gtd_new)
        if f_new > (f + c1 * t * gtd) or f_new >= bracket[low][1]:
            bracket[high] = new
            low, high = (0, 1) if bracket[0][1] <= bracket[1][1] else (1, 0)
        else:
            if abs(gtd_new) <= -c2 * gtd:
                done = True
            elif gtd_new * (bracket[high][0] - bracket[low][0]) >= 0:
                bracket[high] = bracket[low]
            bracket[low] = new
    return low


def _keep_inside(t, lo, hi, insuf_progress):
    """Keep ``t`` away from the bracket's ends ``lo``/``hi`` unless progress there is
    sufficient; returns ``t`` and whether the progress was insufficient."""
    eps = 0.1 * (hi - lo)
    if min(hi - t, t - lo) >= eps:
        return t, False
    if insuf_progress or t >= hi or t <= lo:
        return (hi - eps if abs(t - hi) < abs(t - lo) else lo + eps), False
    return t, True


class LBFGS(Optimizer):
    """Limited-memory BFGS. ``step(closure)`` runs up to ``max_iter`` iterations, each
    calling ``closure`` (which zeroes the gradients, computes the loss, calls ``backward``
    and returns the loss).

    Parameters
    ----------
    params
        The parameters (one group only, as in PyTorch).
    lr
        Step length (>= 0).
    max_iter
        Iterations per ``step``.
    max_eval
        Closure evaluations per ``step`` (default ``max_iter * 5 // 4``).
    tolerance_grad, tolerance_change
        Stop when the largest gradient entry, or the change of loss or parameters, is below.
    history_size
        Curvature pairs kept.
    line_search_fn
        ``None`` (fixed step ``lr``) or ``'strong_wolfe'``.

    Notes
    -----
    State (on the first parameter): ``'func_evals'``, ``'n_iter'``, the direction ``'d'``,
    step ``'t'``, the histories ``'old_dirs'``, ``'old_stps'``, ``'ro'``, ``'H_diag'``,
    ``'prev_flat_grad'`` and ``'prev_loss'``.
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1,
        max_iter: int = 20,
        max_eval: int | None = None,
        tolerance_grad: float = 1e-7,
        tolerance_change: float = 1e-9,
        history_size: int = 100,
        line_search_fn: str | None = None,
    ) -> None:
        if line_search_fn not in (None, "strong_wolfe"):
            raise ValueError(
                f"LBFGS: line_search_fn must be None or 'strong_wolfe', got {line_search_fn!r}"
            )
        defaults = {
            "lr": lr,
            "max_iter": max_iter,
            "max_eval": max_iter * 5 // 4 if max_eval is None else max_eval,
            "tolerance_grad": tolerance_grad,
            "tolerance_change": tolerance_change,
            "history_size": history_size,
            "line_search_fn": line_search_fn,
        }
        super().__init__(params, defaults)
        if len(self.param_groups) != 1:
            raise ValueError("LBFGS doesn't support per-parameter options (parameter groups)")
        self._params = self.param_groups[0]["params"]

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Load a state made by :meth:`state_dict`; the flat history vectors span all the
        parameters, so they are taken as they are (copied), not shaped like one parameter."""
        state = dict(state_dict.get("state", {}))
        super().load_state_dict({**state_dict, "state": {}})
        if state:
            (saved,) = state.values()
            self.state[self._params[0]] = copy.deepcopy(saved)

    def _validate(self, options: dict[str, Any], where: str) -> None:
        super()._validate(options, where)
        check_real(where, "tolerance_grad", options["tolerance_grad"])
        check_real(where, "tolerance_change", options["tolerance_change"])
        for name in ("max_iter", "history_size"):
            if not isinstance(options[name], int) or options[name] < 1:
                raise ValueError(f"{where}: {name} must be a positive int, got {options[name]!r}")

    def _flat_grad(self) -> np.ndarray:
        return np.concatenate(
            [
                np.zeros(p.size, p.dtype) if p.grad is None else p.grad.array.ravel()
                for p in self._params
            ]
        )

    def _add_grad(self, step_size: float, update: np.ndarray) -> None:
        offset = 0
        for p in self._params:
            p.array += step_size * update[offset : offset + p.size].reshape(p.shape)
            p._version += 1
            offset += p.size

    def _set_param(self, arrays: list[np.ndarray]) -> None:
        for p, a in zip(self._params, arrays):
            p.array[...] = a
            p._version += 1

    def _evaluate(self, closure: Callable[[], Any]) -> float:
        with enable_grad():
            return float(closure())

    def step(self, closure: Callable[[], Any]) -> Any:  # type: ignore[override]
        """One optimisation step (several iterations); ``closure`` is required.

        Returns
        -------
        The loss of the first closure call.
        """
        if closure is None:
            raise TypeError("LBFGS.step: a closure is required (it recomputes the loss)")
        with no_grad():
            return self._step(closure)

    def _step(self, closure: Callable[[], Any]) -> Any:
        group = self.param_groups[0]
        lr, max_iter, max_eval = group["lr"], group["max_iter"], group["max_eval"]
        tolerance_grad, tolerance_change = group["tolerance_grad"], group["tolerance_change"]
        state = self.state[self._params[0]]
        orig_loss, loss, flat_grad = self._first_evaluation(closure, state)
        current_evals = 1
        if np.abs(flat_grad).max() <= tolerance_grad:
            return orig_loss
        # The history, as the state keeps it: None before the first iteration, which sets it.
        hist: dict[str, Any] = {key: state.get(key) for key in _HISTORY}
        n_iter = 0
        while n_iter < max_iter:
            n_iter += 1
            state["n_iter"] += 1
            first = state["n_iter"] == 1
            d = hist["d"] = _direction(hist, flat_grad, first, group["history_size"])
            hist["prev_flat_grad"], hist["prev_loss"] = flat_grad.copy(), loss
            t = hist["t"] = min(1.0, 1.0 / float(np.abs(flat_grad).sum())) * lr if first else lr
            gtd = float(flat_grad @ d)
            if gtd > -tolerance_change:
                break
            if group["line_search_fn"] is not None:
                loss, flat_grad, t, evals = self._line_search(
                    closure, d, t, loss, flat_grad, gtd, max_eval - current_evals
                )
                hist["t"] = t
            else:
                loss, flat_grad, evals = self._fixed_step(
                    closure, d, t, loss, flat_grad, n_iter != max_iter
                )
            opt_cond = (group["line_search_fn"] is not None or evals == 1) and (
                np.abs(flat_grad).max() <= tolerance_grad
            )
            current_evals += evals
            state["func_evals"] += evals
            if n_iter == max_iter or current_evals >= max_eval or opt_cond:
                break
            if (
                np.abs(d * t).max() <= tolerance_change
                or abs(loss - hist["prev_loss"]) < tolerance_change
            ):
                break
        state.update(hist)
        return orig_loss

    def _first_evaluation(self, closure: Callable[[], Any], state: dict[str, Any]) -> tuple:
        """The step's first closure call (counted in the state): the loss as the closure
        returned it, as a float, and the flat gradient."""
        state.setdefault("func_evals", 0)
        state.setdefault("n_iter", 0)
        with enable_grad():
            orig_loss = closure()
        loss = float(orig_loss)
        state["func_evals"] += 1
        return orig_loss, loss, self._flat_grad()

    def _line_search(self, closure, d, t, loss, flat_grad, gtd, budget):
        """Step along ``d`` by a strong-Wolfe line search from ``t``; the new loss, flat
        gradient, step and the closure evaluations it took."""
        x_init = [p.array.copy() for p in self._params]

        def obj_func(x, t, d):
            self._add_grad(t, d)
            value = self._evaluate(closure)
            grad = self._flat_grad()
            self._set_param(x)
            return value, grad

        loss, flat_grad, t, evals = _strong_wolfe(
            obj_func, x_init, t, d, loss, flat_grad, gtd, max_ls=budget
        )
        self._add_grad(t, d)
        return loss, flat_grad, t, evals

    def _fixed_step(self, closure, d, t, loss, flat_grad, evaluate):
        """Step ``t * d``; re-evaluate the loss and gradient there when ``evaluate`` (not on
        the last iteration). The loss, flat gradient and the evaluations made (0 or 1)."""
        self._add_grad(t, d)
        if not evaluate:
            return loss, flat_grad, 0
        return self._evaluate(closure), self._flat_grad(), 1


# The L-BFGS history in the optimizer state: the last direction and step, the curvature pairs
# with their 1/(y·s), the initial inverse-Hessian scale, the previous gradient and loss.
_HISTORY = ("d", "t", "old_dirs", "old_stps", "ro", "H_diag", "prev_flat_grad", "prev_loss")


def _direction(hist: dict[str, Any], flat_grad: Any, first: bool, history_size: int) -> Any:
    """The search direction: ``-g`` on the first iteration (which starts the history);
    afterwards the last curvature pair joins the history and ``d = -H g``."""
    if first:
        hist.update(old_dirs=[], old_stps=[], ro=[], H_diag=1.0)
        return -flat_grad
    old_dirs, old_stps, ro = hist["old_dirs"], hist["old_stps"], hist["ro"]
    y = flat_grad - hist["prev_flat_grad"]
    s = hist["d"] * hist["t"]
    ys = float(y @ s)
    if ys > 1e-10:  # keep only pairs with positive curvature
        if len(old_dirs) == history_size:
            old_dirs.pop(0)
            old_stps.pop(0)
            ro.pop(0)
        old_dirs.append(y)
        old_stps.append(s)
        ro.append(1.0 / ys)
        hist["H_diag"] = ys / float(y @ y)
    # The two-loop recursion: d = -H g with the implicit inverse Hessian H.
    al = [0.0] * len(old_dirs)
    q = -flat_grad
    for i in range(len(old_dirs) - 1, -1, -1):
        al[i] = float(old_stps[i] @ q) * ro[i]
        q = q - al[i] * old_dirs[i]
    d = r = q * hist["H_diag"]
    for i in range(len(old_dirs)):
        be_i = float(old_dirs[i] @ r) * ro[i]
        r += (al[i] - be_i) * old_stps[i]
    return d
