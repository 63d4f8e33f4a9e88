"""Small, seeded, time-bounded hyperparameter experiments on a validation split.

Introduced in notebook 08 (experiments). A run is described by a
:class:`~mnist_helpers.recipes.TrainConfig` (optimizer, learning rate, momentum,
batch size, normalisation, seed) and trained on pre-loaded tensors with a
:class:`~mnist_helpers.data.TensorLoader`; the test set is never touched here.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import matplotlib.pyplot as plt
import torch
import torch.nn as nn
from matplotlib.figure import Figure

from .data import TensorLoader
from .device import pick_device
from .models import build_model
from .recipes import TrainConfig, make_optimizer
from .repro import seed_everything
from .training import evaluate


def split_indices(n: int, val_size: int = 5000, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """A seeded random split of ``range(n)`` into (training indices, validation indices).

    The same ``n``, ``val_size`` and ``seed`` always give the same split, on every machine.
    Introduced in notebook 08.
    """
    if not 0 < val_size < n:
        raise ValueError(f"val_size must be between 1 and {n - 1}, got {val_size}")
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed))
    return order[val_size:].sort().values, order[:val_size].sort().values


def train_val_split(
    images: torch.Tensor, labels: torch.Tensor, val_size: int = 5000, seed: int = 0
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Hold out ``val_size`` random examples of a training set for validation.

    Returns ``(train_images, train_labels, val_images, val_labels)``; see
    :func:`split_indices`. Introduced in notebook 08.
    """
    if len(images) != len(labels):
        raise ValueError(f"{len(images)} images but {len(labels)} labels")
    train_index, val_index = split_indices(len(images), val_size, seed)
    return images[train_index], labels[train_index], images[val_index], labels[val_index]


@dataclass
class ExperimentResult:
    """What :func:`run_experiment` recorded for one configuration. Introduced in notebook 08."""

    name: str
    config: TrainConfig
    images_seen: list[int] = field(default_factory=list)  #: x-axis of ``train_losses``
    train_losses: list[float] = field(default_factory=list)  #: mean loss of each logged window
    eval_images: list[int] = field(default_factory=list)  #: x-axis of the validation curves
    val_accuracy: list[float] = field(default_factory=list)  #: 0..1 at each validation point
    val_loss: list[float] = field(default_factory=list)  #: mean cross-entropy per image
    epoch_val_accuracy: list[float] = field(default_factory=list)  #: at the end of each epoch
    seconds: float = 0.0  #: training time, validation excluded
    model: nn.Module | None = None  #: the trained model (for the final test)

    @property
    def final_accuracy(self) -> float:
        """Validation accuracy after the last epoch (0..1)."""
        return self.epoch_val_accuracy[-1]

    @property
    def final_loss(self) -> float:
        return self.val_loss[-1]

    @property
    def finished(self) -> bool:
        """Every epoch ran and every recorded loss is a finite number."""
        values = torch.tensor(self.train_losses + self.val_loss)
        return len(self.epoch_val_accuracy) == self.config.epochs and bool(
            torch.isfinite(values).all()
        )


def describe(config: TrainConfig) -> str:
    """A short one-line description of the settings that experiments vary."""
    optimizer = config.optimizer
    if config.optimizer == "sgd" and config.momentum:
        optimizer += f"+m{config.momentum:g}"
    return (
        f"{optimizer} lr={config.lr:g} batch={config.batch_size} "
        f"norm=({config.mean:g}, {config.std:g})"
    )


def run_experiment(
    name: str,
    config: TrainConfig,
    train_images: torch.Tensor,
    train_labels: torch.Tensor,
    val_images: torch.Tensor,
    val_labels: torch.Tensor,
    evals_per_epoch: int = 4,
    log_points_per_epoch: int = 20,
    keep_model: bool = True,
) -> ExperimentResult:
    """Train a fresh model as ``config`` says and measure it on the validation split.

    ``train_images``/``val_images`` hold raw pixels in [0, 1]; the run normalises them
    with ``config.mean``/``config.std``. The seed makes the starting weights and the
    shuffling the same for every run with the same batch size. The loop is the blog's
    (zero_grad, forward, loss, backward, step); it prints nothing. The training loss is
    logged ``log_points_per_epoch`` times and the validation set evaluated
    ``evals_per_epoch`` times per epoch, so runs with different batch sizes are compared
    by images seen, not by steps. Introduced in notebook 08.
    """
    device = pick_device(config.device)
    generator = seed_everything(config.seed, config.threads)
    model = build_model(config.model, **config.model_kwargs).to(device)
    optimizer = make_optimizer(config, model)
    criterion = nn.CrossEntropyLoss(label_smoothing=config.label_smoothing)
    train_x = ((train_images - config.mean) / config.std).to(device)
    val_x = ((val_images - config.mean) / config.std).to(device)
    train_loader = TensorLoader(
        train_x, train_labels.to(device), config.batch_size, shuffle=True, generator=generator
    )
    val_loader = TensorLoader(val_x, val_labels.to(device), batch_size=1000)
    batches = len(train_loader)
    log_at = {round(batches * k / log_points_per_epoch) for k in range(1, log_points_per_epoch + 1)}
    eval_at = {round(batches * k / evals_per_epoch) for k in range(1, evals_per_epoch + 1)}

    result = ExperimentResult(name, config)
    seen, window_loss, window_batches = 0, 0.0, 0
    for _epoch in range(config.epochs):
        start = time.perf_counter()
        model.train()
        for i, (inputs, labels) in enumerate(train_loader, 1):
            optimizer.zero_grad()
            loss = criterion(model(inputs), labels)
            loss.backward()
            optimizer.step()
            seen += len(labels)
            window_loss += loss.item()
            window_batches += 1
            if i in log_at:
                result.images_seen.append(seen)
                result.train_losses.append(window_loss / window_batches)
                window_loss, window_batches = 0.0, 0
            if i in eval_at:
                result.seconds += time.perf_counter() - start
                measured = evaluate(model, val_loader, device)
                result.eval_images.append(seen)
                result.val_accuracy.append(measured.accuracy)
                result.val_loss.append(measured.loss)
                model.train()
                start = time.perf_counter()
        result.seconds += time.perf_counter() - start
        result.epoch_val_accuracy.append(result.val_accuracy[-1])
    if keep_model:
        result.model = model
    return result


def best_result(results: Sequence[ExperimentResult]) -> ExperimentResult:
    """The run with the highest final validation accuracy (ties: the lower validation loss).
    Introduced in notebook 08."""
    return max(results, key=lambda r: (r.final_accuracy, -r.final_loss))


def results_table(results: Sequence[ExperimentResult]) -> str:
    """A Markdown table: name, settings, validation accuracy per epoch, loss, seconds.
    Introduced in notebook 08."""
    epochs = max(len(r.epoch_val_accuracy) for r in results)
    head = ["run", "settings"] + [f"val acc e{e}" for e in range(1, epochs + 1)]
    head += ["val loss", "seconds"]
    lines = [
        "| " + " | ".join(head) + " |",
        "|" + "|".join(["---"] * 2 + ["---:"] * (epochs + 2)) + "|",
    ]
    for r in results:
        accs = [f"{100 * a:.2f}%" for a in r.epoch_val_accuracy]
        accs += [""] * (epochs - len(accs))
        cells = [r.name, describe(r.config), *accs, f"{r.final_loss:.4f}", f"{r.seconds:.1f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def plot_curves(results: Sequence[ExperimentResult], title: str = "") -> Figure:
    """Three panels over images seen: training loss, validation loss, validation accuracy.
    Introduced in notebook 08."""
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.6))
    for r in results:
        (line,) = axes[0].plot(r.images_seen, r.train_losses, label=r.name, linewidth=1.2)
        axes[1].plot(r.eval_images, r.val_loss, marker=".", color=line.get_color())
        axes[2].plot(
            r.eval_images, [100 * a for a in r.val_accuracy], marker=".", color=line.get_color()
        )
    axes[0].set_ylabel("training loss")
    axes[0].set_yscale("log")
    axes[1].set_ylabel("validation loss")
    axes[1].set_yscale("log")
    axes[2].set_ylabel("validation accuracy (%)")
    axes[2].set_ylim(top=100)
    for ax in axes:
        ax.set_xlabel("training images seen")
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    return fig
