"""The digit pad in a real browser: the site's pad, the widget's front end, parity with PyTorch.

The site's model is trained once for the module by tools/pad_site.py (the repository's CLI,
preset fast-cnn, seed 0), and the pad is served with ``python -m http.server`` on 127.0.0.1
from a temporary folder laid out like the site (``_static/``, ``en/``, ``tr/``). Debian's
headless Chromium runs the one JS module (as in tests/test_site.py: without Chromium the
tests skip here and fail in CI). Screenshots go to ``_screenshots/``.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import PIL
import pytest
import torch
from pad_site import pad_html, trained_checkpoint, write_pad_assets
from test_site import SHOTS, Visit, chromium  # noqa: F401  (chromium is a fixture)

from mnist_helpers import Net
from mnist_helpers.checkpoint import load_checkpoint
from mnist_helpers.data import load_tensors
from mnist_helpers.images import load_grayscale
from mnist_helpers.pad import (
    CANVAS,
    LABELS,
    ONE,
    SEVEN,
    ZERO,
    DigitPad,
    read_digit,
    render_strokes,
    write_model,
)

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parent.parent
DRAWN = {"1": ONE, "0": ZERO, "7": SEVEN}
PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>pad</title></head>
<body style="margin: 0; font-family: system-ui, sans-serif">
<main style="max-width: 48rem; margin: 1rem auto; padding: 0 1rem">
<div class="digit-pad-slot">
{pad}
</div></main></body></html>
"""
WIDGET_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<link rel="stylesheet" href="../_static/digit_pad.css"><title>widget</title></head>
<body><div id="widget"></div></body></html>
"""
# A stand-in for anywidget's model: it keeps the traits and records what the JS sends.
FAKE_WIDGET = """async ({ labels, lang }) => {
  const { default: widget } = await import("../_static/digit_pad.js");
  const traits = { labels, lang, strokes: [], reading: {} };
  const listeners = {};
  window.sent = [];
  window.widgetModel = {
    get: (name) => traits[name],
    set: (name, value) => { traits[name] = value; },
    save_changes: () => window.sent.push(JSON.parse(JSON.stringify(traits.strokes))),
    on: (event, callback) => { listeners[event] = callback; },
    off: (event) => { delete listeners[event]; },
    reply: (reading) => { traits.reading = reading; listeners["change:reading"](); },
  };
  widget.render({ model: window.widgetModel, el: document.getElementById("widget") });
}"""
PARITY = """async ({ manifest, shapes }) => {
  const pad = await import("../_static/digit_pad.js");
  const net = await pad.loadNet(manifest);
  const all = new Float32Array(await (await fetch("grays.bin")).arrayBuffer());
  let at = 0;
  return shapes.map(([height, width]) => {
    const gray = all.subarray(at, (at += height * width));
    const { digit, probabilities, input } = pad.readDigit(net, gray, width, height);
    return { digit, probabilities, input: Array.from(input) };
  });
}"""
TWO_FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    """A folder laid out like the site: the shared ``_static/``, a pad page per language."""
    folder = tmp_path_factory.mktemp("pad-site")
    write_pad_assets(folder / "_static")
    for lang in ("en", "tr"):
        (folder / lang).mkdir()
        page = PAGE.format(lang=lang, pad=pad_html(lang))
        (folder / lang / "index.html").write_text(page, encoding="utf-8")
    (folder / "en" / "widget.html").write_text(WIDGET_PAGE, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def server(root) -> Iterator[str]:
    """``python -m http.server`` on 127.0.0.1 and a free port; yields its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"]
    proc = subprocess.Popen(
        [*command, "--directory", str(root)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
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


@pytest.fixture(scope="module")
def browser(server, chromium):  # noqa: F811
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def visit(browser) -> Iterator[Visit]:
    v = Visit(browser)
    yield v
    v.close()


def parity_images() -> list[np.ndarray]:
    """300 MNIST test digits, the photo-like samples and drawn strokes, as gray arrays."""
    images, _ = load_tensors(train=False, mean=0.0, std=1.0)
    grays = [images[i, 0].numpy() for i in range(300)]
    grays += [load_grayscale(p) for p in sorted((REPO / "data" / "samples").glob("[0-9]_*"))]
    rng = np.random.default_rng(0)
    scribbles = [rng.uniform(30, 250, (int(rng.integers(2, 7)), 2)).tolist() for _ in range(12)]
    strokes = [ONE, ZERO, SEVEN, SEVEN + ONE] + [[s] for s in scribbles]
    return grays + [render_strokes(s) for s in strokes]


@pytest.mark.skipif(
    int(PIL.__version__.split(".")[0]) < 13,
    reason="digit_pad.js mirrors Pillow 13's resize (its pass order differs in older Pillow)",
)
@pytest.mark.parametrize("kind", ["site model (ConvNet)", "untrained Net"])
def test_the_js_reads_every_image_as_pytorch_does(visit, server, root, kind):
    if kind == "untrained Net":
        torch.manual_seed(0)
        model, mean, std = Net().eval(), 0.5, 0.5
        write_model(model, root / "_static", mean, std, "net")
        manifest = "../_static/net.json"
    else:
        model, checkpoint = load_checkpoint(trained_checkpoint())
        mean, std = checkpoint["hparams"]["mean"], checkpoint["hparams"]["std"]
        manifest = "../_static/digit_pad_model.json"
    grays = parity_images()
    (root / "en" / "grays.bin").write_bytes(b"".join(g.astype("<f4").tobytes() for g in grays))
    page = visit.open(server + "en/index.html")
    shapes = [list(g.shape) for g in grays]
    results = page.evaluate(PARITY, {"manifest": manifest, "shapes": shapes})
    assert len(results) == len(grays) > 300
    for gray, js in zip(grays, results, strict=True):
        torch_reading = read_digit(model, gray, mean, std)
        np.testing.assert_array_equal(np.array(js["input"], np.float32).reshape(28, 28),
                                      torch_reading["input"])  # fmt: skip
        assert js["digit"] == torch_reading["digit"]
        np.testing.assert_allclose(js["probabilities"], torch_reading["probabilities"], atol=1e-4)
    assert not visit.errors and not visit.external


def draw(page, strokes) -> None:
    """Draw ``strokes`` (points on the pad's 280×280 surface) with the mouse."""
    box = page.locator('[data-role="digit-pad"]').bounding_box()
    scale = box["width"] / CANVAS
    for stroke in strokes:
        x, y = stroke[0]
        page.mouse.move(box["x"] + x * scale, box["y"] + y * scale)
        page.mouse.down()
        for x, y in stroke[1:]:
            page.mouse.move(box["x"] + x * scale, box["y"] + y * scale, steps=4)
        page.mouse.up()


def shown_digit(page) -> str:
    """The digit the pad shows, read two animation frames after the stroke ended."""
    page.evaluate(TWO_FRAMES)
    return page.locator('[data-role="prediction"]').inner_text()


@pytest.mark.parametrize("lang", ["en", "tr"])
@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)])
def test_the_site_pad_reads_a_drawn_1_0_and_7(browser, server, lang, width, height):
    v = Visit(browser, width, height)
    try:
        page = v.open(server + f"{lang}/index.html")
        prediction = page.locator('[data-role="prediction"]')
        empty = LABELS[lang]["empty"]
        page.wait_for_function(
            "text => document.querySelector('[data-role=prediction]').textContent === text",
            arg=empty,
        )
        for digit, strokes in DRAWN.items():
            page.click('[data-role="clear"]')
            assert prediction.inner_text() == empty
            draw(page, strokes)
            assert re.findall(r"\d", shown_digit(page)) == [digit]
        assert page.locator(".dp-layer canvas").count() == 3  # conv1, conv2, fc1
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"pad-{lang}-{width}.png"), full_page=True)
        assert not v.errors, v.errors
        assert not v.external, f"requests leaving 127.0.0.1: {v.external}"
    finally:
        v.close()


def test_the_widget_sends_strokes_and_shows_pythons_reading(visit, server):
    """The widget's front end with anywidget's model replaced by a recorder: the strokes it
    sends go through the real Python pad, whose reading goes back to the front end."""
    model, checkpoint = load_checkpoint(trained_checkpoint())
    python_pad = DigitPad(
        model, mean=checkpoint["hparams"]["mean"], std=checkpoint["hparams"]["std"]
    )
    page = visit.open(server + "en/widget.html")
    page.evaluate(FAKE_WIDGET, {"labels": python_pad.labels, "lang": python_pad.lang})
    for digit, strokes in DRAWN.items():
        page.click('[data-role="clear"]')
        assert page.evaluate("window.sent.at(-1)") == []
        draw(page, strokes)
        python_pad.strokes = page.evaluate("window.sent.at(-1)")  # what the kernel receives
        assert python_pad.last["digit"] == int(digit)
        page.evaluate("reading => window.widgetModel.reply(reading)", python_pad.reading)
        assert re.findall(r"\d", shown_digit(page)) == [digit]
    assert not visit.errors and not visit.external
