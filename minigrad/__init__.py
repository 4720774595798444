"""minigrad: a small, readable autograd framework on NumPy.

A :class:`Tensor` records the operations applied to it; ``backward()`` walks that graph in
reverse and fills ``.grad``. Convolution and pooling are primitive ops with hand-written
vector-Jacobian products; layers, losses and optimizers are composed on top.
"""

from . import autograd, data, nn, optim
from .autograd import (
    enable_grad,
    is_grad_enabled,
    no_grad,
    set_grad_enabled,
    value_and_grad,
)
from .autograd import grad_of as grad
from .creation import (
    arange,
    default_generator,
    eye,
    full,
    manual_seed,
    ones,
    ones_like,
    rand,
    randn,
    tensor,
    zeros,
    zeros_like,
)
from .ops.elementwise import (
    abs,
    add,
    astype,
    clip,
    cos,
    divide,
    equal,
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
    power,
    relu,
    sigmoid,
    sign,
    sin,
    sqrt,
    subtract,
    tanh,
    where,
)
from .ops.linalg import einsum, matmul
from .ops.reduce import (
    all,
    any,
    argmax,
    argmin,
    logsumexp,
    max,
    mean,
    min,
    std,
    sum,
    sum_to,
    var,
)
from .ops.shape import (
    broadcast_to,
    concatenate,
    expand_dims,
    flatten,
    flip,
    pad,
    reshape,
    split,
    squeeze,
    stack,
    swapaxes,
    transpose,
)
from .serialization import load, save
from .tensor import Tensor, bool_, float32, float64, int64

__version__ = "0.1.0"

# torch-nn: torch.utils.data under its PyTorch name (minigrad.utils.data)
from . import utils
