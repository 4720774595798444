"""``minigrad.numpy.random``: NumPy's legacy random functions, as HIPS autograd's
``numpy.random`` has them.

Random numbers are constants, so these return plain ``numpy.ndarray`` results (as autograd
does); pass them to any ``minigrad.numpy`` function to compute with them. ``seed`` seeds
NumPy's global generator, which they all draw from.
"""

from numpy.random import (
    RandomState,
    beta,
    binomial,
    choice,
    default_rng,
    exponential,
    gamma,
    get_state,
    normal,
    permutation,
    poisson,
    rand,
    randint,
    randn,
    random,
    random_sample,
    seed,
    set_state,
    shuffle,
    standard_normal,
    uniform,
)

__all__ = [
    "RandomState", "beta", "binomial", "choice", "default_rng", "exponential", "gamma",
    "get_state", "normal", "permutation", "poisson", "rand", "randint", "randn", "random",
    "random_sample", "seed", "set_state", "shuffle", "standard_normal", "uniform",
]  # fmt: skip
