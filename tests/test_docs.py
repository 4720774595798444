"""The documentation cannot drift from the code: every Python block in ``docs/`` runs here.

Each page's ```` ```python ```` blocks run in order in one namespace (a page is one story),
inside a temporary working directory. Markers, written as an HTML comment on the line just
before a fence:

- ``<!-- docs-test: skip REASON -->`` before a Python block: do not run it (the reason is
  required, and shown in the test report);
- ``<!-- docs-test: output -->`` before a ```` ```text ```` block: it must equal what the
  Python block just before it printed.

Tracebacks point at the Markdown file and line. Also here: the docstring examples of the
package (they appear in the API reference), and the README's two commands, which the
getting-started page must repeat exactly.
"""

from __future__ import annotations

import contextlib
import doctest
import importlib
import io
import pkgutil
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

import minigrad

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
FENCE = re.compile(r"^(?P<indent>\s*)(?P<ticks>`{3,})(?P<lang>[\w+-]*)[^`]*$")
MARKER = re.compile(r"^\s*<!--\s*docs-test:\s*(?P<kind>skip|output)\b\s*(?P<reason>.*?)\s*-->\s*$")


@dataclass
class Block:
    lang: str
    code: str
    line: int  # 1-based line of the first code line in the Markdown file
    marker: str | None = None
    reason: str = ""


def parse_blocks(text: str) -> list[Block]:
    """The fenced code blocks of a Markdown text, with their markers; indented fences (inside
    admonitions or lists) are dedented."""
    lines = text.splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, ticks = m["indent"], m["ticks"]
        prev = next((ln for ln in reversed(lines[:i]) if ln.strip()), "")
        marker = MARKER.match(prev)
        end = i + 1
        while end < len(lines) and lines[end].strip() != ticks:
            end += 1
        if end == len(lines):
            raise ValueError(f"unclosed code fence opened at line {i + 1}")
        body = [
            ln[len(indent) :] if ln.startswith(indent) else ln.lstrip() for ln in lines[i + 1 : end]
        ]
        blocks.append(
            Block(
                lang=m["lang"].lower(),
                code="\n".join(body) + "\n",
                line=i + 2,
                marker=marker["kind"] if marker else None,
                reason=marker["reason"] if marker else "",
            )
        )
        i = end + 1
    return blocks


def run_page(path: Path) -> None:
    """Run the Python blocks of one page in order; check marked outputs."""
    blocks = parse_blocks(path.read_text(encoding="utf-8"))
    namespace: dict = {"__name__": "__docs__"}
    printed = None
    name = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name
    for block in blocks:
        if block.lang in ("python", "py"):
            if block.marker == "skip":
                assert block.reason, f"{name}:{block.line}: a skipped block needs a reason"
                printed = None
                continue
            # Leading newlines make traceback line numbers those of the Markdown file.
            code = compile("\n" * (block.line - 1) + block.code, name, "exec")
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(code, namespace)
            printed = out.getvalue()
        elif block.marker == "output":
            assert printed is not None, f"{name}:{block.line}: no Python block before the output"
            assert printed.rstrip() == block.code.rstrip(), (
                f"{name}:{block.line}: the documented output differs from what the code "
                f"printed:\n--- documented\n{block.code}--- printed\n{printed}"
            )


PAGES = sorted(DOCS.rglob("*.md"))
# What the examples a page walks through need beyond the test extra: a page that imports one
# of these where it is missing is skipped, not failed.
OPTIONAL = {"tqdm", "matplotlib", "graphviz"}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_page_code_blocks_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.syspath_prepend(str(ROOT / "examples"))
    state = minigrad.default_generator().bit_generator.state
    try:
        run_page(page)
    except ModuleNotFoundError as err:
        if err.name not in OPTIONAL:
            raise
        pytest.skip(f"{page.name} needs {err.name} (pip install -e '.[examples]')")
    finally:
        minigrad.default_generator().bit_generator.state = state


TEACHING_PAGES = [
    "getting-started.md",
    "tensors-autograd.md",
    "backprop.md",
    "convolution.md",
    "pooling.md",
    "mnist.md",
    "graph-diagrams.md",
    "performance.md",
]


@pytest.mark.parametrize("name", TEACHING_PAGES)
def test_teaching_pages_have_code_that_runs(name: str):
    """Each formula and claim of the guide is tied to code: its pages have blocks that run."""
    blocks = parse_blocks((DOCS / name).read_text(encoding="utf-8"))
    assert any(b.lang == "python" and b.marker != "skip" for b in blocks), name


def test_parse_blocks_markers_and_indented_fences():
    text = "\n".join(
        [
            "# Title",
            "```python",
            "print(1 + 1)",
            "```",
            "<!-- docs-test: output -->",
            "```text",
            "2",
            "```",
            '!!! note "inside an admonition"',
            "    <!-- docs-test: skip needs a GPU -->",
            "    ```python",
            "    if True:",
            "        x = 1",
            "    ```",
        ]
    )
    blocks = parse_blocks(text)
    assert [(b.lang, b.line, b.marker) for b in blocks] == [
        ("python", 3, None),
        ("text", 7, "output"),
        ("python", 12, "skip"),
    ]
    assert blocks[2].code == "if True:\n    x = 1\n"
    assert blocks[2].reason == "needs a GPU"
    with pytest.raises(ValueError, match="unclosed code fence opened at line 2"):
        parse_blocks("text\n```python\nx = 1\n")


def test_run_page_reports_drifted_output_and_errors_at_the_markdown_line(tmp_path: Path):
    page = tmp_path / "page.md"
    page.write_text("```python\nprint('old')\n```\n<!-- docs-test: output -->\n```text\nnew\n```\n")
    with pytest.raises(AssertionError, match="documented output differs"):
        run_page(page)
    page.write_text("Intro.\n\n```python\nx = 1\n1 / 0\n```\n")
    with pytest.raises(ZeroDivisionError) as info:
        run_page(page)
    assert info.traceback[-1].lineno + 1 == 5  # pytest's line numbers are 0-based


def _commands(text: str) -> list[str]:
    return [b.code.strip() for b in parse_blocks(text) if b.lang == "bash"]


def test_getting_started_repeats_the_readme_commands_exactly():
    readme = _commands((ROOT / "README.md").read_text(encoding="utf-8"))
    page = _commands((DOCS / "getting-started.md").read_text(encoding="utf-8"))
    assert len(readme) == 2
    assert page[:2] == readme


def _package_modules() -> list[str]:
    names = ["minigrad"]
    for info in pkgutil.walk_packages(minigrad.__path__, "minigrad."):
        names.append(info.name)
    return sorted(names)


@pytest.mark.parametrize("module", _package_modules())
def test_docstring_examples_run(module: str):
    """The ``Examples`` sections shown in the API reference are doctests."""
    try:
        mod = importlib.import_module(module)
    except ImportError as err:  # an optional dependency (hypothesis, graphviz) is missing
        pytest.skip(f"{module}: {err}")
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    out = io.StringIO()
    for test in finder.find(mod, module):
        runner.run(test, out=out.write)
    assert runner.failures == 0, out.getvalue()
