"""MkDocs hook: draw the documentation's figures at build time and add them to the site, and
serve the math renderer from the site itself.

The pictures come from the project's own code (``gen_figures.py`` next to this file), so they
never go stale and are never committed. They are added as generated files under ``figures/``.
MathJax (its TeX-to-HTML bundle and web fonts) comes from the ``django-static-mathjax`` package
of the docs extra and is copied under ``javascripts/mathjax/``: formulas typeset offline, with
nothing fetched from a CDN.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.structure.files import File, Files

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen_figures

MATHJAX = "javascripts/mathjax"


def on_files(files: Files, config) -> Files:
    for name, content in gen_figures.all_figures().items():
        files.append(File.generated(config, f"figures/{name}", content=content))
    for name, path in mathjax_files().items():
        files.append(File.generated(config, f"{MATHJAX}/{name}", abs_src_path=str(path)))
    return files


def mathjax_files() -> dict[str, Path]:
    """The MathJax files a page needs: the bundle, its CommonHTML fonts, the license."""
    import mathjax  # django-static-mathjax: MathJax 3's files, no Python code

    root = Path(mathjax.__file__).parent / "static" / "mathjax"
    fonts = root / "es5" / "output" / "chtml" / "fonts" / "woff-v2"
    files = {"tex-mml-chtml.js": root / "es5" / "tex-mml-chtml.js", "LICENSE": root / "LICENSE"}
    files.update({f"output/chtml/fonts/woff-v2/{f.name}": f for f in sorted(fonts.iterdir())})
    return files
