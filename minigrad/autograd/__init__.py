"""The computation graph and the reverse-mode engine (``torch.autograd``'s counterpart).

- :mod:`~minigrad.autograd.mode`: grad mode (:func:`no_grad`, :func:`enable_grad`, ...) and
  the module scope diagrams group ops by;
- :mod:`~minigrad.autograd.anomaly`: anomaly mode (:func:`detect_anomaly`);
- :mod:`~minigrad.autograd.function`: :class:`Function`, one primitive op and one graph node,
  with its saved tensors and :meth:`Function.release`;
- :mod:`~minigrad.autograd.node`: what a node shows of itself (``grad_fn.name()``,
  ``next_functions``, the descriptions a released node keeps);
- :mod:`~minigrad.autograd.engine`: :func:`backward` and :func:`grad`;
- :mod:`~minigrad.autograd.functional`: ``value_and_grad``/``grad_of`` and
  ``torch.autograd.functional``'s ``vjp``, ``jvp``, ``jacobian``, ``hessian``, ``hvp``, ``vhp``.
"""

from . import functional
from .anomaly import AnomalyError, detect_anomaly, is_anomaly_enabled, set_detect_anomaly
from .engine import backward, grad, graph_nodes
from .function import Function
from .functional import grad_of, value_and_grad
from .mode import enable_grad, is_grad_enabled, module_scope, no_grad, set_grad_enabled
from .node import AccumulateGrad, ArrayMeta, TensorMeta
from .variable import Variable

__all__ = [
    "AccumulateGrad",
    "AnomalyError",
    "ArrayMeta",
    "Function",
    "TensorMeta",
    "Variable",
    "backward",
    "detect_anomaly",
    "enable_grad",
    "functional",
    "grad",
    "grad_of",
    "graph_nodes",
    "is_anomaly_enabled",
    "is_grad_enabled",
    "module_scope",
    "no_grad",
    "set_detect_anomaly",
    "set_grad_enabled",
    "value_and_grad",
]
