"""Linear algebra: ``matmul`` (1-D, 2-D and batched with broadcasting) and ``einsum``."""

from __future__ import annotations

import numpy as np

from ..autograd import Function
from ..tensor import Tensor
