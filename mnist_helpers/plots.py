"""Every figure of the series; each function returns its matplotlib ``Figure``
(``scatter_2d`` draws on a given ``Axes``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .data import BLOG_MEAN, BLOG_STD

if TYPE_CHECKING:
    from .experiments import ExperimentResult, LossCurves


def to_pixels(images: torch.Tensor, mean: float = BLOG_MEAN, std: float = BLOG_STD) -> np.ndarray:
    """Undo ``Normalize``: N×1×28×28 (or N×28×28) tensors back to N×28×28 pixels in [0, 1]."""
    pixels = images.detach().cpu().float().reshape(-1, 28, 28) * std + mean
    return pixels.clamp(0, 1).numpy()


def _grid(
    n: int, cols: int, size: tuple[float, float] = (1.3, 1.5), pad: float = 0.0
) -> tuple[Figure, np.ndarray]:
    """A figure of ``n`` empty image cells, ``cols`` to a row, each ``size`` inches;
    ``pad`` inches more height for a title."""
    rows = -(-n // cols)
    figsize = (size[0] * cols, size[1] * rows + pad)
    fig, axes = plt.subplots(rows, cols, figsize=figsize, squeeze=False)
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
    title: str = "eğitim kaybı / training loss",
) -> Figure:
    """The logged training loss over batches, with epoch boundaries if given."""
    fig, ax = plt.subplots(figsize=(7, 3.5))
    ax.plot(steps, losses, marker=".")
    if batches_per_epoch:
        for boundary in range(batches_per_epoch, max(steps) + 1, batches_per_epoch):
            ax.axvline(boundary, color="gray", linestyle=":", linewidth=1)
    ax.set_xlabel("batch")
    ax.set_ylabel("kayıp / loss")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def plot_confusion(
    confusion: torch.Tensor, title: str = "karışıklık matrisi / confusion matrix"
) -> Figure:
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
    ax.set_xlabel("tahmin / predicted")
    ax.set_ylabel("gerçek / true")
    ax.set_title(title)
    fig.colorbar(im, ax=ax, label="log(1 + sayı / count)")
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
    ax.set_xlabel("rakam / digit")
    ax.set_ylabel("olasılık / probability")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_weight_grid(
    weights: torch.Tensor,
    n: int = 32,
    cols: int = 8,
    title: str = "",
    marked: torch.Tensor | None = None,
    names: Sequence[int] | None = None,
) -> Figure:
    """The first ``n`` rows of a first-layer weight matrix (``[units, 784]``) as 28×28 images.

    Red is a positive weight (that pixel being bright pushes the unit up), blue a
    negative one; each image has its own symmetric colour scale. ``marked`` is an
    optional boolean mask over all units (e.g. :func:`dead_units`): marked units get a
    red title with ``"dead"``. ``names`` are the titles (default: row numbers).
    """
    images = weights.detach().cpu().float()[:n].reshape(-1, 28, 28)
    names = list(range(len(images))) if names is None else [int(i) for i in names]
    fig, axes = _grid(len(images), cols, size=(1.2, 1.2), pad=0.4)
    for i, (ax, image) in enumerate(zip(axes.flat, images, strict=False)):
        limit = float(image.abs().max()) or 1.0
        ax.imshow(image.numpy(), cmap="bwr", vmin=-limit, vmax=limit)
        if marked is not None and bool(marked[i]):
            ax.set_title(f"{names[i]} ölü / dead", fontsize=7, color="crimson")
        else:
            ax.set_title(str(names[i]), fontsize=7)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_activation_histograms(
    panels: Mapping[str, torch.Tensor], bins: int = 60, log: bool = True
) -> Figure:
    """One histogram per panel of all activation values in it (e.g. ``"fc1, untrained"``).
    A log count axis keeps the large spike at zero and the long tail both visible."""
    fig, axes = plt.subplots(1, len(panels), figsize=(3.4 * len(panels), 3), squeeze=False)
    for ax, (title, values) in zip(axes.flat, panels.items(), strict=False):
        flat = values.detach().float().flatten().numpy()
        zero = float(np.mean(flat <= 0))
        ax.hist(flat, bins=bins, color="steelblue", log=log)
        ax.set_title(f"{title}\n{zero:.0%} sıfır / zeros", fontsize=9)
        ax.set_xlabel("aktivasyon / activation")
    axes.flat[0].set_ylabel("sayı / count")
    fig.tight_layout()
    return fig


def scatter_2d(
    ax: Axes, points: torch.Tensor, labels: torch.Tensor, title: str = "", size: float = 4
) -> None:
    """Draw ``[N, 2]`` points on ``ax`` coloured by digit label, with a legend of digits."""
    points, labels = points.detach().cpu().numpy(), labels.detach().cpu().numpy()
    cmap = plt.get_cmap("tab10")
    for digit in range(10):
        mask = labels == digit
        ax.scatter(*points[mask].T, s=size, color=cmap(digit), label=str(digit), alpha=0.7)
    ax.set_title(title)
    ax.set_xlabel("PC 1")
    ax.set_ylabel("PC 2")
    ax.legend(markerscale=3, fontsize=7, ncol=2, loc="best", frameon=False)


def plot_curves(results: Sequence[ExperimentResult], title: str = "") -> Figure:
    """Three panels over images seen: training loss, validation loss, validation accuracy."""
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.6))
    for r in results:
        (line,) = axes[0].plot(r.images_seen, r.train_losses, label=r.name, linewidth=1.2)
        axes[1].plot(r.eval_images, r.val_loss, marker=".", color=line.get_color())
        axes[2].plot(
            r.eval_images, [100 * a for a in r.val_accuracy], marker=".", color=line.get_color()
        )
    axes[0].set_ylabel("eğitim kaybı / training loss")
    axes[0].set_yscale("log")
    axes[1].set_ylabel("doğrulama kaybı / validation loss")
    axes[1].set_yscale("log")
    axes[2].set_ylabel("doğrulama doğruluğu / validation accuracy (%)")
    axes[2].set_ylim(top=100)
    for ax in axes:
        ax.set_xlabel("görülen eğitim görüntüsü / training images seen")
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_loss_gap(curves: Sequence[LossCurves], title: str = "") -> Figure:
    """One panel per run: training and validation loss after each epoch on the same axes,
    the gap between them shaded, and early stopping's epoch (lowest validation loss) marked."""
    fig, axes = plt.subplots(1, len(curves), figsize=(4.6 * len(curves), 3.6), squeeze=False)
    top = max(max(c.val_loss + c.train_loss) for c in curves) * 1.05
    for ax, c in zip(axes[0], curves, strict=True):
        epochs = range(1, len(c.val_loss) + 1)
        ax.plot(epochs, c.train_loss, marker=".", label="eğitim / training")
        ax.plot(epochs, c.val_loss, marker=".", label="doğrulama / validation")
        ax.fill_between(epochs, c.train_loss, c.val_loss, color="gray", alpha=0.15)
        ax.axvline(
            c.best_epoch, color="gray", linestyle=":", label="erken durdurma / early stopping"
        )
        ax.set_title(c.name)
        ax.set_xlabel("epoch")
        ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
        ax.set_ylim(0, top)
        ax.grid(alpha=0.3)
    axes[0][0].set_ylabel("kayıp / loss")
    axes[0][0].legend(fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    return fig
