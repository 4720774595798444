"""Griffe extension: the API reference's docstrings as a user should read them.

- Functions whose docstring is assigned at import time get it: convolution and pooling build
  one docstring per dimension (``conv1d``/``2d``/``3d``) from a template and assign
  ``__doc__`` after the definitions, which reading the source cannot see. Only a docstring
  the object itself defines counts (never ``object.__init__``'s "Initialize self...").
- Sphinx roles (``:class:`Tensor```, ``:func:`~minigrad.viz.draw_graph```) become live
  cross-references where a reference page documents the target, code spans elsewhere;
  ``:math:`x``` becomes inline math.
- Module docstrings, written for the code's developers, are left off the reference pages
  (each page says what the area holds in its own words).
"""

from __future__ import annotations

import functools
import importlib
import inspect
import re
from typing import Any

import griffe

ROLE = re.compile(r":(class|func|meth|attr|data|mod|exc|obj|math):`(~?)([^`]+)`")


class RuntimeDocstrings(griffe.Extension):
    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        for obj in _walk(pkg):
            if obj.is_module:
                obj.docstring = None
                continue
            if obj.is_function and obj.docstring is None:
                doc = _runtime_doc(obj)
                if doc:
                    obj.docstring = griffe.Docstring(doc, parent=obj)
            if obj.docstring is not None:
                link = functools.partial(self._link, pkg, obj)
                obj.docstring.value = ROLE.sub(link, obj.docstring.value)

    def _link(self, pkg: griffe.Module, obj: griffe.Object, m: re.Match[str]) -> str:
        role, short, target = m[1], m[2], m[3]
        if role == "math":
            return f"\\({target}\\)"
        title = target.rsplit(".", 1)[-1] if short else target
        found = _resolve(pkg, obj, target)
        if found is None:
            return f"`{title}`"
        # autorefs' optional form: a link where a page documents the target, plain code
        # where none does (a private helper, an attribute no page lists), never a warning.
        return f'<autoref identifier="{found.path}" optional><code>{title}</code></autoref>'


def _walk(pkg: griffe.Module) -> list[griffe.Object]:
    out: list[griffe.Object] = []
    stack: list[griffe.Object] = [pkg]
    while stack:
        obj = stack.pop()
        out.append(obj)
        stack.extend(m for m in obj.members.values() if not m.is_alias)
    return out


def _resolve(pkg: griffe.Module, obj: griffe.Object, target: str) -> griffe.Object | None:
    """``target`` as the object it names: a full path, or a name seen from ``obj``'s class,
    module, package or the top level."""
    scopes = []
    cur: griffe.Object | None = obj
    while cur is not None:
        scopes.append(cur.path)
        cur = cur.parent
    for base in [*scopes, "minigrad"]:
        path = target if target.startswith("minigrad") else f"{base}.{target}"
        try:
            found = pkg.modules_collection[path]
        except (KeyError, griffe.AliasResolutionError, griffe.CyclicAliasError):
            continue
        try:
            return found.final_target if found.is_alias else found
        except (griffe.AliasResolutionError, griffe.CyclicAliasError):
            return None
    return None


def _runtime_doc(func: griffe.Object) -> str | None:
    """The live object's own ``__doc__`` (set at import time), if it has one."""
    try:
        obj: Any = importlib.import_module(func.module.path)
        for name in func.path[len(func.module.path) + 1 :].split("."):
            obj = getattr(obj, name)
    except (ImportError, AttributeError):
        return None
    doc = getattr(obj, "__doc__", None)
    return inspect.cleandoc(doc) if isinstance(doc, str) and doc.strip() else None
