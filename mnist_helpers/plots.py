"""Figures of the series; each function returns its matplotlib ``Figure``."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.figure import Figure

from .data import BLOG_MEAN, BLOG_STD


def to_pixels(images: torch.Tensor, mean: float = BLOG_MEAN, std: float = BLOG_STD) -> np.ndarray:
    """Undo ``Normalize``: N×1×28×28 (or N×28×28) tensors back to N×28×28 pixels in [0, 1]."""
    pixels = images.detach().cpu().float().reshape(-1, 28, 28) * std + mean
    return pixels.clamp(0, 1).numpy()


def _grid(n: int, cols: int) -> tuple[Figure, np.ndarray]:
    rows = -(-n // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(1.3 * cols, 1.5 * rows), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    return fig, axes


def show_samples(
    images: torch.Tensor,
    labels: Sequence[int] | torch.Tensor,
    n: int = 32,
    cols: int = 8,
    mean: float = BLOG_MEAN,
    std: float = BLOG_STD,
) -> Figure:
    """A grid of the first ``n`` digits with their labels as titles."""
    n = min(n, len(images))
    fig, axes = _grid(n, cols)
    pixels = to_pixels(images[:n], mean, std)
    for ax, image, label in zip(axes.flat, pixels, labels[:n], strict=False):
        ax.imshow(image, cmap="gray")
        ax.set_title(str(int(label)), fontsize=10)
    fig.tight_layout()
    return fig


def plot_losses(
    steps: Sequence[int],
    losses: Sequence[float],
    batches_per_epoch: int | None = None,
    title: str = "training loss",
) -> Figure:
    """The logged training loss over batches, with epoch boundaries if given."""
    fig, ax = plt.subplots(figsize=(7, 3.5))
    ax.plot(steps, losses, marker=".")
    if batches_per_epoch:
        for boundary in range(batches_per_epoch, max(steps) + 1, batches_per_epoch):
            ax.axvline(boundary, color="gray", linestyle=":", linewidth=1)
    ax.set_xlabel("batch")
    ax.set_ylabel("loss")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def plot_confusion(confusion: torch.Tensor, title: str = "confusion matrix") -> Figure:
    """The 10×10 confusion matrix with counts; rows are true digits, columns predictions."""
    counts = confusion.cpu().numpy()
    fig, ax = plt.subplots(figsize=(6, 5.2))
    # log scale so the few mistakes stay visible next to the large diagonal
    im = ax.imshow(np.log1p(counts), cmap="Blues")
    for (row, col), value in np.ndenumerate(counts):
        color = "white" if row == col else "black"
        ax.text(col, row, str(value), ha="center", va="center", fontsize=7, color=color)
    ax.set_xticks(range(counts.shape[1]))
    ax.set_yticks(range(counts.shape[0]))
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title(title)
    fig.colorbar(im, ax=ax, label="log(1 + count)")
    fig.tight_layout()
    return fig


def plot_mistakes(
    images: torch.Tensor,
    labels: torch.Tensor,
    predictions: torch.Tensor,
    confidences: torch.Tensor,
    n: int = 24,
    cols: int = 8,
    mean: float = BLOG_MEAN,
    std: float = BLOG_STD,
) -> Figure:
    """The ``n`` most confident mistakes: title ``true→predicted (confidence)``."""
    wrong = torch.nonzero(predictions != labels).flatten()
    wrong = wrong[confidences[wrong].argsort(descending=True)][:n]
    fig, axes = _grid(max(len(wrong), 1), cols)
    pixels = to_pixels(images[wrong], mean, std) if len(wrong) else []
    for ax, index, image in zip(axes.flat, wrong.tolist(), pixels, strict=False):
        ax.imshow(image, cmap="gray")
        ax.set_title(
            f"{int(labels[index])}→{int(predictions[index])} ({float(confidences[index]):.0%})",
            fontsize=8,
            color="crimson",
        )
    fig.tight_layout()
    return fig


def plot_probabilities(probabilities: Sequence[float] | torch.Tensor, title: str = "") -> Figure:
    """A bar chart of the ten class probabilities of one prediction."""
    probs = torch.as_tensor(probabilities).float().cpu().numpy()
    fig, ax = plt.subplots(figsize=(5, 2.8))
    bars = ax.bar(range(len(probs)), probs, color="lightsteelblue")
    bars[int(probs.argmax())].set_color("steelblue")
    ax.set_xticks(range(len(probs)))
    ax.set_ylim(0, 1)
    ax.set_xlabel("digit")
    ax.set_ylabel("probability")
    ax.set_title(title)
    fig.tight_layout()
    return fig
