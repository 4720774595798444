# ruff: noqa: A001, A004, F401
"""``minigrad.numpy``: NumPy's interface, differentiable.

``import minigrad.numpy as np`` and write NumPy: the functions take Tensors or array-likes
(NumPy's names, argument names and defaults) and return Tensors recorded in the graph, so
``minigrad.func.grad`` differentiates the program (as HIPS autograd's ``autograd.numpy`` or
``jax.numpy``). Python floats become float64, as in NumPy. Through NumPy's dispatch
protocols the real ``numpy`` functions reach the same code (``numpy.exp(t)`` is a Tensor).

What it holds, by module: ``creation`` (``array``, ``zeros``, ``arange``...), ``ufuncs``
(element-wise math, comparisons, ``where``, ``clip``), ``shape`` (reshaping, joining,
splitting, padding, diagonals, taking), ``linear`` (``dot``, ``einsum``...), ``reductions``
(``sum``, ``var``, ``cumsum``, ``sort``...), ``info`` (shapes, indices, counts: no gradient),
``index_tricks`` (``r_``, ``c_``, ``s_``), and the submodules ``random`` (NumPy's own:
plain ndarrays, which are constants) and ``linalg`` (norms and products).
See ``docs/numpy-vs-pytorch.md`` for where this face and the PyTorch one differ.
"""

from numpy import __version__ as __version__
from numpy import (  # NumPy-identical constants, dtypes and dtype helpers
    bool_,
    clongdouble,
    complex64,
    complex128,
    dtype,
    e,
    euler_gamma,
    finfo,
    float16,
    float32,
    float64,
    iinfo,
    inf,
    int8,
    int16,
    int32,
    int64,
    intp,
    issubdtype,
    longdouble,
    nan,
    newaxis,
    number,
    pi,
    promote_types,
    uint8,
    uint16,
    uint32,
    uint64,
)
from numpy import floating as floating
from numpy import integer as integer

from . import linalg, random
from ._convert import ndarray
from .aliases import *  # noqa: F403
from .composed import *  # noqa: F403
from .creation import *  # noqa: F403
from .index_tricks import c_, index_exp, r_, s_
from .info import *  # noqa: F403
from .joining import *  # noqa: F403
from .linear import *  # noqa: F403
from .reductions import *  # noqa: F403
from .shape import *  # noqa: F403
from .statistics import *  # noqa: F403
from .ufuncs import *  # noqa: F403
from .ufuncs import UFUNCS, abs, conj, mod, pow, round, true_divide

float_ = double = float64
single = float32
int_ = int64
bool = bool_
Inf = Infinity = PINF = inf
NINF = -inf
NaN = nan
globals().update(UFUNCS)

# The public boundary (issue 17): every function names itself in the errors its arguments
# cause. The dispatch table (UFUNCS) and linalg get the same wrapped functions.
from .._boundary import NUMPY_CHECKS as _NUMPY_CHECKS  # noqa: E402
from .._boundary import NUMPY_UNCHECKED as _NUMPY_UNCHECKED  # noqa: E402
from .._boundary import wrap_namespace as _wrap_namespace  # noqa: E402

_public = [n for n in list(globals()) if n[0] != "_"]
globals().update(_wrap_namespace(globals(), _public, _NUMPY_CHECKS, _NUMPY_UNCHECKED))
UFUNCS.update({n: globals()[n] for n in UFUNCS})
vars(linalg).update(_wrap_namespace(vars(linalg), linalg.__all__, _NUMPY_CHECKS))
