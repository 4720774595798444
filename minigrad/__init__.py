"""minigrad: a small, readable autograd framework on NumPy.

A :class:`Tensor` records the operations applied to it; ``backward()`` walks that graph in
reverse and fills ``.grad``. Convolution and pooling are primitive ops with hand-written
vector-Jacobian products; layers, losses and optimizers are composed on top.
"""

# The Tensor first: tensor.py imports the engine and the ops, which import Tensor at their top.
from . import tensor as _tensor  # isort: split

# PyTorch's top level: the subpackages, dtypes, devices, creation, the Tensor-layer functions
# and the reductions (PyTorch's face); `utils` is torch.utils.data's PyTorch home.
from . import (
    accelerator,
    amp,
    autograd,
    backends,
    cuda,
    data,
    devices,
    dtypes,
    func,
    functions,
    linalg,
    nn,
    optim,
    return_types,
    utils,
)
from .amp import autocast
from .autograd import (
    enable_grad,
    is_grad_enabled,
    no_grad,
    set_grad_enabled,
)
from .creation import (
    Generator,
    arange,
    as_tensor,
    bernoulli,
    default_generator,
    empty,
    empty_like,
    eye,
    from_numpy,
    full,
    full_like,
    initial_seed,
    linspace,
    logspace,
    manual_seed,
    multinomial,
    normal,
    ones,
    ones_like,
    rand,
    rand_like,
    randint,
    randint_like,
    randn,
    randn_like,
    randperm,
    seed,
    tensor,
    zeros,
    zeros_like,
)
from .devices import device, get_default_device, set_default_device
from .dtypes import (
    bool_,
    cdouble,
    cfloat,
    complex64,
    complex128,
    double,
    dtype,
    float16,
    float32,
    float64,
    get_default_dtype,
    half,
    int8,
    int16,
    int32,
    int64,
    long,
    set_default_dtype,
    short,
    uint8,
)
from .func import grad, value_and_grad
from .functions import (
    add,
    addmm,
    allclose,
    bitwise_and,
    bitwise_not,
    bitwise_or,
    bitwise_xor,
    bmm,
    cat,
    chunk,
    clamp,
    clip,
    clone,
    concat,
    concatenate,
    div,
    divide,
    dot,
    einsum,
    equal,
    flip,
    floor_divide,
    hstack,
    is_floating_point,
    is_tensor,
    isclose,
    isinf,
    lerp,
    log_softmax,
    logical_xor,
    meshgrid,
    mm,
    moveaxis,
    movedim,
    mul,
    mv,
    nonzero,
    numel,
    outer,
    permute,
    pow,
    reciprocal,
    remainder,
    reshape,
    roll,
    round,
    rsqrt,
    softmax,
    split,
    square,
    squeeze,
    stack,
    sub,
    subtract,
    swapaxes,
    swapdims,
    t,
    tile,
    transpose,
    tril,
    triu,
    unbind,
    unflatten,
    unsqueeze,
    vstack,
    where,
)
from .ops.elementwise import (
    abs,
    cos,
    exp,
    greater,
    greater_equal,
    isfinite,
    isnan,
    less,
    less_equal,
    log,
    logical_and,
    logical_not,
    logical_or,
    maximum,
    minimum,
    multiply,
    negative,
    not_equal,
    relu,
    sigmoid,
    sin,
    sqrt,
    tanh,
)
from .ops.elementwise import equal as eq
from .ops.indexing import (
    gather,
    index_add,
    index_fill,
    index_select,
    masked_fill,
    masked_select,
    narrow,
    scatter,
    scatter_add,
    take,
    take_along_dim,
)
from .ops.linalg import matmul
from .ops.reduce import sum_to
from .ops.shape import broadcast_to, flatten
from .reductions import (
    all,
    amax,
    amin,
    aminmax,
    any,
    argmax,
    argmin,
    argsort,
    count_nonzero,
    cummax,
    cummin,
    cumprod,
    cumsum,
    diff,
    kthvalue,
    logcumsumexp,
    logsumexp,
    max,
    mean,
    median,
    min,
    mode,
    msort,
    nanmean,
    nansum,
    norm,
    prod,
    sort,
    std,
    std_mean,
    sum,
    topk,
    var,
    var_mean,
)
from .serialization import load, save
from .tensor import Size, Tensor
from .threads import (
    get_num_interop_threads,
    get_num_threads,
    set_num_interop_threads,
    set_num_threads,
)

# PyTorch's aliases: the Python names ``float``/``int``/``bool`` as dtypes, as in torch.
float = float32  # noqa: A001
int = int32  # noqa: A001
bool = bool_  # noqa: A001
true_divide = div
ne = not_equal
lt = less
le = less_equal
gt = greater
ge = greater_equal
neg = negative


def __getattr__(name: str):  # PyTorch dtypes NumPy cannot hold: say so, and what to use
    if name in dtypes.UNSUPPORTED:
        raise AttributeError(f"minigrad.{name}: {dtypes.UNSUPPORTED[name]}")
    raise AttributeError(f"module 'minigrad' has no attribute {name!r}")


__version__ = "0.1.0"

# --- PyTorch-face additions (torchface): math, counting, special functions, linear algebra,
# global switches; torch.special and torch.testing (assert_close) as subpackages.
from . import special, testing  # noqa: E402

# The public boundary (issue 17): each public function names itself in the errors its
# arguments cause, and checks what PyTorch's parser checks by name (keepdim="no" is refused).
from ._boundary import TORCH_CHECKS as _TORCH_CHECKS  # noqa: E402
from ._boundary import wrap_namespace as _wrap_namespace  # noqa: E402
from ._linalg_face import (  # noqa: E402
    cholesky_inverse,
    cholesky_solve,
    det,
    inverse,
    logdet,
    pinverse,
    slogdet,
)
from ._linalg_face import torch_cholesky as cholesky  # noqa: E402
from ._linalg_face import torch_qr as qr  # noqa: E402
from ._linalg_face import torch_svd as svd  # noqa: E402
from ._torch_counting import *  # noqa: E402, F403
from ._torch_elementwise_extra import *  # noqa: E402, F403
from ._torch_math import *  # noqa: E402, F403
from ._torch_quantiles import *  # noqa: E402, F403
from ._torch_runtime import *  # noqa: E402, F403
from ._torch_shape_extra import *  # noqa: E402, F403
from ._torch_slice_scatter import *  # noqa: E402, F403
from .ops.special import digamma, erf, erfc, erfinv, lgamma, polygamma  # noqa: E402
from .special import logit, xlogy  # noqa: E402

globals().update(
    _wrap_namespace(globals(), [n for n in list(globals()) if n[0] != "_"], _TORCH_CHECKS)
)
