"""The site in a real browser: every page loads offline, with its figures and its twin.

The site is built once per session (tools/build_site.py) into a temporary folder, served
by ``python -m http.server`` on 127.0.0.1, and visited by Debian's headless Chromium
through Playwright. Without Chromium the tests skip on a developer's machine and fail in
CI (``CI=true``), where ``.ci/run`` installs it. Screenshots go to ``_screenshots/``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlparse

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))
from editions import MARKERS, notebook_paths  # noqa: E402

pytestmark = pytest.mark.slow
NOTEBOOKS = notebook_paths(REPO / "notebooks")
LANGS = ("tr", "en")
OTHER = {"tr": "en", "en": "tr"}
PAGES = ["index", "glossary", "search", "genindex"] + [p.stem for p in NOTEBOOKS]
ALL_PAGES = ["index.html"] + [f"{lang}/{page}.html" for lang in LANGS for page in PAGES]
SHOTS = REPO / "_screenshots"
IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml", "image/gif")
PROSE_TEXT = """() => {
  const copy = (document.querySelector("article") || document.body).cloneNode(true);
  copy.querySelectorAll("pre").forEach((block) => block.remove());
  return copy.textContent;
}"""
WAIT_FOR_IMAGES = """async () => {
  const images = Array.from(document.querySelectorAll("img"));
  images.forEach((img) => { img.loading = "eager"; });
  await Promise.all(images.map((img) => img.complete ? null :
    new Promise((done) => { img.onload = img.onerror = done; })));
  return images.filter((img) => img.naturalWidth === 0).map((img) => img.src);
}"""


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's Chromium, or a skip here and a failure in CI (checked before the build)."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    message = "Chromium is missing: apt-get install chromium"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def figure_count(path: Path) -> int:
    """Figures in a notebook: image outputs of code cells and images in the prose."""
    nb = nbformat.read(path, as_version=4)
    outputs = sum(
        any(kind in output.get("data", {}) for kind in IMAGE_TYPES)
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )
    prose = sum(cell.source.count("![") for cell in nb.cells if cell.metadata.get("lang") == "tr")
    return outputs + prose


@pytest.fixture(scope="session")
def site(tmp_path_factory, chromium) -> Path:
    """The site, built once for the session."""
    out = tmp_path_factory.mktemp("site") / "_site"
    result = subprocess.run(
        [sys.executable, str(REPO / "tools" / "build_site.py"), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    print(result.stdout)
    return out


@pytest.fixture(scope="session")
def server(site) -> Iterator[str]:
    """``python -m http.server`` on 127.0.0.1 and a free port; yields its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"]
    proc = subprocess.Popen(
        command + ["--directory", str(site)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}/"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser(server, chromium):
    """Headless Chromium (Debian's) driven by Playwright."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield browser
        browser.close()


class Visit:
    """One browser page that records console errors and requests leaving 127.0.0.1."""

    def __init__(self, browser, width: int = 1280, height: int = 900) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.errors: list[str] = []
        self.external: list[str] = []
        self.context.route("**/*", self.route)
        self.page = self.context.new_page()
        self.page.on("console", self.console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))

    def route(self, route) -> None:
        url = urlparse(route.request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname != "127.0.0.1":
            self.external.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    def console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"{message.text} ({message.location.get('url')})")

    def open(self, url: str):
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.status == 200, url
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser) -> Iterator[Visit]:
    v = Visit(browser)
    yield v
    v.close()


@pytest.mark.parametrize("name", ALL_PAGES)
def test_page(visit, server, name):
    page = visit.open(server + name)
    broken = page.evaluate(WAIT_FOR_IMAGES)
    page.wait_for_load_state("networkidle")
    assert not broken, f"images that did not load: {broken}"
    assert not visit.errors, visit.errors
    assert not visit.external, f"requests leaving 127.0.0.1: {visit.external}"
    assert not any(flag in page.inner_text("body") for flag in MARKERS.values()), "a flag"
    prose = page.evaluate(PROSE_TEXT)
    assert "<!--" not in prose and "-->" not in prose, "an HTML comment shows"
    if "/" not in name:  # the language chooser
        assert page.locator("a[hreflang]").count() == 2
        return
    lang, page_name = name.split("/")
    assert page.get_attribute("html", "lang") == lang
    twin = urljoin(server, f"{OTHER[lang]}/{page_name}")
    assert urljoin(page.url, page.get_attribute("#lang-switch", "href")) == twin
    if page_name.removesuffix(".html") in {p.stem for p in NOTEBOOKS}:
        check_notebook_page(page, REPO / "notebooks" / page_name.replace(".html", ".ipynb"))
    page.click("#lang-switch")
    page.wait_for_load_state("load")
    assert page.url.split("#")[0] == twin
    assert page.get_attribute("html", "lang") == OTHER[lang]


def check_notebook_page(page, notebook: Path) -> None:
    """Figures, copy buttons and previous/next links of a notebook's page."""
    figures = page.locator("article img").count()
    assert figures == figure_count(notebook), f"{figures} figures on the page"
    assert page.locator("button.copybtn").count() > 0, "no copy buttons"
    assert page.locator(".prev-next-area a").count() == 2, "previous/next links"
    nb = nbformat.read(notebook, as_version=4)
    solutions = sum("solution" in cell.metadata.get("tags", []) for cell in nb.cells)
    assert page.locator("article details.hide").count() == solutions, "solution cells fold"
    assert page.locator("article details[open]").count() == 0, "answers and solutions start closed"
    assert page.locator("article details:not(.hide)").count() >= 5, "the questions' answers fold"


def test_language_link_keeps_the_section(visit, server):
    page = visit.open(server + f"tr/{NOTEBOOKS[5].stem}.html#sec-3")
    page.click("#lang-switch")
    page.wait_for_load_state("load")
    assert page.url == server + f"en/{NOTEBOOKS[5].stem}.html#sec-3"
    assert page.locator("#sec-3").count() == 1


@pytest.mark.parametrize("lang, word", [("tr", "tensor"), ("en", "optimizer")])
def test_search_finds_pages(visit, server, lang, word):
    page = visit.open(server + f"{lang}/search.html?q={word}")
    page.wait_for_selector("ul.search li", timeout=30_000)
    assert page.locator("ul.search li").count() >= 3
    assert not visit.errors and not visit.external


def test_math_renders_from_local_mathjax(visit, server):
    page = visit.open(server + f"en/{NOTEBOOKS[0].stem}.html")
    page.wait_for_selector("mjx-container", timeout=30_000)
    assert not visit.errors and not visit.external


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)])
@pytest.mark.parametrize("name", ["tr/00_setup.html", "en/06_evaluation.html"])
def test_screenshot(browser, server, name, width, height):
    v = Visit(browser, width, height)
    try:
        page = v.open(server + name)
        page.evaluate(WAIT_FOR_IMAGES)
        if "06_" in name:
            page.locator("article img").first.scroll_into_view_if_needed()
        SHOTS.mkdir(exist_ok=True)
        shot = SHOTS / f"{name.replace('/', '-').removesuffix('.html')}-{width}.png"
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 0
        assert not v.errors and not v.external
    finally:
        v.close()
