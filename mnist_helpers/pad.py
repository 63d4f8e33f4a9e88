"""A drawing pad: draw a digit and watch the model read it, layer by layer (notebooks 07, 10).

The canvas lives in the browser (``static/digit_pad.js``, an anywidget module); after each
stroke it sends the strokes to Python, which renders them, runs the same preprocessing as
``predict`` (:mod:`mnist_helpers.images`) and the model, and sends back the 28×28 input,
the ten probabilities and the hidden activations. Without a widget front end (nbval, a
plain nbconvert run) the pad's text shows the reading of its strokes, e.g. :data:`SEVEN`.

The offline site runs the same JS module with the model in the browser: :func:`export_model`
writes the weights it reads.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import anywidget
import numpy as np
import torch
import torch.nn as nn
import traitlets
from PIL import Image, ImageDraw

from .checkpoint import load_checkpoint
from .data import BLOG_MEAN, BLOG_STD
from .images import ImageError, preprocess_steps, to_model_input
from .inspection import hooked
from .models import ConvNet, Net

STATIC = Path(__file__).resolve().parent / "static"
CANVAS = 280  # the pad's drawing surface, in its own pixels, whatever its size on screen
PEN = 22  # stroke width on that surface

Point = Sequence[float]
Strokes = Sequence[Sequence[Point]]

#: Hand-drawn digits as the canvas sends them: strokes of (x, y) points on the pad.
SEVEN: list[list[list[int]]] = [[[70, 62], [210, 58], [196, 96], [150, 170], [118, 238]]]
ONE: list[list[list[int]]] = [[[118, 90], [150, 52], [146, 150], [142, 236]]]
ZERO: list[list[list[int]]] = [
    [[140, 60], [170, 72], [192, 105], [200, 150], [192, 195], [170, 228], [140, 240]]
    + [[110, 228], [88, 195], [80, 150], [88, 105], [110, 72], [140, 60]]
]

#: The pad's words in each language of the series.
LABELS: dict[str, dict[str, str]] = {
    "tr": {
        "title": "Bir rakam çizin",
        "hint": "Fareyle, parmağınızla ya da kalemle çizin; model her çizgiden sonra okur.",
        "clear": "Temizle",
        "prediction": "Tahmin",
        "empty": "Bir rakam çizin",
        "input": "Modelin gördüğü 28×28",
        "probabilities": "Olasılıklar",
        "layers": "Gizli katmanlar",
        "loading": "Model yükleniyor…",
        "failed": "Model yüklenemedi: siteyi bir sunucudan açın (python -m http.server).",
    },
    "en": {
        "title": "Draw a digit",
        "hint": "Draw with a mouse, a finger or a pen; the model reads it after every stroke.",
        "clear": "Clear",
        "prediction": "Prediction",
        "empty": "Draw a digit",
        "input": "The 28×28 input the model sees",
        "probabilities": "Probabilities",
        "layers": "Hidden layers",
        "loading": "Loading the model…",
        "failed": "The model could not be loaded: serve the site (python -m http.server).",
    },
}

#: The hidden layers shown for each model: (name on screen, submodule whose output is hooked).
#: ConvNet calls its one ``pool`` twice, once per conv block.
HIDDEN: dict[type[nn.Module], tuple[tuple[str, str], ...]] = {
    Net: (("fc1", "fc1"), ("fc2", "fc2")),
    ConvNet: (("conv1", "pool"), ("conv2", "pool"), ("fc1", "fc1")),
}


def render_strokes(strokes: Strokes, size: int = CANVAS, pen: int = PEN) -> np.ndarray:
    """Strokes drawn with a round pen, black on white: a ``size``×``size`` array in [0, 1]."""
    image = Image.new("L", (size, size), 255)
    draw = ImageDraw.Draw(image)
    radius = pen / 2
    for stroke in strokes:
        points = [(float(x), float(y)) for x, y in stroke]
        if len(points) > 1:
            draw.line(points, fill=0, width=pen, joint="curve")
        for x, y in points:  # round caps and dots
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=0)
    return np.asarray(image, dtype=np.float32) / 255.0


def as_model(
    model: nn.Module | str | os.PathLike[str],
) -> tuple[nn.Module, float | None, float | None]:
    """A model, or a checkpoint path loaded into one; with the checkpoint's mean and std."""
    if isinstance(model, nn.Module):
        return model, None, None
    loaded, checkpoint = load_checkpoint(model)
    hparams = checkpoint["hparams"]
    return loaded, hparams.get("mean"), hparams.get("std")


def hidden_layers(model: nn.Module) -> tuple[tuple[str, str], ...]:
    """The (name, hooked submodule) pairs of the layers the pad shows for ``model``."""
    for cls, layers in HIDDEN.items():
        if type(model) is cls:
            return layers
    raise TypeError(f"the pad shows Net and ConvNet, not {type(model).__name__}")


@torch.no_grad()
def read_digit(
    model: nn.Module, gray: np.ndarray, mean: float = BLOG_MEAN, std: float = BLOG_STD
) -> dict[str, Any]:
    """Preprocess ``gray`` as ``predict`` does and run ``model``, watching its hidden layers.

    Returns ``{"digit", "probabilities" (10), "input" (28×28 array in [0, 1]),
    "layers": [{"name", "shape", "values"}]}``, the activations after ReLU.
    Raises :class:`ImageError` when ``gray`` holds no visible digit.
    """
    centred = preprocess_steps(gray)["centred"]
    layers = hidden_layers(model)
    was_training = model.training
    model.eval()
    device = next(model.parameters()).device
    try:
        with hooked(model, sorted({module for _, module in layers})) as store:
            logits = model(to_model_input(centred, mean, std).to(device))
    finally:
        model.train(was_training)
    calls = {module: iter(outputs) for module, outputs in store.items()}
    hidden = [(name, next(calls[module])[0]) for name, module in layers]
    probabilities = torch.softmax(logits, dim=1)[0].cpu()
    return {
        "digit": int(probabilities.argmax()),
        "probabilities": probabilities.numpy(),
        "input": centred,
        "layers": [
            {"name": name, "shape": list(values.shape), "values": values.flatten().numpy()}
            for name, values in hidden
        ],
    }


def to_message(reading: dict[str, Any]) -> dict[str, Any]:
    """A reading as plain JSON values for the browser (activations rounded to 4 decimals)."""

    def plain(values: np.ndarray) -> list[float]:
        return np.round(np.asarray(values, dtype=np.float64).ravel(), 4).tolist()

    return {
        "digit": reading["digit"],
        "probabilities": plain(reading["probabilities"]),
        "input": plain(reading["input"]),
        "layers": [{**layer, "values": plain(layer["values"])} for layer in reading["layers"]],
    }


class DigitPad(anywidget.AnyWidget):
    """Draw a digit; after each stroke the model reads it and the pad shows its layers.

    ``DigitPad(net)``, ``DigitPad(ConvNet(...), mean=..., std=...)`` or
    ``DigitPad("../checkpoints/fast_cnn.pt")`` (the checkpoint's normalisation is used).
    ``strokes`` starts the pad with a drawing, e.g. :data:`SEVEN`.
    """

    _esm = STATIC / "digit_pad.js"
    _css = STATIC / "digit_pad.css"
    strokes = traitlets.List().tag(sync=True)
    reading = traitlets.Dict().tag(sync=True)
    labels = traitlets.Dict().tag(sync=True)
    lang = traitlets.Unicode().tag(sync=True)

    def __init__(
        self,
        model: nn.Module | str | os.PathLike[str],
        strokes: Strokes = (),
        lang: str = "en",
        mean: float | None = None,
        std: float | None = None,
    ) -> None:
        if lang not in LABELS:
            raise ValueError(f"lang must be one of {sorted(LABELS)}, got {lang!r}")
        self.model, stored_mean, stored_std = as_model(model)
        hidden_layers(self.model)  # fail now, not at the first stroke
        self.mean = next(m for m in (mean, stored_mean, BLOG_MEAN) if m is not None)
        self.std = next(s for s in (std, stored_std, BLOG_STD) if s is not None)
        self.last: dict[str, Any] | None = None
        super().__init__(labels=LABELS[lang], lang=lang)
        self.observe(self._read, names="strokes")
        self.strokes = [[list(map(float, p)) for p in stroke] for stroke in strokes]

    def read(self, strokes: Strokes) -> dict[str, Any]:
        """Render ``strokes`` on the pad's surface and read them with the model."""
        return read_digit(self.model, render_strokes(strokes), self.mean, self.std)

    def _read(self, change: dict[str, Any]) -> None:
        self.last = None
        if change["new"]:
            try:
                self.last = self.read(change["new"])
            except ImageError as error:
                self.reading = {"error": str(error)}
                return
        self.reading = to_message(self.last) if self.last else {}

    def __repr__(self) -> str:
        """What the pad reads, in plain text: shown where no widget front end exists."""
        lines = [f"DigitPad({type(self.model).__name__}), strokes: {len(self.strokes)}"]
        if self.last is None:
            return "\n".join(lines + [self.reading.get("error", "nothing drawn yet")])
        layers = ", ".join(
            f"{layer['name']} {'×'.join(map(str, layer['shape']))}" for layer in self.last["layers"]
        )
        return "\n".join(
            lines
            + [
                f"input the model sees: {'×'.join(map(str, self.last['input'].shape))}",
                f"hidden layers: {layers}",
                f"prediction: {self.last['digit']}",
            ]
        )


def export_model(model: nn.Module, mean: float, std: float) -> tuple[dict[str, Any], bytes]:
    """The model for the browser: a JSON-ready manifest and its float32 weights.

    The manifest lists the forward pass as plain steps (``conv2d``, ``maxpool2d``, ``relu``,
    ``linear``) over named tensors stored little-endian, one after another, in the bytes.
    A ``relu`` step with ``show`` marks a hidden layer the pad draws, as :data:`HIDDEN` does.
    """
    if type(model) is Net:
        steps = [
            {"op": "linear", "layer": "fc1"},
            {"op": "relu", "show": "fc1"},
            {"op": "linear", "layer": "fc2"},
            {"op": "relu", "show": "fc2"},
            {"op": "linear", "layer": "fc3"},
        ]
    elif type(model) is ConvNet:
        steps = []
        for conv in ("conv1", "conv2"):
            padding = getattr(model, conv).padding[0]
            steps += [
                {"op": "conv2d", "layer": conv, "padding": padding},
                {"op": "maxpool2d", "size": model.pool.kernel_size},
                {"op": "relu", "show": conv},
            ]
        steps += [
            {"op": "linear", "layer": "fc1"},
            {"op": "relu", "show": "fc1"},
            {"op": "linear", "layer": "fc2"},
        ]
    else:
        hidden_layers(model)  # raises the TypeError
    tensors, chunks, offset = {}, [], 0
    for name, tensor in model.state_dict().items():
        data = tensor.detach().cpu().contiguous().numpy().astype("<f4").tobytes()
        tensors[name] = {"offset": offset, "shape": list(tensor.shape)}
        chunks.append(data)
        offset += len(data)
    manifest = {
        "format": "digit-pad/1",
        "model": type(model).__name__,
        "mean": mean,
        "std": std,
        "steps": steps,
        "tensors": tensors,
        "bytes": offset,
    }
    return manifest, b"".join(chunks)


def write_model(
    model: nn.Module, folder: Path, mean: float, std: float, name: str = "digit_pad_model"
) -> tuple[Path, Path]:
    """Write ``name.json`` (the manifest, which names the weights file) and ``name.bin``."""
    manifest, weights = export_model(model, mean, std)
    manifest["weights"] = f"{name}.bin"
    folder.mkdir(parents=True, exist_ok=True)
    json_path, bin_path = folder / f"{name}.json", folder / f"{name}.bin"
    bin_path.write_bytes(weights)
    json_path.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return json_path, bin_path
