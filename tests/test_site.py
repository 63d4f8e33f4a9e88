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
import build_site  # noqa: E402
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
# English words of Sphinx, the theme, myst-nb and sphinx-copybutton that a reader sees (text
# outside code, tooltips, placeholders) and that tools/site translates on the Turkish site.
# Left in English, and unseen: the aria-labels "Main", "Page" (sphinx-book-theme) and
# "Toggle hidden content" (myst-nb), which no catalog or option reaches.
ENGLISH_UI = {
    *(f"{verb} code cell {part}" for verb in ("Show", "Hide") for part in ("content", "source")),
    "Show code cell outputs", "Hide code cell outputs",
    "Skip to main content", "Back to top", "Search", "Search...", "Contents", "On this page",
    "Light", "Dark", "System Settings", "Color mode", "previous", "next", "previous page",
    "next page", "Site navigation", "Toggle primary sidebar", "Toggle secondary sidebar",
    "Download this page", "Download source file", "Print to PDF", "Link to this heading",
    "Copy", "Copy to clipboard", "Copied!", "By pytorch-mnist", "Version warning", "Index",
}  # fmt: skip
UI_WORDS = """() => {
  const words = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.parentElement.closest("pre, code, script, style")) words.push(node.textContent);
  }
  for (const name of ["title", "aria-label", "placeholder", "data-tooltip", "alt"]) {
    document.querySelectorAll(`[${name}]`).forEach((el) => words.push(el.getAttribute(name)));
  }
  return words.map((word) => word.trim()).filter((word) => word);
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
    icon = page.request.get(urljoin(page.url, page.get_attribute("link[rel='icon']", "href")))
    assert icon.ok and icon.headers["content-type"] == "image/png", "the favicon"
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


@pytest.mark.parametrize("lang", LANGS)
def test_math_renders_from_the_one_local_mathjax(visit, server, site, lang):
    page = visit.open(server + f"{lang}/{NOTEBOOKS[0].stem}.html")
    page.wait_for_selector("mjx-container", timeout=30_000)
    assert not visit.errors and not visit.external
    copies = [path.relative_to(site) for path in site.rglob(build_site.MATHJAX_ENTRY)]
    assert copies == [Path(build_site.SHARED, "mathjax", build_site.MATHJAX_ENTRY)]
    assert not list(site.glob("*/_static/mathjax")), "a language's own MathJax"


@pytest.mark.parametrize("lang", LANGS)
def test_landing_page(visit, server, lang):
    """What the series is, where to start, and the digit pad's slot above the first section."""
    page = visit.open(server + f"{lang}/index.html")
    slot = page.locator("article .digit-pad-slot")
    assert slot.count() == 1
    first_section = page.locator("article h2").first
    slot_top = slot.evaluate("el => el.getBoundingClientRect().top")
    assert slot_top < first_section.evaluate("el => el.getBoundingClientRect().top")
    assert "Temellere Dönüş, PyTorch ile MNIST" in page.inner_text("article")
    steps = page.locator("article ol").first.locator("a").evaluate_all("a => a.map(l => l.href)")
    starts = [urlparse(href).path.rsplit("/", 1)[-1].split("_")[0] for href in steps]
    assert starts[:7] == ["00", "01", "02", "03", "04", "05", "06"]
    editions = page.locator("article td:first-child code").all_inner_texts()
    assert {"full", "student", "clean"} <= set(editions), editions
    assert not visit.errors and not visit.external


def test_turkish_notebook_page_has_no_english_ui(visit, server):
    """The Turkish page of a notebook with folded solutions, after its scripts ran."""
    page = visit.open(server + "tr/05_training.html")
    page.wait_for_load_state("networkidle")
    assert page.locator("button.copybtn").count() > 0
    left = ENGLISH_UI & set(page.evaluate(UI_WORDS))
    assert not left, f"English on the Turkish page: {sorted(left)}"
    assert page.locator("details.hide summary").first.inner_text() == "Çözümü göster"


def test_turkish_search_reports_in_turkish(visit, server):
    page = visit.open(server + "tr/search.html?q=tensor")
    page.wait_for_selector("ul.search li", timeout=30_000)
    summary = page.locator("p.search-summary")
    summary.filter(has_text="Arama bitti").wait_for(timeout=30_000)
    assert not visit.errors and not visit.external


def test_digit_pad_hook(tmp_path):
    """tools/pad_site.py's two functions, when it has them: assets once, HTML in the slot."""
    fake = tmp_path / "pad_site.py"
    fake.write_text(
        "def write_pad_assets(static_dir):\n"
        "    (static_dir / 'pad.js').write_text('// the pad')\n"
        "def pad_html(lang):\n"
        '    return f\'<canvas data-role="digit-pad" lang="{lang}"></canvas>\'\n',
        encoding="utf-8",
    )
    pad = build_site.digit_pad(fake)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    page = build_site.landing("en", [("00_setup", "00 · Setup")], readme, pad.pad_html("en"))
    assert '<div class="digit-pad-slot"><canvas data-role="digit-pad" lang="en">' in page
    build_site.write_shared(tmp_path / "site", pad)
    assert (tmp_path / "site" / "_static" / "pad.js").read_text() == "// the pad"
    assert (tmp_path / "site" / "_static" / "mathjax" / build_site.MATHJAX_ENTRY).is_file()


def test_no_digit_pad_leaves_the_slot_empty(tmp_path):
    assert build_site.digit_pad(tmp_path / "absent.py") is None
    (tmp_path / "half.py").write_text("def pad_html(lang):\n    return ''\n", encoding="utf-8")
    assert build_site.digit_pad(tmp_path / "half.py") is None
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert '<div class="digit-pad-slot"></div>' in build_site.landing("tr", [], readme)


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)])
@pytest.mark.parametrize(
    "name", ["tr/index.html", "en/index.html", "tr/00_setup.html", "en/06_evaluation.html"]
)
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
