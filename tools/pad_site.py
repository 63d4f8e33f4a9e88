"""The digit pad on the offline site: the model runs in the reader's browser.

``tools/build_site.py`` calls the two functions here:

- :func:`write_pad_assets` trains a model with the repository's own CLI (preset
  ``fast-cnn``, seed 0, 2 threads: 0.85 of an epoch, about 99% test accuracy, a few seconds
  on a 2-core CPU), exports its weights (float32, about 0.9 MB) and a small JSON manifest,
  and copies the pad's JS module and CSS;
- :func:`pad_html` is the pad's HTML for a language's landing page.

Run it alone to write the assets into a folder: ``python tools/pad_site.py DIR``.
"""

from __future__ import annotations

import atexit
import functools
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from mnist_helpers.checkpoint import load_checkpoint
from mnist_helpers.pad import LABELS, STATIC, write_model

REPO = Path(__file__).resolve().parent.parent
TRAIN = ["--preset", "fast-cnn", "--seed", "0", "--threads", "2", "--no-progress", "--no-summary"]
MODEL = "digit_pad_model"
#: Where a language's pages (tr/, en/) find the files: the site's shared _static/.
STATIC_URL = "../_static/"
ASSETS = ("digit_pad.js", "digit_pad.css")


@functools.cache
def trained_checkpoint() -> Path:
    """Train the site's model once per process; the checkpoint's path (removed at exit)."""
    folder = Path(tempfile.mkdtemp(prefix="pad-model-"))
    path = folder / "pad.pt"
    command = [sys.executable, "-m", "mnist_helpers", "train", *TRAIN, "--save", str(path)]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    if result.returncode:
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"training the digit pad's model failed: {result.stderr.strip()[-500:]}")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return path


def write_pad_assets(static_dir: Path) -> None:
    """Write the pad's module, CSS, model manifest and weights into ``static_dir``."""
    model, checkpoint = load_checkpoint(trained_checkpoint())
    hparams = checkpoint["hparams"]
    write_model(model.eval(), static_dir, hparams["mean"], hparams["std"], MODEL)
    for name in ASSETS:
        shutil.copyfile(STATIC / name, static_dir / name)


def pad_html(lang: str) -> str:
    """The pad for a page of ``lang`` ('tr' or 'en') one folder below the shared ``_static/``.

    One HTML block without blank lines, so that Markdown passes it through untouched.
    """
    labels = LABELS[lang]
    options = json.dumps(
        {"manifest": f"{STATIC_URL}{MODEL}.json", "labels": labels, "lang": lang},
        ensure_ascii=False,
    )
    return "\n".join(
        [
            f'<link rel="stylesheet" href="{STATIC_URL}digit_pad.css">',
            f'<p class="dp-title"><strong>{labels["title"]}</strong></p>',
            f'<p class="dp-hint">{labels["hint"]}</p>',
            '<div class="dp-site"></div>',
            '<script type="module">',
            f'import {{ mountSitePad }} from "{STATIC_URL}digit_pad.js";',
            f'mountSitePad(document.querySelector(".dp-site"), {options});',
            "</script>",
        ]
    )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tools/pad_site.py DIR")
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    write_pad_assets(out)
    print(f"wrote the digit pad into {out}")
