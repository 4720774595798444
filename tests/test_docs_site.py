"""The built documentation site in a real (headless) Chromium with the network cut off: the
formulas are typeset by the MathJax the site serves itself, and nothing is fetched from
outside. Runs on a site built beforehand (``.ci/run`` builds it, then sets
``MINIGRAD_DOCS_SITE``); building it here would double the test run's time."""

import os
import re
import shutil
from pathlib import Path

import pytest

SITE = os.environ.get("MINIGRAD_DOCS_SITE")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(
    not SITE, reason="no built site: mkdocs build, then MINIGRAD_DOCS_SITE=<site dir>"
)


@pytest.fixture
def page():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if CHROMIUM is None:
        pytest.skip("chromium is not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield browser.new_page()
        finally:
            browser.close()


def test_math_is_typeset_offline(page, tmp_path):
    fetched = []

    def refuse(route):
        fetched.append(route.request.url)
        route.abort()

    page.route(re.compile(r"^(?!file:).*"), refuse)
    page.goto((Path(SITE) / "convolution" / "index.html").resolve().as_uri())
    page.wait_for_selector("mjx-container", timeout=30_000)
    page.wait_for_function(
        "document.querySelectorAll('.arithmatex:not(:has(mjx-container))').length == 0"
    )
    assert page.locator(".arithmatex").count() > 10  # every formula typeset, none left as TeX
    assert "\\(" not in page.inner_text("article")
    page.screenshot(path=tmp_path / "convolution.png")
    assert fetched == []
