"""Small, seeded, time-bounded hyperparameter experiments on a validation split (notebook 08).

A run is described by a :class:`~mnist_helpers.recipes.TrainConfig` and trained by the
same :func:`~mnist_helpers.recipes.prepare` and :func:`~mnist_helpers.training.fit` as
every other run, on tensors held in memory; the test set is never touched here.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import torch
import torch.nn as nn

from .data import TensorLoader
from .recipes import Prepared, TrainConfig, prepare
from .training import evaluate, train_one_epoch


def split_indices(n: int, val_size: int = 5000, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """A seeded random split of ``range(n)`` into (training indices, validation indices).

    The same ``n``, ``val_size`` and ``seed`` always give the same split, on every machine.
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
    :func:`split_indices`.
    """
    if len(images) != len(labels):
        raise ValueError(f"{len(images)} images but {len(labels)} labels")
    train_index, val_index = split_indices(len(images), val_size, seed)
    return images[train_index], labels[train_index], images[val_index], labels[val_index]


@dataclass
class ExperimentResult:
    """What :func:`run_experiment` recorded for one configuration."""

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


class _Recorder:
    """The ``on_batch`` callback of :func:`run_experiment`: logs the training loss
    ``log_points`` times and validates ``evals`` times per epoch."""

    def __init__(self, result: ExperimentResult, run: Prepared, evals: int, log_points: int):
        self.result, self.run = result, run
        self.batches = len(run.train_loader)
        self.log_at = {round(self.batches * k / log_points) for k in range(1, log_points + 1)}
        self.eval_at = {round(self.batches * k / evals) for k in range(1, evals + 1)}
        self.window_loss, self.window_batches = 0.0, 0
        self.eval_seconds = 0.0  #: time spent validating, to subtract from the training time

    def __call__(self, step: int, seen: int, loss: float) -> None:
        i = (step - 1) % self.batches + 1  # batch number within its epoch
        self.window_loss += loss
        self.window_batches += 1
        if i in self.log_at:
            self.result.images_seen.append(seen)
            self.result.train_losses.append(self.window_loss / self.window_batches)
            self.window_loss, self.window_batches = 0.0, 0
        if i in self.eval_at:
            start = time.perf_counter()
            measured = evaluate(self.run.model, self.run.test_loader, self.run.device)
            self.result.eval_images.append(seen)
            self.result.val_accuracy.append(measured.accuracy)
            self.result.val_loss.append(measured.loss)
            if i == self.batches:
                self.result.epoch_val_accuracy.append(measured.accuracy)
            self.eval_seconds += time.perf_counter() - start


def run_experiment(
    name: str,
    config: TrainConfig,
    train_images: torch.Tensor,
    train_labels: torch.Tensor,
    val_images: torch.Tensor,
    val_labels: torch.Tensor,
    *,
    evals_per_epoch: int = 4,
    log_points_per_epoch: int = 20,
    keep_model: bool = True,
) -> ExperimentResult:
    """Train a fresh model as ``config`` says and measure it on the validation split.

    ``train_images``/``val_images`` hold raw pixels in [0, 1]; the run normalises them
    with ``config.mean``/``config.std``, and every other field of ``config`` (schedule,
    augmentation, ``fast``, ...) works as in :func:`~mnist_helpers.recipes.run`. It prints
    nothing. The training loss is logged ``log_points_per_epoch`` times and the validation
    set evaluated ``evals_per_epoch`` times per epoch, so runs with different batch sizes
    are compared by images seen, not by steps.
    """
    run = prepare(config, data=(train_images, train_labels, val_images, val_labels))
    result = ExperimentResult(name, config)
    recorder = _Recorder(result, run, evals_per_epoch, log_points_per_epoch)
    history = run.train(evaluate=False, log_every=0, on_batch=recorder)
    result.seconds = history.train_seconds - recorder.eval_seconds
    if keep_model:
        result.model = run.model
    return result


def best_result(results: Sequence[ExperimentResult]) -> ExperimentResult:
    """The run with the highest final validation accuracy (ties: the lower validation loss)."""
    return max(results, key=lambda r: (r.final_accuracy, -r.final_loss))


def results_table(results: Sequence[ExperimentResult]) -> str:
    """A Markdown table: name, settings, validation accuracy per epoch, loss, seconds."""
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


@dataclass
class LossCurves:
    """Training and validation loss after every epoch of :func:`loss_curves` (notebook 08)."""

    name: str
    train_loss: list[float] = field(default_factory=list)  #: eval mode, on training images
    val_loss: list[float] = field(default_factory=list)  #: eval mode, on the validation split
    seconds: float = 0.0  #: training time, measurements excluded

    @property
    def gaps(self) -> list[float]:
        """Validation loss minus training loss, per epoch."""
        return [v - t for t, v in zip(self.train_loss, self.val_loss, strict=True)]

    @property
    def best_epoch(self) -> int:
        """The epoch (counted from 1) with the lowest validation loss: early stopping's pick."""
        return min(range(len(self.val_loss)), key=self.val_loss.__getitem__) + 1


def small_mlp(hidden: int = 128, dropout: float = 0.0) -> nn.Sequential:
    """A one-hidden-layer MLP, 784-``hidden``-10 (101,770 parameters for 128), with optional
    dropout after the hidden layer."""
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(28 * 28, hidden),
        nn.ReLU(),
        nn.Dropout(dropout),
        nn.Linear(hidden, 10),
    )


@torch.no_grad()
def _mean_loss(model: nn.Module, images: torch.Tensor, labels: torch.Tensor) -> float:
    model.eval()
    loss = nn.functional.cross_entropy(model(images), labels).item()
    model.train()
    return loss


def loss_curves(
    name: str,
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    train_images: torch.Tensor,
    train_labels: torch.Tensor,
    val_images: torch.Tensor,
    val_labels: torch.Tensor,
    *,
    epochs: int,
    batch_size: int = 64,
    generator: torch.Generator | None = None,
    measure_size: int = 5000,
) -> LossCurves:
    """Train ``model`` for ``epochs`` epochs and measure, after each, the mean loss on (the
    first ``measure_size``) training images and on the validation images, both in eval mode
    (dropout off), so that the two numbers are comparable. Images come normalised."""
    loader = TensorLoader(train_images, train_labels, batch_size, shuffle=True, generator=generator)
    seen_x, seen_y = train_images[:measure_size], train_labels[:measure_size]
    curves = LossCurves(name)
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        train_one_epoch(model, loader, nn.CrossEntropyLoss(), optimizer, epoch=epoch, log_every=0)
        curves.seconds += time.perf_counter() - start
        curves.train_loss.append(_mean_loss(model, seen_x, seen_y))
        curves.val_loss.append(_mean_loss(model, val_images, val_labels))
    return curves
