"""Turning any photo or drawing of a digit into an MNIST-style 28×28 input (notebook 10).

MNIST digits are white ink on black, fitted into a 20×20 box and centred by their
centre of mass in a 28×28 frame. A model trained on them fails on a dark-on-light,
off-centre photo unless the photo is brought into the same form first.
"""

from __future__ import annotations

import os
import warnings

import numpy as np
import torch
from PIL import Image, ImageOps

from .data import BLOG_MEAN, BLOG_STD
from .errors import MnistHelpersError


class ImageError(MnistHelpersError, ValueError):
    """The image cannot be read, or holds no visible digit."""


def load_grayscale(path: str | os.PathLike[str]) -> np.ndarray:
    """Read an image file (PNG, JPEG, ...) as a float array in [0, 1], 0 = black.

    A phone photo is turned upright by its EXIF orientation; a transparent background
    (as drawing apps export) counts as white paper. Every way of failing, including an
    image larger than Pillow's decompression-bomb limit, raises :class:`ImageError`.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                image = ImageOps.exif_transpose(image)
                if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
                    rgba = image.convert("RGBA")
                    paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
                    image = Image.alpha_composite(paper, rgba)
                return np.asarray(image.convert("L"), dtype=np.float32) / 255.0
    except FileNotFoundError:
        raise ImageError(f"image {path} does not exist") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageError(f"image {path} is too large to read safely ({error})") from None
    except Exception as error:  # Pillow raises many types for damaged or foreign files
        raise ImageError(f"cannot read {path} as an image ({error})") from None


def preprocess_steps(gray: np.ndarray) -> dict[str, np.ndarray]:
    """Each stage of the MNIST-style preprocessing, in order; the last is the 28×28 result.

    ``gray`` is a 2-D float array in [0, 1]. Stages: ``gray``, ``inverted`` (white ink
    on black), ``cleaned`` (background removed, contrast stretched), ``cropped`` (the
    ink's bounding box), ``fitted`` (longer side 20 pixels), ``centred`` (28×28, centre
    of mass in the middle).
    """
    if gray.ndim != 2 or min(gray.shape) < 2:
        raise ImageError(f"expected a 2-D grayscale image, got shape {gray.shape}")
    steps = {"gray": gray}
    border = np.concatenate([gray[0], gray[-1], gray[:, 0], gray[:, -1]])
    ink = 1.0 - gray if np.median(border) > 0.5 else gray.copy()
    steps["inverted"] = ink

    background = np.median(np.concatenate([ink[0], ink[-1], ink[:, 0], ink[:, -1]]))
    peak = ink.max()
    if peak - background < 0.1:
        raise ImageError("no digit found: the image has no visible ink")
    cleaned = np.clip((ink - background) / (peak - background), 0.0, 1.0)
    cleaned[cleaned < 0.2] = 0.0  # drop faint noise and paper texture
    steps["cleaned"] = cleaned

    rows, cols = np.nonzero(cleaned > 0.5)
    cropped = cleaned[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]
    steps["cropped"] = cropped

    height, width = cropped.shape
    scale = 20.0 / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    fitted = Image.fromarray((cropped * 255).astype(np.uint8)).resize(size, Image.LANCZOS)
    fitted_arr = np.asarray(fitted, dtype=np.float32) / 255.0
    fitted_arr /= max(float(fitted_arr.max()), 1e-6)  # thin strokes fade when shrunk: restore
    steps["fitted"] = fitted_arr

    steps["centred"] = centre_by_mass(fitted_arr)
    return steps


def centre_by_mass(digit: np.ndarray, size: int = 28) -> np.ndarray:
    """Paste ``digit`` into a ``size``×``size`` black frame, centre of mass in the middle."""
    total = digit.sum()
    rows, cols = np.indices(digit.shape)
    com_row = (rows * digit).sum() / total
    com_col = (cols * digit).sum() / total
    top = int(round(size / 2 - com_row))
    left = int(round(size / 2 - com_col))
    frame = np.zeros((size, size), dtype=np.float32)
    # clip the paste to the frame (a very lopsided digit may poke out)
    r0, c0 = max(top, 0), max(left, 0)
    r1 = min(top + digit.shape[0], size)
    c1 = min(left + digit.shape[1], size)
    frame[r0:r1, c0:c1] = digit[r0 - top : r1 - top, c0 - left : c1 - left]
    return frame


def to_model_input(
    digit: np.ndarray, mean: float = BLOG_MEAN, std: float = BLOG_STD
) -> torch.Tensor:
    """A 28×28 array in [0, 1] as a normalised 1×1×28×28 tensor, as in training."""
    return ((torch.from_numpy(np.ascontiguousarray(digit, dtype=np.float32)) - mean) / std).view(
        1, 1, 28, 28
    )


def prepare_image(
    path: str | os.PathLike[str], mean: float = BLOG_MEAN, std: float = BLOG_STD
) -> torch.Tensor:
    """Read ``path`` and return the model-ready 1×1×28×28 tensor."""
    return to_model_input(preprocess_steps(load_grayscale(path))["centred"], mean, std)


@torch.no_grad()
def top_k(model: torch.nn.Module, inputs: torch.Tensor, k: int = 3) -> list[tuple[int, float]]:
    """The ``k`` most probable digits for one input, as ``(digit, probability)`` pairs."""
    model.eval()
    device = next(model.parameters()).device
    probabilities = torch.softmax(model(inputs.to(device)), dim=1)[0].cpu()
    values, digits = probabilities.topk(k)
    return [(int(d), float(v)) for d, v in zip(digits, values, strict=True)]
