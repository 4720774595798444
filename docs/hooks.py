"""MkDocs hook: draw the documentation's figures at build time and add them to the site.

The pictures come from the project's own code (``gen_figures.py`` next to this file), so they
never go stale and are never committed. They are added as generated files under ``figures/``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.structure.files import File, Files

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen_figures


def on_files(files: Files, config) -> Files:
    for name, content in gen_figures.all_figures().items():
        files.append(File.generated(config, f"figures/{name}", content=content))
    return files
