"""Griffe extension: give functions whose docstring is assigned at import time their docstring.

Convolution and pooling build one docstring per dimension (``conv1d``/``2d``/``3d``) with a
template and assign ``__doc__`` after the definitions, which reading the source cannot see.
For a function left without a docstring, import it and take ``__doc__`` from the live object.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

import griffe


class RuntimeDocstrings(griffe.Extension):
    def on_function_instance(self, *, func: griffe.Function, **kwargs: Any) -> None:
        if func.docstring is not None:
            return
        try:
            obj = getattr(importlib.import_module(func.module.path), func.name)
        except (ImportError, AttributeError):
            return
        doc = inspect.getdoc(obj)
        if doc:
            func.docstring = griffe.Docstring(doc, parent=func)
