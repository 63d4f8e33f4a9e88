"""Write the example digit images of ``data/samples/`` (used by notebook 10).

The samples imitate what a learner might feed a trained model: MNIST test digits
made to look like photos or scans (upscaled, dark ink on light paper, off-centre,
thickened, noisy, low-contrast, rotated, JPEG-compressed), and digits drawn as thick
matplotlib strokes. Each file name starts with the true digit, e.g.
``7_test_rotated.png`` or ``3_drawn.png``, so that a notebook can score predictions.

The output is deterministic: the same ``--seed`` gives the same files.

Usage (from the repository root)::

    python tools/make_samples.py                 # writes data/samples/
    python tools/make_samples.py --out /tmp/s    # somewhere else
"""

from __future__ import annotations

import argparse
import io
from collections.abc import Callable, Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no window

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image, ImageFilter  # noqa: E402

from mnist_helpers.data import load_tensors  # noqa: E402

Pixels = np.ndarray  # 2-D float array in [0, 1], 1 = white
Stroke = Sequence[tuple[float, float]]

README = """\
# Örnek rakamlar / Sample digits

🇹🇷 Bu klasördeki görüntüler 10. defterde (`notebooks/10_your_own_digit.ipynb`) modelin
"gerçek hayattan" rakamları okuyup okuyamadığını denemek için kullanılır. Her dosya adı
rakamın doğru değeriyle başlar (`7_test_rotated.png` bir 7'dir). `*_test_*` dosyaları
MNIST test kümesinden alınmış rakamlardır: büyütülmüş, koyu mürekkep açık zemine
çevrilmiş, kenara kaydırılmış, kalınlaştırılmış, gürültü eklenmiş, döndürülmüş veya
JPEG olarak sıkıştırılmıştır. `*_drawn.png` dosyaları matplotlib ile kalın çizgilerle
çizilmiş rakamlardır. Hepsi şu komutla, sabit bir tohumla üretildi:

🇬🇧 The images in this folder are used by notebook 10 (`notebooks/10_your_own_digit.ipynb`)
to test whether a model reads "real-world" digits. Each file name starts with the true
digit (`7_test_rotated.png` is a 7). The `*_test_*` files are MNIST test digits that were
upscaled, turned into dark ink on light paper, moved off-centre, thickened, made noisy,
rotated or saved as JPEG. The `*_drawn.png` files are digits drawn as thick matplotlib
strokes. All of them were made, with a fixed seed, by:

```bash
python tools/make_samples.py --out data/samples --seed {seed}
```
"""


# ---------------------------------------------------------------- small image tools


def to_image(pixels: Pixels) -> Image.Image:
    """A float array in [0, 1] as an 8-bit grayscale PIL image."""
    return Image.fromarray((np.clip(pixels, 0.0, 1.0) * 255).round().astype(np.uint8), "L")


def to_pixels(image: Image.Image) -> Pixels:
    """An 8-bit grayscale PIL image as a float array in [0, 1]."""
    return np.asarray(image.convert("L"), dtype=np.float32) / 255.0


def resize(pixels: Pixels, width: int, height: int) -> Pixels:
    """Bicubic resize to ``width``×``height`` pixels."""
    return to_pixels(to_image(pixels).resize((width, height), Image.BICUBIC))


def paper(ink: Pixels, ink_level: float = 0.08, paper_level: float = 0.96) -> Pixels:
    """White-on-black MNIST ink (1 = ink) as dark ink on light paper."""
    return paper_level + (ink_level - paper_level) * ink


def place(
    digit: Pixels, width: int, height: int, left: int, top: int, background: float = 0.0
) -> Pixels:
    """Paste ``digit`` into a ``width``×``height`` canvas at (``left``, ``top``)."""
    canvas = np.full((height, width), background, dtype=np.float32)
    h, w = digit.shape
    canvas[top : top + h, left : left + w] = digit
    return canvas


# ---------------------------------------------------------------- variants of test digits


def upscaled(ink: Pixels, rng: np.random.Generator) -> Pixels:
    """200×200, dark on light: the simplest "photo" of a digit."""
    return paper(resize(ink, 200, 200))


def off_centre(ink: Pixels, rng: np.random.Generator) -> Pixels:
    """A small digit near the top-left corner of a wide 280×200 page."""
    return paper(place(resize(ink, 100, 100), 280, 200, left=20, top=15))


def thick(ink: Pixels, rng: np.random.Generator) -> Pixels:
    """Strokes made bolder with a max filter, as from a felt-tip pen."""
    big = to_image(resize(ink, 140, 140)).filter(ImageFilter.MaxFilter(9))
    return paper(to_pixels(big))


def noisy(ink: Pixels, rng: np.random.Generator) -> Pixels:
    """Dark on light with Gaussian noise; saved as JPEG."""
    page = paper(resize(ink, 160, 160))
    return page + rng.normal(0.0, 0.06, page.shape).astype(np.float32)


def small(ink: Pixels, rng: np.random.Generator) -> Pixels:
    """Only 40×40 pixels, dark on light."""
    return paper(resize(ink, 40, 40))


def low_contrast(ink: Pixels, rng: np.random.Generator) -> Pixels:
    """Grey pencil on grey paper, lit unevenly from the left."""
    page = paper(resize(ink, 180, 180), ink_level=0.45, paper_level=0.80)
    light = np.linspace(1.0, 0.88, page.shape[1], dtype=np.float32)[None, :]
    return page * light


def dark_background(ink: Pixels, rng: np.random.Generator) -> Pixels:
    """Light chalk on a dark board (MNIST's own polarity), off-centre in 300×240."""
    return 0.1 + 0.8 * place(resize(ink, 120, 120), 300, 240, left=160, top=90)


def rotated(ink: Pixels, rng: np.random.Generator) -> Pixels:
    """Turned 12 degrees, 200×200, dark on light."""
    image = to_image(resize(ink, 200, 200)).rotate(12, resample=Image.BICUBIC, fillcolor=0)
    return paper(to_pixels(image))


def tiny_in_frame(ink: Pixels, rng: np.random.Generator) -> Pixels:
    """A 60-pixel digit alone in a 256×256 frame."""
    return paper(place(resize(ink, 60, 60), 256, 256, left=110, top=120))


def upscaled_jpeg(ink: Pixels, rng: np.random.Generator) -> Pixels:
    """Like ``upscaled`` but 120×120 and strongly JPEG-compressed."""
    return paper(resize(ink, 120, 120))


#: digit → (variant name, how to make it, file extension)
VARIANTS: dict[int, tuple[str, Callable[[Pixels, np.random.Generator], Pixels], str]] = {
    0: ("upscaled", upscaled, "png"),
    1: ("offcentre", off_centre, "png"),
    2: ("thick", thick, "png"),
    3: ("noisy", noisy, "jpg"),
    4: ("small", small, "png"),
    5: ("lowcontrast", low_contrast, "jpg"),
    6: ("darkbackground", dark_background, "png"),
    7: ("rotated", rotated, "png"),
    8: ("tinyinframe", tiny_in_frame, "png"),
    9: ("upscaled", upscaled_jpeg, "jpg"),
}


def pick_test_digits(seed: int) -> dict[int, Pixels]:
    """One MNIST test image per digit (chosen at random with ``seed``), pixels in [0, 1]."""
    images, labels = load_tensors(False, mean=0.0, std=1.0)
    rng = np.random.default_rng(seed)
    picked = {}
    for digit in range(10):
        candidates = np.flatnonzero(labels.numpy() == digit)
        picked[digit] = images[int(rng.choice(candidates)), 0].numpy()
    return picked


# ---------------------------------------------------------------- digits drawn as strokes


def arc(cx: float, cy: float, rx: float, ry: float, start: float, end: float) -> Stroke:
    """Points on an elliptic arc from angle ``start`` to ``end`` (degrees, counter-clockwise)."""
    angles = np.radians(np.linspace(start, end, 40))
    return list(zip(cx + rx * np.cos(angles), cy + ry * np.sin(angles), strict=True))


#: Each drawn digit as strokes in a unit box (y up); each stroke is one pen movement.
DRAWINGS: dict[int, list[Stroke]] = {
    2: [arc(0.5, 0.72, 0.28, 0.22, 165, -30) + [(0.22, 0.05), (0.82, 0.05)]],
    3: [arc(0.48, 0.74, 0.26, 0.2, 150, -90), arc(0.48, 0.28, 0.3, 0.24, 90, -150)],
    4: [[(0.62, 0.98), (0.15, 0.35), (0.85, 0.35)], [(0.62, 0.7), (0.62, 0.0)]],
    5: [[(0.78, 0.95), (0.3, 0.95), (0.26, 0.55)] + arc(0.5, 0.3, 0.3, 0.28, 120, -150)],
    6: [[(0.65, 0.98)] + arc(0.5, 0.3, 0.3, 0.28, 150, -210)],
    7: [[(0.15, 0.92), (0.85, 0.92), (0.4, 0.0)]],
}

#: Per drawing: (line width in points, shift of the drawing in the frame, x and y).
DRAW_STYLE: dict[int, tuple[float, tuple[float, float]]] = {
    2: (9.0, (0.0, 0.0)),
    3: (7.0, (0.25, 0.1)),
    4: (11.0, (-0.15, 0.0)),
    5: (8.0, (0.0, -0.2)),
    6: (6.0, (0.1, 0.1)),
    7: (10.0, (-0.2, 0.15)),
}


def draw(strokes: list[Stroke], linewidth: float, shift: tuple[float, float], size: int) -> Pixels:
    """Render ``strokes`` as black lines on a white ``size``×``size`` figure."""
    dpi = 100
    fig = plt.figure(figsize=(size / dpi, size / dpi), dpi=dpi, facecolor="white")
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(-0.6 - shift[0], 1.6 - shift[0])  # the digit fills about half of the frame
    ax.set_ylim(-0.6 - shift[1], 1.6 - shift[1])
    ax.axis("off")
    for stroke in strokes:
        xs, ys = zip(*stroke, strict=True)
        ax.plot(
            xs,
            ys,
            color="black",
            linewidth=linewidth,
            solid_capstyle="round",
            solid_joinstyle="round",
        )
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    plt.close(fig)
    buffer.seek(0)
    return to_pixels(Image.open(buffer))


# ---------------------------------------------------------------- main


def save(pixels: Pixels, path: Path) -> None:
    """Save as grayscale PNG, or as JPEG (quality 60) when the suffix says so."""
    image = to_image(pixels)
    if path.suffix == ".jpg":
        image.save(path, quality=60)
    else:
        image.save(path, optimize=True)


def make_samples(out: Path, seed: int = 0) -> list[Path]:
    """Write all samples and the README into ``out``; return the image paths."""
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    written = []
    for digit, ink in pick_test_digits(seed).items():
        name, make, suffix = VARIANTS[digit]
        path = out / f"{digit}_test_{name}.{suffix}"
        save(make(ink, rng), path)
        written.append(path)
    for digit, strokes in DRAWINGS.items():
        linewidth, shift = DRAW_STYLE[digit]
        path = out / f"{digit}_drawn.png"
        save(draw(strokes, linewidth, shift, size=200), path)
        written.append(path)
    (out / "README.md").write_text(README.format(seed=seed), encoding="utf-8")
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("data/samples"),
        help="folder to write into (default: data/samples)",
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    args = parser.parse_args(argv)
    paths = make_samples(args.out, args.seed)
    total = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} images ({total / 1024:.0f} KB) and README.md to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
