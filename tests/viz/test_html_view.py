"""The explorable HTML view: what the page holds, and how it behaves in a real (headless)
Chromium with the network cut off."""

import json
import re
import shutil

import numpy as np
import pytest

import minigrad as mg
from minigrad import nn, viz
from minigrad.nn import functional as F
from minigrad.viz.html import html_page

pytestmark = pytest.mark.skipif(viz.find_renderer() is None, reason="no renderer installed")


class Block(nn.Module):
    def __init__(self, width=4):
        super().__init__()
        self.fc = nn.Linear(width, width)
        self.act = nn.ReLU()

    def forward(self, x):
        return self.act(self.fc(x)) + x


def trained_step(blocks=3):
    mg.manual_seed(0)
    model = nn.Sequential(*[Block() for _ in range(blocks)], nn.Linear(4, 3))
    x = mg.randn(5, 4)
    x.name = "batch"
    loss = F.cross_entropy(model(x), mg.tensor(np.array([0, 1, 2, 0, 1])))
    loss.backward()
    return model, loss


def page_data(page: str) -> dict:
    return json.loads(re.search(r'id="mg-data">(.*?)</script>', page, re.S)[1])


def test_the_page_is_self_contained_and_holds_stats(tmp_path):
    model, loss = trained_step()
    path = tmp_path / "g.html"
    viz.show(loss, path=path)
    page = path.read_text()
    # Nothing to fetch: no external script, style, font or image.
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert "<svg" in page and "mg-search" in page
    data = page_data(page)
    top = data["views"][data["top"]]
    # Collapsed at first: the three identical blocks are one box.
    assert "Block ×3" in top["svg"] and "fc.weight" not in top["svg"]
    weight = next(n for n in data["nodes"] if n["title"] == "0.fc.weight")
    g = model[0].fc.weight.grad.array
    assert weight["shape"] == "(4, 4)" and weight["dtype"] == "float32"
    assert weight["grad"]["mean"] == f"{g.mean():.4g}" and weight["grad"]["nan"] == 0
    assert weight["grad"]["norm"] == f"{np.linalg.norm(g.astype(np.float64)):.4g}"
    assert sum(weight["grad"]["hist"]) == 16
    relu = next(n for n in data["nodes"] if n["title"].startswith("Relu"))
    assert relu["value"] == {"freed": True}  # backward() freed the intermediate
    inline = viz.draw_graph(loss)._repr_html_()
    assert inline.startswith("<iframe srcdoc=") and "&lt;svg" in inline


def test_a_nan_is_counted():
    x = mg.tensor([1.0, float("nan"), float("inf"), -2.0], requires_grad=True, name="x")
    data = page_data(html_page(viz.draw_graph((x * 2).sum())))
    got = next(n for n in data["nodes"] if n["title"] == "x")["value"]
    assert (got["nan"], got["inf"], got["min"], got["max"]) == (1, 1, "-2", "1")


# --------------------------------------------------------------------------------------------
# In the browser
# --------------------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if CHROMIUM is None:
        pytest.skip("chromium is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield b
        finally:
            b.close()


def open_offline(browser, path):
    """The page, with every request that leaves the file system refused and recorded."""
    page = browser.new_page(viewport={"width": 1100, "height": 800})
    fetched, errors = [], []
    page.on("pageerror", lambda e: errors.append(str(e)))

    def refuse(route):
        fetched.append(route.request.url)
        route.abort()

    page.route(re.compile(r"^(?!file:).*"), refuse)
    page.goto(path.as_uri())
    page.wait_for_selector("#mg-stage svg g.node")
    return page, fetched, errors


def box(page, title):
    return page.locator("g.node", has=page.locator("title", has_text=re.compile(f"^{title}$")))


def test_in_chromium_hover_expand_collapse_search(browser, tmp_path):
    _, loss = trained_step()
    path = tmp_path / "g.html"
    viz.show(loss, path=path, show_grads=True)
    data = page_data(path.read_text())
    page, fetched, errors = open_offline(browser, path)
    top = data["views"][data["top"]]
    blocks = next(k for k, v in top["boxes"].items() if isinstance(v, dict) and "×3" in v["title"])
    box(page, blocks).hover()
    assert "Block ×3" in page.inner_text("#mg-tip")
    page.screenshot(path=tmp_path / "collapsed.png")
    before = page.locator("g.node").count()
    box(page, blocks).click()  # expand: block 0 opens, the other two stay one ×2 box
    page.wait_for_selector("g.cluster")
    assert page.locator("g.node").count() > before
    assert "×2" in page.inner_text("#mg-stage")
    assert "expanded: 0" in page.inner_text("#mg-crumbs")
    # Block 0's Linear is collapsed inside it; expand it and hover its weight.
    view = data["views"][next(v for k, v in top["expand"].items() if k == blocks)]
    fc = next(k for k, v in view["boxes"].items() if isinstance(v, dict) and "0.fc" in v["title"])
    box(page, fc).click()
    page.wait_for_timeout(100)
    weight = page.locator("g.node", has_text="0.fc.weight").first
    weight.hover()
    tip = page.inner_text("#mg-tip")
    assert "(4, 4)" in tip and "float32" in tip and "grad" in tip and "norm" in tip
    assert page.locator("#mg-tip svg.hist").count() == 2  # value and gradient histograms
    assert page.locator("#mg-tip svg.hist rect").count() == 24
    page.screenshot(path=tmp_path / "expanded.png")
    # Collapse block 0 again with its cluster's label.
    page.locator("g.cluster > text", has_text="0: Block").first.click()
    page.wait_for_timeout(100)
    assert page.locator("g.cluster > text", has_text="0: Block").count() == 0
    # Search finds a tensor inside a collapsed module and opens the view that shows it.
    page.locator("#mg-top").click()
    page.fill("#mg-search", "2.fc.bias")
    page.locator("#mg-results div", has_text="2.fc.bias").first.click()
    page.wait_for_selector("g.node.mg-hit")
    assert "2.fc.bias" in page.locator("g.node.mg-hit").text_content()
    # Zoom changes the viewBox; nothing was fetched from the network, nothing failed.
    before = page.get_attribute("#mg-stage svg", "viewBox")
    page.locator("#mg-in").click()
    assert page.get_attribute("#mg-stage svg", "viewBox") != before
    assert fetched == [] and errors == []


def test_in_chromium_a_10k_node_graph_opens_collapsed(browser, tmp_path):
    mg.manual_seed(0)
    model = nn.Sequential(*[Block() for _ in range(1430)])
    with np.errstate(all="ignore"):  # 1,430 residual blocks overflow float32; no matter here
        loss = model(mg.zeros(2, 4)).sum()
    assert len(list(mg.autograd.graph_nodes(loss))) > 10_000
    path = tmp_path / "big.html"
    viz.show(loss, path=path)
    page, fetched, errors = open_offline(browser, path)
    assert page.locator("g.node").count() < 10
    assert "×1430" in page.inner_text("#mg-stage")
    page.screenshot(path=tmp_path / "big.png")
    assert fetched == [] and errors == []
