"""ONNX export and import (needs the ``onnx`` package; ``onnxruntime`` runs exported files).

``minigrad.onnx.export(model, args, path, ...)`` has ``torch.onnx.export``'s arguments and
traces one forward call's recorded graph; ``minigrad.onnx.load(path)`` imports an ONNX graph
of the same operators as a Module whose weights are Parameters.
"""

from .export import UnsupportedOperatorError, export
from .load import OnnxModule, load

__all__ = ["OnnxModule", "UnsupportedOperatorError", "export", "load"]
