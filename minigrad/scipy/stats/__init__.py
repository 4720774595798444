"""``minigrad.scipy.stats``: SciPy's distributions as modules of functions, as HIPS
autograd lays them out (``stats.norm.pdf(x, loc, scale)``, ``import
minigrad.scipy.stats.multivariate_normal as mvn``). Arguments, defaults, broadcasting and
the values outside the support are SciPy's; every function returns a Tensor and is
differentiable in its continuous arguments (the gradients of ``betainc``'s and ``gammainc``'s
shape arguments excepted: asking for one raises)."""

from __future__ import annotations

from . import beta, chi2, dirichlet, gamma, multivariate_normal, norm, poisson, t

__all__ = ["beta", "chi2", "dirichlet", "gamma", "multivariate_normal", "norm", "poisson", "t"]
